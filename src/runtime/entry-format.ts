// Whether Node runs the main script as an ES module from the start (then the ESM hook must be
// registered before it loads): a .mjs file, or a .js file (or one without extension) in a package whose
// package.json says "type": "module". A .js file with ESM syntax that Node detects is seen by the
// CommonJS hook first (see cjs-hook.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';

function packageType(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (path.basename(d) === 'node_modules') return undefined;
    try {
      const type: unknown = JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')).type;
      return typeof type === 'string' ? type : undefined;
    } catch (error) {
      // no package.json here (or an unreadable one, which Node would stop at too)
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
    }
    if (path.dirname(d) === d) return undefined;
  }
}

export function isEsmEntry(file: string): boolean {
  const ext = path.extname(file);
  if (ext === '.mjs' || ext === '.mts') return true;
  if (ext !== '.js' && ext !== '') return false;
  return packageType(path.dirname(file)) === 'module';
}
