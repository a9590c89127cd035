// Which files are the user's own and get instrumented: not node_modules, not Node's internals, not
// Trainspect's runtime itself.
import * as path from 'node:path';

const SOURCE_EXTENSIONS = /\.(?:[cm]?[jt]s|[jt]sx)$/;

export function isUserFile(file: string, ownDir: string): boolean {
  if (!path.isAbsolute(file) || !SOURCE_EXTENSIONS.test(file)) return false;
  if (file.includes(`${path.sep}node_modules${path.sep}`)) return false;
  return !(file === ownDir || file.startsWith(ownDir + path.sep));
}
