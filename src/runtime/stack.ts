// The caller's stack of a recorded call, as frames with the user's own code flagged.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StackFrame } from '../protocol/events';

/** The folder of Trainspect's runtime files (dist/runtime when bundled, src/runtime from source). */
const OWN_DIR = __dirname;

const isOwnFile = (file: string): boolean => file.startsWith(OWN_DIR + path.sep) || file === OWN_DIR;

function toPath(location: string): string {
  if (location.startsWith('file://')) {
    try {
      return fileURLToPath(location);
    } catch {
      return location;
    }
  }
  return location;
}

const FRAME = /^\s*at (?:async )?(?:(.+?) \((.+)\)|(.+))$/;

/** One "    at fn (file:line:col)" line, or undefined when it is not a frame line. */
export function parseFrameLine(line: string): StackFrame | undefined {
  const m = FRAME.exec(line);
  if (!m) return undefined;
  const fn = m[1] ?? null;
  const where = m[2] ?? m[3];
  const pos = /^(.*):(\d+):(\d+)$/.exec(where);
  const file = pos ? toPath(pos[1]) : where === 'native' || where === '<anonymous>' ? null : toPath(where);
  const user = file !== null && path.isAbsolute(file) && !file.includes(`${path.sep}node_modules${path.sep}`) && !isOwnFile(file);
  return { function: fn, file, line: pos ? Number(pos[2]) : null, column: pos ? Number(pos[3]) : null, user };
}

const holder: { stack?: string } = {};

/** The stack of whoever called `below` (its own frame and those above it left out), innermost first. */
export function callerStack(below: Function, limit = 30): StackFrame[] {
  const previous = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = limit;
    Error.captureStackTrace(holder, below);
    const text = holder.stack ?? '';
    holder.stack = undefined;
    const frames: StackFrame[] = [];
    for (const line of text.split('\n').slice(1)) {
      const frame = parseFrameLine(line);
      if (frame && !(frame.file && isOwnFile(frame.file))) frames.push(frame);
    }
    return frames;
  } catch {
    return [];
  } finally {
    Error.stackTraceLimit = previous;
  }
}
