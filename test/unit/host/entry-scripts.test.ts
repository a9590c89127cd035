// Which script a trace runs: package.json commands read as a shell would, scripts told from modules
// on the example's real files, and the choice between the file itself and the entry script.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeEntry, fileRole, isScript, manifestsAbove, packageScriptEntries, parseArgs, scriptsInCommand, scriptToRun } from '../../../src/host/entry-scripts';

const REPO = path.join(__dirname, '../../..');
const PETS = path.join(REPO, 'examples/pets');
const read = (file: string): string => fs.readFileSync(file, 'utf8');

describe('entry scripts', () => {
  it('reads the scripts a package.json command runs, with their arguments', () => {
    assert.deepEqual(scriptsInCommand('node train.js --epochs 1'), [{ script: 'train.js', args: ['--epochs', '1'] }]);
    assert.deepEqual(scriptsInCommand('tsx train.ts'), [{ script: 'train.ts', args: [] }]);
    assert.deepEqual(scriptsInCommand('cross-env TF_CPP=0 node --require ./setup.js --max-old-space-size=4096 src/train.mjs --out "my dir" && npx tsx eval.ts; echo done'), [
      { script: 'src/train.mjs', args: ['--out', 'my dir'] },
      { script: 'eval.ts', args: [] },
    ]);
    assert.deepEqual(scriptsInCommand('mocha test/*.js'), [], 'not a runner');
    assert.deepEqual(scriptsInCommand('node -e "require(1)"'), [], 'no script file');
  });

  it("offers the example's package.json scripts that name files, run from its folder", () => {
    const entries = packageScriptEntries(path.join(PETS, 'package.json'));
    assert.deepEqual(entries.map((e) => [e.origin.kind === 'package-script' && e.origin.name, path.relative(PETS, e.script), e.args, e.cwd]), [
      ['data', 'make-data.js', [], PETS],
      ['train', 'train.js', [], PETS],
    ]);
    assert.deepEqual(packageScriptEntries(path.join(PETS, 'no-such.json')), []);
  });

  it('drops a package.json script whose file does not exist, and survives a broken manifest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-entry-'));
    try {
      fs.writeFileSync(path.join(dir, 'here.js'), '');
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { a: 'node here.js --x', b: 'node gone.js', c: 42 } }));
      assert.deepEqual(packageScriptEntries(path.join(dir, 'package.json')).map((e) => [path.basename(e.script), e.args]), [['here.js', ['--x']]]);
      fs.writeFileSync(path.join(dir, 'package.json'), '{ scripts: ');
      assert.deepEqual(packageScriptEntries(path.join(dir, 'package.json')), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("tells the example's training script from its modules", () => {
    assert.deepEqual(fileRole(read(path.join(PETS, 'train.js')), 'train.js'), { trains: true, exports: false });
    assert.deepEqual(fileRole(read(path.join(PETS, 'pipeline.js')), 'pipeline.js'), { trains: false, exports: true });
    assert.deepEqual(fileRole('export async function train(m, ds) { await m.fitDataset(ds); }', 'lib.ts'), { trains: true, exports: true });
    assert.deepEqual(fileRole('const fit = 1; console.log(fit);', 'a.js'), { trains: false, exports: false });
    const manifests = manifestsAbove(path.join(PETS, 'pipeline.js'), REPO);
    assert.deepEqual(manifests, [path.join(PETS, 'package.json'), path.join(REPO, 'package.json')]);
    assert.equal(isScript(path.join(PETS, 'train.js'), read(path.join(PETS, 'train.js')), []), true, 'it trains');
    assert.equal(isScript('esm.mjs', 'export const f = (x) => x;\nawait model.fit(xs, ys);', []), true, 'it trains, though it exports');
    assert.equal(isScript('loop.js', 'const getLabel = (n) => n;\nsetInterval(() => getLabel("a"), 100);', []), true, 'it exports nothing');
    assert.equal(isScript('lib.js', 'exports.getLabel = (n) => n;', []), false, 'it exports and trains nothing');
    assert.equal(isScript(path.join(PETS, 'pipeline.js'), read(path.join(PETS, 'pipeline.js')), manifests), false);
    assert.equal(isScript(path.join(PETS, 'make-data.js'), read(path.join(PETS, 'make-data.js')), manifests), true, 'a package.json script runs it, though it exports');
  });

  it('runs a script itself, a module through the entry script, and asks when there is none', () => {
    const entry = { script: path.join(PETS, 'train.js'), args: ['--epochs', '1'], cwd: PETS };
    const pipeline = path.join(PETS, 'pipeline.js');
    assert.deepEqual(scriptToRun(pipeline, false, entry, REPO), { run: entry, viaEntry: true });
    assert.deepEqual(scriptToRun(pipeline, false, undefined, REPO), { ask: true });
    assert.deepEqual(scriptToRun(entry.script, true, entry, REPO), { run: entry, viaEntry: false }, 'the entry itself keeps its arguments');
    const other = path.join(PETS, 'make-data.js');
    assert.deepEqual(scriptToRun(other, true, entry, REPO), { run: { script: other, args: [], cwd: REPO }, viaEntry: false });
  });

  it('reads arguments as a shell would, refuses shell syntax, and shows an entry as a command line', () => {
    assert.deepEqual(parseArgs('--epochs 1 --name "a b"'), ['--epochs', '1', '--name', 'a b']);
    assert.deepEqual(parseArgs(''), []);
    assert.match((parseArgs('--epochs 1 && rm -rf x') as { error: string }).error, /"&&" is shell syntax/);
    assert.match((parseArgs('--tag #1') as { error: string }).error, /comment/);
    assert.equal(describeEntry({ script: path.join(PETS, 'train.js'), args: ['--epochs', '1', '--name', 'a b'], cwd: PETS }), "train.js --epochs 1 --name 'a b'");
  });
});
