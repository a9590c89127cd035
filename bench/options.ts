// The benches' command-line options: `--name value` and `--flag`, read from process.argv.
export const argv = process.argv.slice(2);

/** The value after `name`, or `fallback` when it is not given. */
export function stringOption(name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i < 0 ? fallback : argv[i + 1];
}

/** The number after `name`, or `fallback` when it is not given (NaN when what follows is not a number). */
export function numberOption(name: string, fallback: number): number {
  const i = argv.indexOf(name);
  return i < 0 ? fallback : Number(argv[i + 1]);
}

export const flag = (name: string): boolean => argv.includes(name);
