// The one-batch kernel check that follows a non-finite loss: while armed, every kernel the TF.js engine
// runs (forward and backward: gradients run kernels through the same engine) has its float outputs read
// and scanned for NaN/±Infinity, until the first one that holds one. That kernel is described (name,
// inputs and outputs with their non-finite counts, which input was a weight, the backward pass and the
// forward kernel whose gradient ran it, the user's line from its stack) and the check stops.
//
// Arming puts an own `runKernelFunc` on the engine every copy of TF.js shares (globalThis._tfengine;
// runKernel and custom gradients both call it); disarming deletes it, so nothing of ours runs on a
// kernel outside the check. Nothing else changes: no tensor is made or kept (tf.memory() is the same),
// TF.js's DEBUG mode stays off (it logs every kernel), the outputs are read in place on the cpu
// backend and with dataSync (a copy of each output) on others. The forward pass's tape nodes get their
// gradient function wrapped while armed, only to know which forward kernel a backward kernel belongs to.
import type { KernelFinding, KernelTensor, SourceSite, StackFrame } from '../../protocol/events';
import { callerSites, callerStack, stackOf } from '../stack';
import { tensorStore } from '../tfjs-tensor';

type Obj = Record<string, unknown>;
type TensorLike = Obj & { shape: number[]; dtype: string; dataSync?: () => ArrayLike<number> };

export interface KernelCheckResult {
  finding: KernelFinding | null;
  kernelsChecked: number;
  checkMs: number;
}

export interface KernelCheck {
  /** Whether a kernel's output held a non-finite value (the check has stopped). */
  readonly found: boolean;
  /** Disarms (if it still is) and says what the check saw. */
  finish(): KernelCheckResult;
}

const MAX_STACK = 12;
const MOVES_VALUES = new Set(['Identity', 'Reshape', 'ExpandDims', 'Squeeze', 'Transpose', 'Cast', 'Slice', 'StridedSlice', 'Tile', 'Pack', 'Unpack', 'Concat', 'GatherV2', 'Reverse', 'BroadcastTo', 'Pad', 'PadV2', 'Complex', 'Real', 'Imag']);

const engine = (): Obj | undefined => {
  const e = (globalThis as Obj)._tfengine;
  return typeof e === 'object' && e !== null ? (e as Obj) : undefined;
};

const isTensor = (v: unknown): v is TensorLike =>
  typeof v === 'object' && v !== null && Array.isArray((v as Obj).shape) && typeof (v as Obj).dtype === 'string' && typeof (v as Obj).dataId === 'object';

/** A float tensor's values: the backend's own buffer on cpu, a dataSync copy elsewhere; undefined for other dtypes. */
function valuesOf(tensor: TensorLike): ArrayLike<number> | undefined {
  if (tensor.dtype !== 'float32') return undefined;
  const inPlace = tensorStore(tensor)?.values;
  if (inPlace && typeof (inPlace as ArrayLike<unknown>)[0] !== 'object') return inPlace as ArrayLike<number>;
  try {
    return typeof tensor.dataSync === 'function' ? tensor.dataSync() : undefined;
  } catch {
    return undefined;
  }
}

function nonFiniteCount(values: ArrayLike<number> | undefined): number {
  if (!values) return 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] - values[i] !== 0) n++; // NaN and ±Infinity give NaN
  return n;
}

function hasNonFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] - values[i] !== 0) return true;
  return false;
}

const outputsOf = (out: unknown): TensorLike[] => (Array.isArray(out) ? out : [out]).filter(isTensor);

function describe(name: string, tensor: TensorLike, variables: Obj | undefined): KernelTensor {
  const row: KernelTensor = { name, shape: [...tensor.shape], dtype: tensor.dtype, nonFinite: nonFiniteCount(valuesOf(tensor)) };
  const variableName = tensor.name;
  if (typeof variableName === 'string' && variables?.[variableName] === tensor) row.variable = variableName;
  return row;
}

function userSite(stack: readonly StackFrame[]): SourceSite | null {
  const frame = stack.find((f) => f.user && f.file !== null && f.line !== null && f.column !== null);
  return frame ? { file: frame.file!, line: frame.line!, column: frame.column! } : null;
}

const inBackwardPass = (state: Obj | undefined): boolean =>
  Array.isArray(state?.scopeStack) && (state!.scopeStack as Obj[]).some((scope) => scope?.name === 'backward');

/**
 * Arms the check; undefined when there is no engine or a check is already armed. `fallbackSite` gives the
 * user's training call, named when no user frame is on a kernel's stack (fit's kernels run after its
 * first await, from TF.js's own frames).
 */
export function armKernelCheck(fallbackSite: () => SourceSite | null): KernelCheck | undefined {
  const target = engine();
  if (!target || Object.prototype.hasOwnProperty.call(target, 'runKernelFunc')) return undefined;
  const original = target.runKernelFunc;
  if (typeof original !== 'function') return undefined;
  const state = target.state as Obj | undefined;
  let armed = true;
  let finding: KernelFinding | null = null;
  let kernelsChecked = 0;
  let spentMs = 0;
  let gradientOf: { kernel: string; sites: readonly NodeJS.CallSite[] } | null = null; // the forward kernel whose gradient is running

  /**
   * While armed, a tape node's gradient (and the input gradients it returns, which run later) say whose
   * they are: the forward kernel's name and the user's line it ran from (backward kernels run from
   * TF.js's frames only).
   */
  const markGradient = (node: Obj): void => {
    const gradient = node.gradient;
    if (typeof gradient !== 'function' || typeof node.kernelName !== 'string') return;
    const forward = { kernel: node.kernelName, sites: callerSites(runKernelFunc, 60) };
    const within = <T>(f: () => T): T => {
      const outer = gradientOf;
      gradientOf = forward;
      try {
        return f();
      } finally {
        gradientOf = outer;
      }
    };
    node.gradient = (dys: unknown) => {
      const inputGradients = within(() => Reflect.apply(gradient, node, [dys]) as Obj);
      if (typeof inputGradients !== 'object' || inputGradients === null) return inputGradients;
      const marked: Obj = {};
      for (const key of Object.keys(inputGradients)) {
        const thunk = inputGradients[key];
        marked[key] = typeof thunk === 'function' ? () => within(() => (thunk as () => unknown)()) : thunk;
      }
      return marked;
    };
  };

  const inspect = (params: Obj, out: unknown): void => {
    kernelsChecked++;
    const outputs = outputsOf(out);
    if (!outputs.some((t) => { const v = valuesOf(t); return v !== undefined && hasNonFinite(v); })) return;
    const variables = state?.registeredVariables as Obj | undefined;
    const inputs = typeof params.inputs === 'object' && params.inputs !== null ? (params.inputs as Obj) : {};
    const inputRows = Object.keys(inputs).filter((k) => isTensor(inputs[k])).map((k) => describe(k, inputs[k] as TensorLike, variables));
    // A kernel that only moves a non-finite input's values (TF.js clones the tensors it saves for the
    // backward pass, MatMul reshapes its operands) made nothing: the kernel that computes with them is named.
    if (MOVES_VALUES.has(String(params.kernelName)) && inputRows.some((row) => row.nonFinite > 0)) return;
    const stack: StackFrame[] = callerStack(runKernelFunc, 60);
    const backward = inBackwardPass(state);
    const forward = backward ? gradientOf : null;
    const own = userSite(stack);
    const forwardSite = forward ? userSite(stackOf(forward.sites)) : null;
    const site = forwardSite ?? own ?? fallbackSite();
    finding = {
      kernel: typeof params.kernelName === 'string' ? params.kernelName : String((state?.activeScope as Obj | undefined)?.name ?? 'customGrad'),
      origin: inputRows.some((row) => row.nonFinite > 0) ? 'input' : 'kernel',
      backward,
      gradientOf: forward?.kernel ?? null,
      inputs: inputRows,
      outputs: outputs.map((t, i) => describe(String(i), t, undefined)),
      site,
      siteFrom: site === null ? null : site === forwardSite ? 'forward-kernel' : site === own ? 'kernel-stack' : 'training-call',
      stack: stack.slice(0, MAX_STACK),
    };
    disarm();
  };

  function runKernelFunc(this: unknown, params: unknown): unknown {
    const tape = state?.activeTape;
    const tapeLength = Array.isArray(tape) ? tape.length : 0;
    const out = Reflect.apply(original as Function, this, [params]);
    if (!armed) return out;
    const start = performance.now();
    try {
      if (Array.isArray(tape) && tape.length > tapeLength) markGradient(tape[tape.length - 1] as Obj);
      if (typeof params === 'object' && params !== null) inspect(params as Obj, out);
    } catch {
      // the check never changes what the kernel returns
    }
    spentMs += performance.now() - start;
    return out;
  }

  function disarm(): void {
    if (!armed) return;
    armed = false;
    if (target!.runKernelFunc === runKernelFunc) delete target!.runKernelFunc;
  }

  Object.defineProperty(target, 'runKernelFunc', { value: runKernelFunc, writable: true, configurable: true, enumerable: false });
  return {
    get found() {
      return finding !== null;
    },
    finish() {
      disarm();
      return { finding, kernelsChecked, checkMs: Math.round(spentMs * 1000) / 1000 };
    },
  };
}
