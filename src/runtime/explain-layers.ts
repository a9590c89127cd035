// explainError's rules for tfjs-layers: a layer's input spec, and a model's checks of the data given
// to fit, predict and evaluate.
import type { PostmortemFrame, TensorOperand } from '../protocol/events';
import { type FailingCall, frameNamed, functionName, local, numberLocal, symbolicLocal, tensorLocal } from './explain-frames';
import type { Rule } from './explain-rule';
import { shapeText, tensorText } from './explain-text';

/** Layer.assertInputCompatibility: "Input 0 is incompatible with layer dense_Dense1: expected …". */
const layerInput: Rule = (message, call) => {
  const m = /^Input (\d+) is incompatible with layer (\S+): (.*)$/.exec(message);
  const frame = m && frameNamed(call.library, 'assertInputCompatibility');
  const x = frame && tensorLocal(frame, 'x');
  const symbolic = frame && !x ? symbolicLocal(frame, 'x') : null;
  const input = x ?? symbolic;
  if (!m || !input) return null;
  const spec = m[3];
  const ndim = /^expected (min_|max_)?ndim=(\d+), found ndim=\d+\.?$/.exec(spec);
  const axis = /^expected axis (-?\d+) of input shape to have value (\d+) but got shape [\d,]*\.?$/.exec(spec);
  let wants: string;
  if (ndim) wants = `it takes ${ndim[1] === 'min_' ? 'at least ' : ndim[1] === 'max_' ? 'at most ' : ''}${ndim[2]} dimensions`;
  else if (axis) {
    const at = Number(axis[1]);
    wants = `it takes ${axis[2]} at axis ${at}, not ${input.shape[at < 0 ? input.shape.length + at : at]}`;
  } else return null;
  const which = m[1] === '0' ? '' : ` as input ${m[1]}`;
  // A symbolic input holds no data, so it is no operand: the sentence says its dtype and shape.
  const text = x ? tensorText(x) : `a symbolic ${input.dtype} ${shapeText(input.shape)}`;
  return { operation: m[2], subject: `layer ${m[2]}`, operands: x ? [x] : [], says: `got ${text}${which}: ${wants}` };
};

/** The LayersModel method the user called (the outermost such frame): fit, predict, evaluate, … */
const MODEL_METHODS = new Set(['fit', 'fitDataset', 'evaluate', 'evaluateDataset', 'predict', 'predictOnBatch', 'trainOnBatch', 'execute']);
const modelMethod = (call: FailingCall): string | null =>
  [...call.library].reverse().map(functionName).find((n) => MODEL_METHODS.has(n)) ?? null;

/** The data a model was given, as checkInputData/standardizeInputData held it: `data` as passed, else the array checked. */
function modelData(call: FailingCall): { frame: PostmortemFrame; data: TensorOperand } | null {
  const frame = frameNamed(call.library, 'standardizeInputData') ?? frameNamed(call.library, 'checkInputData');
  const data = frame && (tensorLocal(frame, 'data') ?? tensorLocal(frame, 'array'));
  return frame && data ? { frame, data } : null;
}

/** The input or output layer a model's check named, from the check's `names` and `i`. */
function checkedName(frame: PostmortemFrame): string | null {
  const names = local(frame, 'names');
  const item = names?.kind === 'array' ? names.items[numberLocal(frame, 'i') ?? 0] : undefined;
  return item?.kind === 'string' && !item.truncated ? item.value : null;
}

const role = (prefix: string): { data: string; side: string } => (prefix === 'target' ? { data: 'targets', side: 'output' } : { data: 'inputs', side: 'input' });

/** A model's checks of the data given to fit, predict, evaluate: the shape its input or output layer takes. */
const modelShape: Rule = (message, call) => {
  const batch = /^(input|target) expected a batch of elements where each example has shape \[[^\]]*\] \(i\.e\.,tensor shape (\[[^\]]*\])\) but the \1 received an input with \d+ examples, each with shape \[[^\]]*\] \(tensor shape \[[^\]]*\]\)$/.exec(message);
  const shape = /^Error when checking (\w*) ?: expected (\S+) to have shape (\[[^\]]*\]) but got array with shape \[[^\]]*\]\.?$/.exec(message);
  const dims = /^Error when checking (\w*) ?: expected (\S+) to have (\d+) dimension\(s\)\. but got array with shape [\d,]*$/.exec(message);
  const found = (batch || shape || dims) && modelData(call);
  if (!found) return null;
  const name = shape?.[2] ?? dims?.[2] ?? checkedName(found.frame);
  if (!name) return null;
  const { data, side } = role((batch ?? shape ?? dims)![1]);
  const takes = dims ? `has ${dims[3]} dimensions` : `has shape ${batch?.[2] ?? shape![3]}`;
  return { operation: name, subject: modelMethod(call) ?? name, operands: [{ ...found.data, name: data }], says: `got ${tensorText(found.data)} as ${data}: the model's ${side} ${name} ${takes}` };
};

const sampleCounts: Rule = (message, call) => {
  const m = /^Input Tensors should have the same number of samples as target Tensors\. Found (\d+) input sample\(s\) and (\d+) target sample\(s\)\.$/.exec(message);
  const frame = m && frameNamed(call.library, 'standardizeUserData');
  const x = frame && tensorLocal(frame, 'x');
  const y = frame && tensorLocal(frame, 'y');
  if (!m || !x || !y) return null;
  const method = modelMethod(call) ?? 'fit';
  return {
    operation: method, operands: [{ ...x, name: 'inputs' }, { ...y, name: 'targets' }],
    says: `got ${tensorText(x)} as inputs and ${tensorText(y)} as targets: they must have the same number of samples, not ${m[1]} and ${m[2]}`,
  };
};

export const LAYER_RULES: readonly Rule[] = [layerInput, modelShape, sampleCounts];
