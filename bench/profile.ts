// Where a traced run's extra time goes: CPU profiles (`node --cpu-prof`) of the pets example untraced
// and traced (the script's process; the CLI's own process apart), as self time per category, before
// training (until the first sample inside fitDataset) and during it. Profiling slows everything a
// little; this attributes time, scripts/bench.ts measures it. docs/benchmarks.md.
// The traced runs find the example's files in the transform cache (one traced run first fills it);
// `--cold` turns the cache off, so that every traced run instruments them.
//   node --import tsx bench/profile.ts [--repeats 3] [--epochs 3] [--cold]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleMap, summarize, type CpuProfile, type ProfileSummary } from './cpu-profile';
import { flag, numberOption } from './options';

const root = path.resolve(__dirname, '..');
const REPEATS = numberOption('--repeats', 3);
const EPOCHS = numberOption('--epochs', 3);
const COLD = flag('--cold');
/** For traced runs: the transform cache off with --cold (src/runtime/transform-cache.ts). */
const tracedEnv: Record<string, string> = COLD ? { TRAINSPECT_CACHE_DIR: '' } : {};
const dir = path.join(root, '.trainspect', 'bench', 'profiles');
const train = path.join('examples', 'pets', 'train.js');
const cli = path.join(root, 'dist', 'cli', 'trainspect.js');
const PROFILE_FLAGS = ['--cpu-prof', '--cpu-prof-interval=250'];

function run(args: string[], env: Record<string, string> = {}): void {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, PETS_TIMING: '1', ...env } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
}

/** The one new .cpuprofile in folder after fn ran. */
function profiled(folder: string, fn: () => void): CpuProfile {
  fs.mkdirSync(folder, { recursive: true });
  const before = new Set(fs.readdirSync(folder));
  fn();
  const added = fs.readdirSync(folder).filter((f) => !before.has(f) && f.endsWith('.cpuprofile'));
  if (added.length !== 1) throw new Error(`expected one new profile in ${folder}, found ${added.length}`);
  return JSON.parse(fs.readFileSync(path.join(folder, added[0]), 'utf8')) as CpuProfile;
}

if (spawnSync(process.execPath, ['esbuild.js', 'runtime', 'cli'], { cwd: root, stdio: 'inherit' }).status !== 0) throw new Error('the build failed');
fs.rmSync(dir, { recursive: true, force: true });
// The CLI starts the script with `--node <path>`: a wrapper that adds the profiling flags.
const wrapper = path.join(dir, 'node-cpu-prof');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" ${PROFILE_FLAGS.join(' ')} --cpu-prof-dir="${path.join(dir, 'traced')}" "$@"\n`, { mode: 0o755 });

const bundles = [
  bundleMap('dist/runtime/preload.js', 'Trainspect runtime', fs.readFileSync(path.join(root, 'dist', 'runtime', 'preload.js'), 'utf8')),
  bundleMap('dist/runtime/instrumenter.js', 'Trainspect instrumenter', fs.readFileSync(path.join(root, 'dist', 'runtime', 'instrumenter.js'), 'utf8')),
  bundleMap('dist/cli/trainspect.js', 'Trainspect CLI', fs.readFileSync(cli, 'utf8')),
];
const userDir = path.join(root, 'examples', 'pets');
const kinds = ['untraced', 'traced', 'cli'] as const;
const summaries: Record<(typeof kinds)[number], ProfileSummary[]> = { untraced: [], traced: [], cli: [] };
const tracedArgs = (node: string[]): string[] => [cli, 'run', ...node, '--trace', 'splitter', '--trace', 'labelFromFilename', '--keep-running', '--quiet',
  '--out', path.join(dir, 'trace.jsonl'), train, '--', '--epochs', String(EPOCHS)];
if (!COLD) run(tracedArgs([]), tracedEnv); // fills the transform cache, as any earlier run of the same files would have
for (let i = 0; i < REPEATS; i++) {
  const untraced = profiled(path.join(dir, 'untraced'), () => run([...PROFILE_FLAGS, `--cpu-prof-dir=${path.join(dir, 'untraced')}`, train, '--epochs', String(EPOCHS)]));
  let traced: CpuProfile | undefined;
  const cliProfile = profiled(path.join(dir, 'cli'), () => {
    traced = profiled(path.join(dir, 'traced'), () => run([...PROFILE_FLAGS, `--cpu-prof-dir=${path.join(dir, 'cli')}`, ...tracedArgs(['--node', wrapper])], tracedEnv));
  });
  // A profile with no sample inside fitDataset cannot be split into before and during training: say so, leave it out.
  for (const [kind, profile] of [['untraced', untraced], ['traced', traced!]] as const) {
    const summary = summarize(profile, 'fitDataset', bundles, userDir);
    if (summary.windowEnded) summaries[kind].push(summary);
    else console.log(`  the ${kind} profile of pair ${i + 1} has no sample inside fitDataset: left out`);
  }
  summaries.cli.push(summarize(cliProfile, 'fitDataset', bundles, userDir)); // never in fitDataset: all of it is "start-up"
  console.log(`profiled pair ${i + 1}/${REPEATS}`);
}

/** Mean ms per run of each category in a window. */
const meanOf = (list: ProfileSummary[], window: 'startup' | 'rest'): Record<string, number> => {
  const sums: Record<string, number> = {};
  for (const s of list) for (const [k, v] of Object.entries(s[window])) sums[k] = (sums[k] ?? 0) + v / list.length;
  return sums;
};
for (const window of ['startup', 'rest'] as const) {
  const u = meanOf(summaries.untraced, window);
  const t = meanOf(summaries.traced, window);
  const total = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  console.log(`\n${window === 'startup' ? 'Before training (until fitDataset)' : 'Training and after'}, the script's process, mean sampled ms per run (${summaries.untraced.length} untraced, ${summaries.traced.length} traced):`);
  console.log(`${'category'.padEnd(58)}${'untraced'.padStart(10)}${'traced'.padStart(10)}${'traced − untraced'.padStart(20)}`);
  const keys = [...new Set([...Object.keys(u), ...Object.keys(t)])].sort((a, b) => Math.abs((t[b] ?? 0) - (u[b] ?? 0)) - Math.abs((t[a] ?? 0) - (u[a] ?? 0)));
  for (const k of keys.slice(0, 18)) {
    console.log(`${k.slice(0, 56).padEnd(58)}${(u[k] ?? 0).toFixed(1).padStart(10)}${(t[k] ?? 0).toFixed(1).padStart(10)}${((t[k] ?? 0) - (u[k] ?? 0)).toFixed(1).padStart(20)}`);
  }
  console.log(`${'all (idle included)'.padEnd(58)}${total(u).toFixed(1).padStart(10)}${total(t).toFixed(1).padStart(10)}${(total(t) - total(u)).toFixed(1).padStart(20)}`);
}
const c = meanOf(summaries.cli, 'startup');
const busy = Object.entries(c).filter(([k]) => k !== '(idle)').reduce((a, [, v]) => a + v, 0);
console.log(`\nThe CLI's own process: ${busy.toFixed(1)} ms busy per run (after Node's own boot, which the profile does not see), ${(c['(idle)'] ?? 0).toFixed(0)} ms idle.`);
console.log(`Profiles: ${path.relative(root, dir)}/{untraced,traced,cli}/*.cpuprofile (open them in Chrome DevTools or VS Code).`);
