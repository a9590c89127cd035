// A TF.js shape or dtype error in one sentence, in the spirit of TensorSensor's "Cause:" line: the
// operation, the user's line and its operands' dtypes and shapes, e.g. "matMul at train.js:12:17 got a
// float32 [32,784] and a float32 [10,128]: inner dimensions 784 and 10 differ". Read from the message
// TF.js threw and the tensors its functions held as it threw (the post-mortem's frames), never by
// running anything again. Each rule knows one message of TF.js's exactly, and needs the tensors it
// names on the stack: any other error, or one whose operands were not read, has no cause (null).
// Pure: no node: imports, so the webview and the CLI could call it as well as the runtime.
import type { ErrorCause, PostmortemFrame } from '../protocol/events';
import { failingCall } from './explain-frames';
import { LAYER_RULES } from './explain-layers';
import { OP_RULES } from './explain-ops';
import { siteText } from './explain-text';

const RULES = [...OP_RULES, ...LAYER_RULES];

/** The cause of a TF.js shape or dtype error, from the frames of its stack (innermost first); null for any other error. */
export function explainError(error: { name: string; message: string }, frames: PostmortemFrame[]): ErrorCause | null {
  if (typeof error.message !== 'string') return null;
  try {
    const call = failingCall(frames);
    for (const rule of RULES) {
      const found = rule(error.message, call);
      if (!found) continue;
      const at = call.site ? ` at ${siteText(call.site)}` : '';
      return { operation: found.operation, sentence: `${found.subject ?? found.operation}${at} ${found.says}`, operands: found.operands, site: call.site };
    }
  } catch {
    // It runs as the process dies, before the post-mortem is written: a cause is never worth losing that.
  }
  return null;
}
