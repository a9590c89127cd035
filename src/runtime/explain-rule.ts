// What one of explainError's rules gives back (explain-ops.ts, explain-layers.ts): each knows one of
// TF.js's messages exactly, and finds the tensors it speaks of on the failing call's stack.
import type { TensorOperand } from '../protocol/events';
import type { FailingCall } from './explain-frames';
import { listText, tensorText } from './explain-text';

/** What a rule found: the operation, what the sentence calls it, its operands, and the rest of the sentence. */
export interface Explained {
  operation: string;
  subject?: string; // the sentence's first words, when not the operation's name ("layer dense_Dense1")
  operands: TensorOperand[];
  says: string; // after the site: "got a float32 [2,3] and …: …"
}

/** Null unless the message is the rule's and the tensors it names were read. */
export type Rule = (message: string, call: FailingCall) => Explained | null;

/** "got a float32 [2,3] and a float32 [2,4]". */
export const got = (operands: readonly TensorOperand[]): string => `got ${listText(operands.map(tensorText))}`;
