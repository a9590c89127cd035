// explainError's rules for TF.js's ops (tfjs-core and its kernels): matMul, dot, broadcasting, concat,
// stack, reshape, ranks, convolution channels, argument dtypes, Variable.assign, assertShapesMatch.
import type { PostmortemFrame, TensorOperand } from '../protocol/events';
import {
  type FailingCall, frameNamed, functionName, local, locals, numberLocal, opFrames, stringLocal, tensorList, tensorLocal, tensorsIn,
} from './explain-frames';
import { got, type Rule } from './explain-rule';
import { broadcastClash, parseShape, sameShape, shapeText, tensorText } from './explain-text';

const transposed = (t: TensorOperand, yes: boolean): string => tensorText(t) + (yes ? ' (transposed)' : '');

/** The op the failing kernel belongs to, "mul in meanSquaredError" when the user called another op that called it. */
function opName(call: FailingCall): { op: string; subject: string } | null {
  const ops = opFrames(call);
  if (ops.length === 0) return null;
  const inner = ops[0].op;
  const outer = ops[ops.length - 1].op;
  return { op: inner, subject: inner === outer ? inner : `${inner} in ${outer}` };
}

const matMulInner: Rule = (message, call) => {
  const m = /^Error in matMul: inner shapes \((\d+)\) and \((\d+)\) of Tensors with shapes [\d,]* and [\d,]* and transposeA=(true|false) and transposeB=(true|false) must match\.?$/.exec(message);
  const ab = m && tensorsIn(call.library, ['a', 'b']);
  if (!m || !ab) return null;
  return {
    operation: 'matMul', operands: ab,
    says: `got ${transposed(ab[0], m[3] === 'true')} and ${transposed(ab[1], m[4] === 'true')}: inner dimensions ${m[1]} and ${m[2]} differ`,
  };
};

/** The reshape kernel's size check, as the cpu backend words it, and the wasm backend. */
const RESHAPE_SIZE = [/^The new shape \(.*\) has \w+ elements and the old shape \(.*\) has \d+ elements\./, /^new shape: .*, old shape: .*\. New shape and old shape must have the same number of elements\.$/];

/** tf.dot: "Error in dot: inner dimensions of inputs must match, but got 3 and 4." */
const dotInner: Rule = (message, call) => {
  const m = /^Error in dot: inner dimensions of inputs must match, but got (\d+) and (\d+)\.$/.exec(message);
  const op = m && opFrames(call).find((o) => o.op === 'dot');
  const ts = op && tensorsIn([op.frame], ['t1', 't2']);
  if (!m || !ts) return null;
  return { operation: 'dot', operands: ts, says: `${got(ts)}: inner dimensions ${m[1]} and ${m[2]} differ` };
};

/** A convolution's channels: "Error in conv2d: depth of input (3) must match input depth for filter 1." */
const convDepth: Rule = (message, call) => {
  const m = /^Error in (\w+): depth of input \((\d+)\) must match input depth for filter (\d+)\.$/.exec(message);
  const op = m && opFrames(call).find((o) => o.op === m[1]);
  const x = op && tensorLocal(op.frame, 'x');
  const filter = op && tensorLocal(op.frame, 'filter');
  if (!m || !x || !filter) return null;
  return {
    operation: m[1], operands: [x, filter],
    says: `got ${tensorText(x)} input and ${tensorText(filter)} filter: the input has ${m[2]} channels, the filter takes ${m[3]}`,
  };
};

/** A vector given to matMul: TF.js fails reshaping it to 3-D, with a message about the reshape. */
const matMulRank: Rule = (message, call) => {
  const ops = opFrames(call);
  if (ops[0]?.op !== 'matMul' || !RESHAPE_SIZE.some((re) => re.test(message))) return null;
  const ab = tensorsIn([ops[0].frame], ['a', 'b']);
  const low = ab?.find((t) => t.shape.length < 2);
  if (!ab || !low) return null;
  return { operation: 'matMul', operands: ab, says: `${got(ab)}: both need rank 2 or more, ${low.name} has rank ${low.shape.length}` };
};

/** The two operands of a binary op as the user passed them (the op's `a` and `b`), else as its kernel got them (after a cast). */
function binaryOperands(call: FailingCall): TensorOperand[] | null {
  const op = opFrames(call)[0]?.frame;
  return (op && (tensorsIn([op], ['a', 'b']) ?? tensorsIn([op], ['$a', '$b'])?.map((t) => ({ ...t, name: t.name.slice(1) })))) ?? tensorsIn(call.library, ['a', 'b']);
}

const broadcast: Rule = (message, call) => {
  const m = /^Operands could not be broadcast together with shapes ([\d,]*) and ([\d,]*)\.$/.exec(message);
  const ab = m && binaryOperands(call);
  const name = opName(call);
  if (!m || !ab || !name) return null;
  const clash = broadcastClash(parseShape(m[1]), parseShape(m[2]));
  if (!clash) return null;
  // matMul broadcasts only the batch axes, before its last two, and TF.js's message gives just those.
  const batch = name.op === 'matMul' && ab.every((t) => t.shape.length > 2);
  const axis = batch ? clash.axis - 2 : clash.axis;
  const says = `${batch ? 'their batch axes' : 'they'} cannot broadcast, as axis ${axis} has ${clash.sizes[0]} and ${clash.sizes[1]} (neither is 1)`;
  return { operation: name.op, subject: name.subject, operands: ab, says: `${got(ab)}: ${says}` };
};

/** concat's tensors: the op's own list (as the user passed it), else the kernel's. */
function concatInputs(call: FailingCall): { tensors: TensorOperand[]; axis: number | null } | null {
  const op = opFrames(call).find((o) => o.op === 'concat')?.frame;
  const kernel = frameNamed(call.library, 'concat');
  const tensors = (op && tensorList(op, 'tensors')) ?? (kernel && tensorList(kernel, 'inputs'));
  if (!tensors) return null;
  return { tensors, axis: (kernel && numberLocal(kernel, '$axis')) ?? (op && numberLocal(op, 'axis')) ?? null };
}

const concat: Rule = (message, call) => {
  const shape = /^Error in concat\w*: Shape of tensors\[(\d+)\] \(([\d,]*)\) does not match the shape of the rest \(([\d,]*)\) along the non-concatenated axis (\d+)\.?$/.exec(message);
  const rank = /^Error in concat\w*: rank of tensors\[(\d+)\] must be the same as the rank of the rest \((\d+)\)$/.exec(message);
  const inputs = (shape || rank) && concatInputs(call);
  if (!inputs) return null;
  const odd = inputs.tensors[Number((shape ?? rank)![1])];
  if (!odd) return null;
  if (rank) return { operation: 'concat', operands: inputs.tensors, says: `${got(inputs.tensors)}: ${odd.name} has rank ${odd.shape.length} where tensors[0] has rank ${rank[2]}` };
  const axis = Number(shape![4]);
  const joined = inputs.axis === null ? '' : `; only axis ${inputs.axis}, the one they join along, may differ`;
  return {
    operation: 'concat', operands: inputs.tensors,
    says: `${got(inputs.tensors)}: ${odd.name} has ${parseShape(shape![2])[axis]} at axis ${axis} where tensors[0] has ${parseShape(shape![3])[axis]}${joined}`,
  };
};

/** The tensors of a frame with these shapes, in order: its own locals (not TF.js's `$` copies), or the items of a list. */
function tensorsShaped(frame: PostmortemFrame, shapes: readonly number[][]): { operands: TensorOperand[]; named: boolean } | null {
  const names = locals(frame).map((v) => v.name).filter((n) => !n.startsWith('$'));
  const own = names.map((n) => tensorLocal(frame, n)).filter((t) => t !== null);
  const pick = (pool: TensorOperand[]): TensorOperand[] | null => {
    const left = [...pool];
    const chosen: TensorOperand[] = [];
    for (const shape of shapes) {
      const i = left.findIndex((t) => sameShape(t.shape, shape));
      if (i < 0) return null;
      chosen.push(...left.splice(i, 1));
    }
    return chosen;
  };
  const named = pick(own);
  if (named) return { operands: named, named: true };
  for (const n of names) {
    const listed = tensorList(frame, n);
    const fromList = listed && pick(listed);
    if (fromList) return { operands: fromList, named: false };
  }
  return null;
}

/** assertShapesMatch: "Error in meanSquaredError:  Shapes 8,3 and 8,2 must match" (a loss's labels and predictions), stack's tensors. */
const shapesMatch: Rule = (message, call) => {
  const m = /^(?:Error in (\w+): )?.*?\s*Shapes ([\d,]*) and ([\d,]*) must match$/.exec(message);
  if (!m) return null;
  const ops = opFrames(call);
  const op = (m[1] ? ops.find((o) => o.op === m[1]) : undefined) ?? ops[0];
  const found = op && tensorsShaped(op.frame, [parseShape(m[2]), parseShape(m[3])]);
  if (!found) return null;
  const [a, b] = found.operands;
  if (!found.named) return { operation: op.op, operands: found.operands, says: `${got(found.operands)}: their shapes must be the same` };
  return { operation: op.op, operands: found.operands, says: `got ${a.name} ${a.dtype} ${shapeText(a.shape)} and ${b.name} ${b.dtype} ${shapeText(b.shape)}: their shapes must be the same` };
};

const reshape: Rule = (message, call) => {
  const size = /^Size\((\d+)\) must match the product of shape ([\d,]*)$/.exec(message);
  const fraction = /^The implicit shape can't be a fractional number\. Got (\d+) \/ (\d+)$/.exec(message);
  const op = (size || fraction) && opFrames(call).find((o) => o.op === 'reshape')?.frame;
  const x = op && tensorLocal(op, 'x');
  if (!op || !x) return null;
  const values = `${x.shape.reduce((n, d) => n * d, 1)} values`;
  if (size) {
    const shape = parseShape(size[2]);
    return { operation: 'reshape', operands: [x], says: `got ${tensorText(x)} (${values}) and the shape ${shapeText(shape)} (${shape.reduce((n, d) => n * d, 1)} values): the sizes must be equal` };
  }
  const asked = local(op, 'shape');
  const shown = asked?.kind === 'array' && !asked.truncated && asked.items.every((i) => i.kind === 'number') ? shapeText(asked.items.map((i) => (i.kind === 'number' ? Number(i.value) : 0))) : null;
  return { operation: 'reshape', operands: [x], says: `got ${tensorText(x)} (${values}) and ${shown ? `the shape ${shown}` : 'a shape with -1'}: ${fraction![1]} values do not divide by ${fraction![2]}` };
};

/** "Error in conv2d: input must be rank 4, but got rank 2.": the op's argument (`x` for its input) of that rank. */
const rank: Rule = (message, call) => {
  const m = /^Error in (\w+): (\w+) must be rank (\d+),? but got rank (\d+)\.?$/.exec(message);
  const op = m && opFrames(call).find((o) => o.op === m[1]);
  if (!m || !op) return null;
  const names = m[2] === 'input' ? ['x', '$x', 'input', '$input'] : [m[2], `$${m[2]}`];
  const arg = names.map((n) => tensorLocal(op.frame, n)).find((t) => t !== null && t.shape.length === Number(m[4]));
  if (!arg) return null;
  return { operation: op.op, operands: [arg], says: `got ${tensorText(arg)} as its ${m[2]}: it must have rank ${m[3]}, not ${m[4]}` };
};

/** convertToTensor's check: "Argument 'indices' passed to 'gather' must be int32 tensor, but got float32 tensor". */
const argumentDtype: Rule = (message, call) => {
  const m = /^Argument '(\w+)' passed to '(\w+)' must be (\w+) tensor, but got (\w+) tensor$/.exec(message);
  const convert = m && call.library.find((f) => functionName(f) === 'convertToTensor' && stringLocal(f, 'argName') === m[1]);
  const x = convert && tensorLocal(convert, 'x');
  if (!m || !x || x.dtype !== m[4]) return null;
  return { operation: m[2], operands: [{ ...x, name: m[1] }], says: `got ${tensorText(x)} as '${m[1]}': it must be ${m[3]}` };
};

/** Variable.assign: "dtype of the new value (int32) and previous value (float32) must match", and the same for shapes. */
const assign: Rule = (message, call) => {
  const m = /^(dtype|shape) of the new value \(([\w,]*)\) and previous value \(([\w,]*)\) must match$/.exec(message);
  const frame = m && frameNamed(call.library, 'assign');
  const value = frame && tensorLocal(frame, 'newValue');
  if (!m || !value) return null;
  const variable = m[1] === 'dtype' ? `a ${m[3]} variable` : `a variable of shape ${shapeText(parseShape(m[3]))}`;
  return { operation: 'assign', operands: [value], says: `got ${tensorText(value)} for ${variable}: the ${m[1]}s must match` };
};

export const OP_RULES: readonly Rule[] = [matMulInner, matMulRank, dotInner, broadcast, concat, shapesMatch, reshape, rank, convDepth, argumentDtype, assign];
