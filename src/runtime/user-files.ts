// Which files are the user's own and get instrumented: not node_modules, not Node's internals, not
// Trainspect's runtime itself, nor the tsx it ships beside the runtime (dist/tsx, used when the script
// has no tsx of its own: like a tsx in node_modules, it is not the user's code).
import * as path from 'node:path';

const SOURCE_EXTENSIONS = /\.(?:[cm]?[jt]s|[jt]sx)$/;

const within = (file: string, dir: string): boolean => file === dir || file.startsWith(dir + path.sep);

/** A file of the tsx that Trainspect ships, next to its runtime folder `ownDir`. */
export function isShippedTsxFile(file: string, ownDir: string): boolean {
  return within(file, path.join(path.dirname(ownDir), 'tsx'));
}

export function isUserFile(file: string, ownDir: string): boolean {
  if (!path.isAbsolute(file) || !SOURCE_EXTENSIONS.test(file)) return false;
  if (file.includes(`${path.sep}node_modules${path.sep}`)) return false;
  return !within(file, ownDir) && !isShippedTsxFile(file, ownDir);
}
