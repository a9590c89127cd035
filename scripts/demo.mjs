// `npm run demo`: traces the pets example's splitter and labeller with the real CLI, then says what
// they received. Builds the runtime and the CLI first, and generates the example's images if missing.
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

// --- a few words for a preview (docs/trace-format.md), enough for this summary ---
const MAX_ITEMS = 3;
function describe(p) {
  switch (p?.kind) {
    case 'array': {
      const types = p.elements.types.length === 1 ? `${p.elements.types[0]}s` : 'items';
      const first = p.items.slice(0, MAX_ITEMS).map(inline).join(', ') + (p.length > MAX_ITEMS ? ', …' : '');
      return `${p.className} of ${p.length.toLocaleString('en-US')} ${types}${p.length ? `: [${first}]` : ''}`;
    }
    case 'tensor': return `${p.className} ${p.dtype} [${p.shape.join(',')}]`;
    case 'object': return `${p.className} {${p.entries.map((e) => e.key).join(', ')}}`;
    default: return inline(p);
  }
}
function inline(p) {
  switch (p?.kind) {
    case 'string': return JSON.stringify(shorten(p.value)) + (p.truncated ? '…' : '');
    case 'number': case 'boolean': case 'bigint': return String(p.value);
    case 'null': case 'undefined': return p.kind;
    case 'array': return `${p.className}(${p.length})`;
    case 'typedarray': return `${p.className}(${p.length})`;
    case 'tensor': return `Tensor ${p.dtype} [${p.shape.join(',')}]`;
    case 'object': return `${p.className}{…${p.keyCount} keys}`;
    case 'error': return `${p.className}: ${p.message}`;
    default: return p ? p.kind : '?';
  }
}
/** Paths inside the repository are shown relative to it. */
const shorten = (text) => (text.startsWith(root + path.sep) ? path.relative(root, text) : text);

function summarise(traceFile) {
  const events = fs.readFileSync(traceFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const calls = events.filter((e) => e.type === 'call');
  console.log('\nWhat the traced callables received:');
  for (const name of TARGETS) {
    const own = calls.filter((c) => c.callable === name);
    if (own.length === 0) {
      console.log(`  ${name}: no call recorded`);
      continue;
    }
    const { site } = own[0];
    console.log(`  ${name} (${shorten(site.file)}:${site.line}), ${own.length} call${own.length === 1 ? '' : 's'} recorded:`);
    for (const c of own) {
      const outcome = c.error ? `threw ${inline(c.error)}` : `returned ${describe(c.result)}`;
      const caller = c.stack.find((f) => f.user);
      console.log(`    #${c.callNumber} received ${c.args.map(describe).join(', ')}`);
      console.log(`       ${outcome}${caller ? `; called from ${shorten(caller.file)}:${caller.line}` : ''}`);
    }
  }
  const limit = events.find((e) => e.type === 'limit');
  const exit = events.find((e) => e.type === 'exit');
  if (limit) console.log(`  The run stopped by itself (${limit.reason}).`);
  return { calls, exit };
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
const { calls } = summarise(traceFile);
console.log(`\nTrace: ${traceFile}  (print it again: node dist/cli/trainspect.js show ${TRACE})`);
if (code !== 0) fail(`the CLI exited with code ${code}`);
if (!TARGETS.every((name) => calls.some((c) => c.callable === name))) fail('not every traced callable was recorded');
