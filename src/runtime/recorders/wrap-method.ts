// How a recorder puts its hook on a TF.js prototype method: the wrapper takes the method's place with
// the same descriptor, name and length, so the class looks as it did to the user's code.

/** Replaces `proto[name]` by `make(original)`, keeping its name, length and descriptor. */
export function wrapMethod(proto: Record<string, unknown>, name: string, make: (original: Function) => Function): void {
  const desc = Object.getOwnPropertyDescriptor(proto, name);
  if (!desc || typeof desc.value !== 'function') return;
  const wrapper = make(desc.value as Function);
  Object.defineProperty(wrapper, 'name', { value: name });
  Object.defineProperty(wrapper, 'length', { value: (desc.value as Function).length });
  Object.defineProperty(proto, name, { ...desc, value: wrapper });
}
