// The post-mortem's frames in the user's terms: the inspector's positions mapped through the files'
// source maps (TypeScript, instrumented files) the way error.stack is, Trainspect's own frames and
// compiled code no source covers (tsx's wrapper) left out.
import type { PostmortemFrame } from '../../protocol/events';
import { isOwnFrameFile, isUserFrameFile, locationPath, parseFrameLine, sourcePosition } from '../stack';
import type { RawFrame } from './postmortem-link';

export function accountFrames(raw: readonly RawFrame[]): PostmortemFrame[] {
  const frames: PostmortemFrame[] = [];
  for (const r of raw) {
    const location = r.url ? locationPath(r.url) : null;
    if (location !== null && isOwnFrameFile(location)) continue;
    const mapped = location === null ? undefined : sourcePosition(location, r.line, r.column);
    if (mapped === null) continue;
    const file = mapped?.file ?? location;
    frames.push({
      function: r.function, file, line: location === null ? null : mapped?.line ?? r.line, column: location === null ? null : mapped?.column ?? r.column,
      // A library's own source map (TF.js's) names sources outside node_modules: its frames stay the library's.
      user: location !== null && isUserFrameFile(location) && isUserFrameFile(file), async: r.async, scopes: r.scopes,
    });
  }
  return frames;
}

/** The frames of a thrown error's stack (Node formats it to print it next anyway), with no scopes: for an error without a snapshot. */
export function framesOfStack(error: unknown): PostmortemFrame[] {
  let stack: unknown;
  try {
    stack = error instanceof Error ? error.stack : undefined;
  } catch {
    return [];
  }
  if (typeof stack !== 'string') return [];
  const frames: PostmortemFrame[] = [];
  for (const line of stack.split('\n')) {
    const frame = parseFrameLine(line);
    if (frame && !(frame.file && isOwnFrameFile(frame.file))) frames.push({ ...frame, async: /^\s*at async /.test(line), scopes: null });
  }
  return frames;
}
