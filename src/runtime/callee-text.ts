// The callee of a call, as the transform's shape sites name it (`x.matMul(…).add`, `tf.relu`), read
// from the source text at the callee's position without parsing the file: the name there, then back
// through `.` and `?.` over names, calls and index expressions (`(…)`, `[…]`, a literal key as
// written), across lines. For the sites found from TF.js's engine (recorders/op-sites.ts), whose
// files are not parsed.
import { shortenCallee } from './shape-calls';

const NAME_CHAR = /[\p{ID_Continue}$\u200c\u200d]/u;
const NAME_AT = /^#?[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/u;
const OPEN: Record<string, string> = { ')': '(', ']': '[' };
/** An index kept as written, as the transform keeps a literal key: `a[0]`, `m['fit']`. */
const LITERAL_KEY = /^\s*(?:\d+|'[^'\\]*'|"[^"\\]*")\s*$/;

const skipBlanks = (text: string, i: number): number => {
  while (i >= 0 && /\s/.test(text[i])) i--;
  return i;
};

/** The start of the name that ends at `end` (inclusive), or -1 when there is none. */
function nameStart(text: string, end: number): number {
  let i = end;
  while (i >= 0 && NAME_CHAR.test(text[i])) i--;
  if (text[i] === '#') i--;
  const start = i + 1;
  return start <= end && NAME_AT.test(text.slice(start, end + 1)) ? start : -1;
}

/** The offset of the bracket that opens the one closing at `close`, or -1 (strings and comments not looked into). */
function opening(text: string, close: number): number {
  const open = OPEN[text[close]];
  let depth = 0;
  for (let i = close; i >= 0 && close - i < 2000; i--) {
    if (text[i] === text[close]) depth++;
    else if (text[i] === open && --depth === 0) return i;
  }
  return -1;
}

/** The member chain after `new` at `offset` (`new tf.layers.Dense`), and the offset of its last name, as the transform places it. */
function constructed(text: string, offset: number): { callee: string; offset: number } | undefined {
  const chain = /^new\s+((?:[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*\s*\.\s*)*)([\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*)/u.exec(text.slice(offset, offset + 200));
  if (!chain) return undefined;
  return { callee: shortenCallee(`new ${chain[1].replace(/\s+/g, '')}${chain[2]}`), offset: offset + chain[0].length - chain[2].length };
}

/**
 * The callee of the call V8 places at `offset` and the offset the transform gives it: the same, but
 * for `new X.Y(…)`, which V8 places at `new` and the transform at `Y`.
 */
export function calleeSite(text: string, offset: number): { callee: string; offset: number } | undefined {
  if (/^new\b/.test(text.slice(offset, offset + 4))) return constructed(text, offset);
  const callee = calleeAt(text, offset);
  return callee === undefined ? undefined : { callee, offset };
}

/** The callee named at `offset` of `text`; `undefined` when no name starts there. */
export function calleeAt(text: string, offset: number): string | undefined {
  const name = NAME_AT.exec(text.slice(offset, offset + 200))?.[0];
  if (!name) return undefined;
  let callee = name;
  let i = offset - 1;
  for (;;) {
    const dot = skipBlanks(text, i);
    if (text[dot] !== '.' || text[dot - 1] === '.') break;
    const optional = text[dot - 1] === '?';
    let end = skipBlanks(text, optional ? dot - 2 : dot - 1);
    let link = '';
    // Calls and index expressions of the object: `f(…)`, `a[…]`, then the name they follow.
    while (text[end] === ')' || text[end] === ']') {
      const open = opening(text, end);
      if (open < 0) return shortenCallee(`…${optional ? '?.' : '.'}${callee}`);
      link = `${text[end] === ')' ? '(…)' : `[${LITERAL_KEY.test(text.slice(open + 1, end)) ? text.slice(open + 1, end).trim() : '…'}]`}${link}`;
      end = skipBlanks(text, open - 1);
    }
    const start = nameStart(text, end);
    if (start < 0) {
      callee = `${link || '…'}${optional ? '?.' : '.'}${callee}`; // (a + b).matMul: an expression in brackets
      break;
    }
    callee = `${text.slice(start, end + 1)}${link}${optional ? '?.' : '.'}${callee}`;
    i = start - 1;
  }
  return shortenCallee(callee);
}

