// How VS Code's JavaScript debugger (js-debug) describes a TF.js tensor in a script Trainspect starts:
// `Tensor float32 [32,10]` in the Variables view, watch and hovers, instead of the tensor's own
// toString(), which downloads its data. js-debug runs the launch option `customDescriptionGenerator`
// in the debuggee with `this` the value shown; it must not change anything (for object properties
// js-debug evaluates it with side effects forbidden), so it reads own data properties only, through
// property descriptors: no getter, no prototype, never the data.

/** The generator itself; js-debug receives its source. Self-contained: it runs in the user's process. */
export function describeTensor(this: unknown, defaultValue: string): string {
  if (typeof this !== 'object' || this === null) return defaultValue;
  // No inner functions: a bundler's helpers (esbuild's __name) would not exist in the user's process.
  const own: Record<string, unknown> = {};
  const keys = ['shape', 'dtype', 'size', 'dataId', 'trainable', 'name', 'isDisposedInternal'];
  for (let i = 0; i < keys.length; i++) {
    const descriptor = Object.getOwnPropertyDescriptor(this, keys[i]);
    if (descriptor && 'value' in descriptor) own[keys[i]] = descriptor.value;
  }
  const { shape, dtype, name } = own;
  // A tensor's own fields (tfjs-core's Tensor constructor): its data is behind dataId, kept in the backend.
  if (!Array.isArray(shape) || typeof dtype !== 'string' || typeof own.size !== 'number' || typeof own.dataId !== 'object') return defaultValue;
  let dims = '';
  for (let i = 0; i < shape.length; i++) dims += (i > 0 ? ',' : '') + String(shape[i]);
  const variable = typeof own.trainable === 'boolean' && typeof name === 'string';
  return (variable ? 'Variable ' : 'Tensor ') + dtype + ' [' + dims + ']' + (variable ? ' ' + name : '') + (own.isDisposedInternal === true ? ' (disposed)' : '');
}

/** The launch configuration fields that give a debug session of a user's script these descriptions. */
export function debugDescriptions(): { customDescriptionGenerator: string } {
  return { customDescriptionGenerator: describeTensor.toString() };
}
