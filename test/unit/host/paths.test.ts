import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTypeScript, packageRoot, resolveTsxLoader, runtimeDir, shippedTsxDir } from '../../../src/host/paths';

describe('host paths', () => {
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-paths-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("finds Trainspect's package root and runtime folder from source", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8'));
    assert.equal(manifest.name, 'trainspect');
    assert.equal(runtimeDir(), path.join(packageRoot(), 'dist', 'runtime'));
  });

  it('knows TypeScript scripts by extension', () => {
    assert.deepEqual(['a.ts', 'a.mts', 'a.cts', 'a.tsx', 'a.js', 'a.mjs', 'a.d'].map(isTypeScript), [true, true, true, true, false, false, false]);
  });

  it("uses the tsx Trainspect ships (dist/tsx) for a script whose project has none", () => {
    const url = resolveTsxLoader(path.join(tmp, 'train.ts'))!;
    const file = fileURLToPath(url);
    assert.equal(file, path.join(packageRoot(), 'dist', 'tsx', 'dist', 'loader.mjs'));
    assert.equal(shippedTsxDir(), path.join(packageRoot(), 'dist', 'tsx'));
    assert.ok(fs.existsSync(file));
  });

  it("prefers the user's own tsx, by its '.' export", () => {
    const project = path.join(tmp, 'project');
    const tsx = path.join(project, 'node_modules', 'tsx');
    fs.mkdirSync(path.join(tsx, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(tsx, 'package.json'), JSON.stringify({ name: 'tsx', exports: { '.': { import: './dist/esm.mjs' }, './package.json': './package.json' } }));
    fs.writeFileSync(path.join(tsx, 'dist', 'esm.mjs'), '');
    fs.mkdirSync(path.join(project, 'src'));
    assert.equal(fileURLToPath(resolveTsxLoader(path.join(project, 'src', 'train.ts'))!), path.join(tsx, 'dist', 'esm.mjs'));
  });
});
