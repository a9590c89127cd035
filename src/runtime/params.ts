// The parameters of a function called through the wrapper, read from its own source once per
// function (param-nodes.ts parses it; the functions the transform probes get theirs from the file's
// parse instead). The source comes from the intrinsic Function.prototype.toString saved at load (a
// script that replaces it does not change what is read, and it is never called).
import type { ParamInfo } from '../protocol/events';
import { instrumenter } from './load-instrumenter';

const functionToString = Function.prototype.toString;

const known = new WeakMap<Function, ParamInfo[] | null>();

/** The declared parameters of `fn`; undefined when its source cannot be read (native, bound, a class without source). */
export function paramsOf(fn: Function): ParamInfo[] | undefined {
  let params = known.get(fn);
  if (params === undefined) {
    params = read(fn);
    known.set(fn, params);
  }
  return params ?? undefined;
}

function read(fn: Function): ParamInfo[] | null {
  let source: string;
  try {
    source = Reflect.apply(functionToString, fn, []) as string;
  } catch {
    return null;
  }
  if (/\{\s*\[native code\]\s*\}$/.test(source)) return null;
  return instrumenter().functionParams(source);
}
