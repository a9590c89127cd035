// The pets example's images, made (examples/pets/make-data.js) when a bench needs them and they are missing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Makes the images under examples/pets/data unless they are there; false when making them failed. */
export function ensurePetsImages(root: string): boolean {
  if (fs.existsSync(path.join(root, 'examples', 'pets', 'data', 'images'))) return true;
  return spawnSync(process.execPath, [path.join(root, 'examples', 'pets', 'make-data.js')], { stdio: 'inherit' }).status === 0;
}
