// The tsx that Trainspect ships (dist/tsx: tsx over esbuild-wasm, scripts/lib/ship-tsx.cjs), run from a
// copy outside this repository, where no native esbuild can be found: it must run TypeScript exactly
// as plain tsx with the native esbuild does — same output, same stack lines, same exit code.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { shippedTsxDir } from '../../../src/host/paths';

const SCRIPT = `import { helper } from './helper';
enum Split { Train, Valid }
interface Item { path: string; split: Split }
function splitter(items: Item[]): [Item[], Item[]] {
  return [items.filter((i) => i.split === Split.Train), items.filter((i) => i.split === Split.Valid)];
}
const [train, valid] = splitter([{ path: 'a.png', split: Split.Train }, { path: 'b.png', split: Split.Valid }]);
console.log(train.length, valid.length, helper(2));
console.log(new Error('where').stack!.split('\\n')[1]);
throw new TypeError(\`bad split: \${valid.map((i) => i.path).join()}\`);
`;
const HELPER = `export const helper = (n: number): number => n * 21;\n`;

describe('the tsx Trainspect ships (esbuild-wasm, no native binary)', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => {
    if (!fs.existsSync(path.join(shippedTsxDir(), 'package.json'))) throw new Error(`${shippedTsxDir()} is not built: run "npm run build"`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-shipped-tsx-'));
    fs.cpSync(shippedTsxDir(), path.join(tmp, 'tsx'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'project'));
    fs.writeFileSync(path.join(tmp, 'project', 'train.ts'), SCRIPT);
    fs.writeFileSync(path.join(tmp, 'project', 'helper.ts'), HELPER);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const run = (loader: string) =>
    spawnSync(process.execPath, ['--import', loader, 'train.ts'], {
      cwd: path.join(tmp, 'project'), encoding: 'utf8', timeout: 90_000,
      env: { ...process.env, TSX_DISABLE_CACHE: '1', NODE_OPTIONS: '' }, // transform now, with this esbuild
    });
  const stackLinesIn = (text: string) => text.split('\n').filter((l) => l.includes('train.ts') || l.includes('helper.ts') || /Error/.test(l));

  it('has no esbuild of its own to find: only esbuild-wasm, beside it', () => {
    const req = createRequire(path.join(tmp, 'tsx', 'dist', 'loader.mjs'));
    assert.throws(() => req.resolve('esbuild'), /Cannot find module/);
    assert.equal(fs.readdirSync(path.join(tmp, 'tsx', 'esbuild-wasm')).filter((f) => !/\.(js|json|md|wasm)$/.test(f) && f !== 'bin' && f !== 'lib').length, 0);
  });

  it('runs a TypeScript script with the output, stack lines and exit code of plain tsx', () => {
    const shipped = run(`file://${path.join(tmp, 'tsx', 'dist', 'loader.mjs')}`);
    const plain = run(`file://${path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs')}`);
    assert.equal(shipped.error, undefined);
    assert.equal(shipped.stdout, plain.stdout);
    assert.match(shipped.stdout, /^1 1 42$/m);
    assert.match(shipped.stdout, /at .*train\.ts:9:13\)?$/m);
    assert.deepEqual(stackLinesIn(shipped.stderr), stackLinesIn(plain.stderr));
    assert.match(shipped.stderr, /TypeError: bad split: b\.png/);
    assert.equal(shipped.status, plain.status);
    assert.equal(shipped.status, 1);
  });
});
