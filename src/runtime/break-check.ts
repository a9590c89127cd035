// The global that break mode's check calls (break-prologue.ts writes the check, break-on-call.ts
// defines the global): its own module, so that the recorder knows it without loading the parser.
export const BREAK_CHECK = '__trainspectBreakIn';
