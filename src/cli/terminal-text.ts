// Text from a trace is data: a captured string, key, class name or file name may hold an escape
// sequence that would move the cursor, recolour or retitle the user's terminal. Everything the CLI
// prints from a trace goes through visible() first.

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// C0 controls, DEL, C1 controls (U+009B is a one-byte CSI on some terminals), and the bidirectional
// format characters that can reorder what a line appears to say.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text with every control character spelled out: "\n", "\t", "\x1b", "\u202e". */
export function visible(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}
