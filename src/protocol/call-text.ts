// What a recorded call's arguments and split mean, in words: one reading for the panel and the CLI, so
// both name an argument by its parameter and say the same thing about a split.
import type { CallEvent, ParamInfo, SplitSummary } from './events';

const count = (n: number): string => n.toLocaleString('en-US');
export const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;

/** The parameter that receives argument `i` (a rest parameter receives every one from its position on). */
export function parameterOf(params: readonly ParamInfo[], i: number): { param: ParamInfo; label: string } | undefined {
  const rest = params.findIndex((p) => p.rest);
  const param = rest >= 0 && i >= rest ? params[rest] : params[i];
  if (!param) return undefined;
  return { param, label: param.rest ? `${param.name}[${i - rest}]` : param.name };
}

/** How argument `i` is labelled: its parameter's name (`rest[0]` for a rest parameter), else `arg i`. */
export const argumentLabel = (params: readonly ParamInfo[], i: number): string => parameterOf(params, i)?.label ?? `arg ${i}`;

/** How many arguments the call received (more than `args` holds when the call had very many). */
export const argumentCount = (call: CallEvent): number => call.argCount ?? call.args.length;

/** The declared parameters the call left out (their defaults, if any, were used); never a rest parameter. */
export function parametersNotPassed(call: CallEvent): ParamInfo[] {
  const params = call.params ?? [];
  const out: ParamInfo[] = [];
  for (let i = argumentCount(call); i < params.length && !params[i].rest; i++) out.push(params[i]);
  return out;
}

/** What a split part is: its index, its size and its share of the items (`80 (80%)`). */
export const splitParts = (split: SplitSummary): { index: number; text: string }[] =>
  split.sizes.map((n, index) => ({ index, text: `${count(n)} (${split.items ? Math.round((n / split.items) * 100) : 0}%)` }));

/** What is wrong with a split, one phrase each; empty when every item is in exactly one part. */
export function splitProblems(split: SplitSummary): string[] {
  return [
    split.overlap ? `${plural(split.overlap, 'item')} in more than one part` : '',
    split.missing ? `${plural(split.missing, 'item')} in no part` : '',
    split.outOfRange ? `${plural(split.outOfRange, 'index', 'indices')} out of range` : '',
  ].filter(Boolean);
}

/** The verdict after the parts: `— no overlap, none left out`, or what is wrong. */
export const splitVerdict = (split: SplitSummary): string => {
  const problems = splitProblems(split);
  return problems.length ? `— ${problems.join(', ')}` : '— no overlap, none left out';
};

/** A part's labels, most first: `Abyssinian 40, Bengal 40, … 2 more labels` (at most `max` named). */
export function partLabelsText(part: readonly [label: string | number | boolean, count: number][], max = 6): string {
  if (!part.length) return 'none';
  const named = part.slice(0, max).map(([label, n]) => `${typeof label === 'string' ? label : String(label)} ${count(n)}`);
  if (part.length > max) named.push(`… ${plural(part.length - max, 'more label')}`);
  return named.join(', ');
}

/** The whole sentence, for plain text: `Splits its 300 items into [0] 240 (80%) [1] 60 (20%) — no overlap, none left out`. */
export const splitSentence = (split: SplitSummary): string =>
  `Splits its ${plural(split.items, 'item')} into ${splitParts(split).map((p) => `[${p.index}] ${p.text}`).join(' ')} ${splitVerdict(split)}`;
