// Reading a post-mortem's frames for explainError (explain-error.ts): which TF.js functions were on the
// stack between the user's line and the throw, and the tensors their locals held. Pure: the frames are
// data the post-mortem recorder already read, so nothing here runs any code of the program's.
import type { PostmortemFrame, SourceSite, TensorOperand } from '../protocol/events';
import type { Preview, TensorPreview } from '../protocol/preview';

/** The frames inner of the user's line (innermost first), and that line. */
export interface FailingCall {
  library: PostmortemFrame[];
  site: SourceSite | null;
}

export function failingCall(frames: readonly PostmortemFrame[]): FailingCall {
  const onStack = frames.filter((f) => !f.async);
  const at = onStack.findIndex((f) => f.user && f.file !== null && f.line !== null && f.column !== null);
  if (at < 0) return { library: onStack, site: null };
  const user = onStack[at];
  return { library: onStack.slice(0, at), site: { file: user.file!, line: user.line!, column: user.column! } };
}

/**
 * A frame's function as written in its source: "Object.batchMatMul [as kernelFunc]" (a stack line) and
 * "batchMatMul" (the inspector) are both "batchMatMul"; "Engine.runKernel" is "runKernel".
 */
export function functionName(frame: PostmortemFrame): string {
  const name = (frame.function ?? '').replace(/ \[as [^\]]*\]$/, '');
  return name.slice(name.lastIndexOf('.') + 1);
}

/** TF.js's ops are functions named `<op>_` (matMul_, add_, meanSquaredError_), wrapped by `<op>__op`. */
const OP_FRAME = /^([A-Za-z][A-Za-z0-9]*)_$/;

export const opOf = (frame: PostmortemFrame): string | null => OP_FRAME.exec(functionName(frame))?.[1] ?? null;

/** The TF.js ops on the failing call's stack, innermost first. */
export function opFrames(call: FailingCall): { op: string; frame: PostmortemFrame }[] {
  return call.library.flatMap((frame) => {
    const op = opOf(frame);
    return op ? [{ op, frame }] : [];
  });
}

/** The variables of a frame's own scopes (its function's locals and blocks), in order. */
export function locals(frame: PostmortemFrame): { name: string; value: Preview }[] {
  return (frame.scopes ?? []).filter((s) => s.kind === 'local' || s.kind === 'block').flatMap((s) => s.variables);
}

export function local(frame: PostmortemFrame, name: string): Preview | undefined {
  return locals(frame).find((v) => v.name === name)?.value;
}

export const isTensor = (p: Preview | undefined): p is TensorPreview => p?.kind === 'tensor';

export const operand = (name: string, t: TensorPreview): TensorOperand => ({ name, shape: t.shape, dtype: t.dtype });

/** A local that is a tensor, as an operand named after it. */
export function tensorLocal(frame: PostmortemFrame, name: string): TensorOperand | null {
  const value = local(frame, name);
  return isTensor(value) ? operand(name, value) : null;
}

/** The innermost frame whose locals hold every one of `names` as a tensor (a kernel's `a` and `b`). */
export function tensorsIn(frames: readonly PostmortemFrame[], names: readonly string[]): TensorOperand[] | null {
  for (const frame of frames) {
    const found = names.map((name) => tensorLocal(frame, name));
    if (found.every((t) => t !== null)) return found as TensorOperand[];
  }
  return null;
}

/** The tensors of an array local (concat's `tensors`), named `tensors[i]`; null unless every item shown is one and none is left out. */
export function tensorList(frame: PostmortemFrame, name: string): TensorOperand[] | null {
  const value = local(frame, name);
  if (value?.kind !== 'array' || value.truncated || value.items.length !== value.length) return null;
  const tensors = value.items.map((item, i) => (isTensor(item) ? operand(`${name}[${i}]`, item) : null));
  return tensors.every((t) => t !== null) ? (tensors as TensorOperand[]) : null;
}

/**
 * A local that is a tfjs-layers SymbolicTensor (a model being built: no data yet, a null batch size),
 * by its own `dtype` and `shape`.
 */
export function symbolicLocal(frame: PostmortemFrame, name: string): { dtype: string; shape: (number | null)[] } | null {
  const value = local(frame, name);
  if (value?.kind !== 'object' || value.className !== 'SymbolicTensor') return null;
  const entry = (key: string): Preview | undefined => value.entries.find((e) => e.key === key)?.value;
  const dtype = entry('dtype');
  const shape = entry('shape');
  if (dtype?.kind !== 'string' || shape?.kind !== 'array' || shape.truncated || shape.items.length !== shape.length) return null;
  const dims = shape.items.map((d) => (d.kind === 'number' && typeof d.value === 'number' ? d.value : d.kind === 'null' ? null : undefined));
  return dims.every((d) => d !== undefined) ? { dtype: dtype.value, shape: dims as (number | null)[] } : null;
}

/** A local's text, when it is a string. */
export function stringLocal(frame: PostmortemFrame, name: string): string | null {
  const value = local(frame, name);
  return value?.kind === 'string' && !value.truncated ? value.value : null;
}

/** A local's number, when it is a finite number. */
export function numberLocal(frame: PostmortemFrame, name: string): number | null {
  const value = local(frame, name);
  return value?.kind === 'number' && typeof value.value === 'number' ? value.value : null;
}

/** The first frame, innermost first, whose function is `name`. */
export const frameNamed = (frames: readonly PostmortemFrame[], name: string): PostmortemFrame | undefined =>
  frames.find((f) => functionName(f) === name);
