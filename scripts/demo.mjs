// `npm run demo`: traces the pets example's splitter and labeller with the real CLI, which prints what
// they received. Builds the runtime and the CLI first, and generates the example's images if missing;
// fails unless both callables were recorded.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TRACE = path.join('.trainspect', 'pets-demo.jsonl');
const TARGETS = ['splitter', 'labelFromFilename'];

/** Runs node with these arguments in the repository root; returns its exit code. */
function node(args, what) {
  console.log(`\n$ node ${args.join(' ')}`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw new Error(`${what} could not start: ${result.error.message}`);
  return result.status ?? 1;
}

function fail(message) {
  console.error(`demo: ${message}`);
  process.exit(1);
}

/** The callables of TARGETS that the trace holds no call of. */
function unrecorded(traceFile) {
  const events = fs.readFileSync(traceFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  return TARGETS.filter((name) => !events.some((e) => e.type === 'call' && e.callable === name));
}

if (node(['esbuild.js', 'runtime', 'cli'], 'the build') !== 0) fail('the build failed');
for (const built of ['dist/cli/trainspect.js', 'dist/runtime/preload.js']) {
  if (!fs.existsSync(path.join(root, built))) fail(`the build did not produce ${built}`);
}

const imageDir = path.join(root, 'examples', 'pets', 'data', 'images');
if (!fs.existsSync(imageDir) || fs.readdirSync(imageDir).length === 0) {
  if (node(['examples/pets/make-data.js'], 'the data generator') !== 0) fail('generating the images failed');
}

const code = node(['dist/cli/trainspect.js', 'run', 'examples/pets/train.js', ...TARGETS.flatMap((t) => ['--trace', t]), '--out', TRACE], 'the CLI');
const traceFile = path.join(root, TRACE);
if (!fs.existsSync(traceFile)) fail(`the CLI wrote no trace (exit code ${code})`);
console.log(`\nPrint it again with: node dist/cli/trainspect.js show ${TRACE}`);
if (code !== 0) fail(`the CLI exited with code ${code}`);
const missing = unrecorded(traceFile);
if (missing.length) fail(`no call of ${missing.join(', ')} was recorded`);
