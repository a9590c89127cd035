// `trainspect export --tensorboard`: real training under `trainspect run`, the trace exported, and the
// event files read back by an independent reader (test/fixtures/tensorboard/read_events.py: Python's
// standard library, its own CRC-32C and protobuf decoding), compared with what the logs TF.js handed a
// tfjs-node-style TensorBoard callback in the same run.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../src/host/paths';
import { buildOnce, CLI } from './helpers';

const TB_FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'tensorboard');
const TRAINING = path.join(packageRoot(), 'test', 'fixtures', 'training');

interface ReadEvent {
  wall_time: number;
  step: number;
  file_version?: string;
  values: { tag: string; simple_value: number | string }[];
  other_fields?: number[];
}

function cli(args: string[], cwd = TB_FIXTURES): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

function readLogdir(logdir: string): Record<string, ReadEvent[]> {
  const r = spawnSync('python3', [path.join(TB_FIXTURES, 'read_events.py'), logdir]);
  assert.equal(r.status, 0, r.stderr.toString());
  return JSON.parse(r.stdout.toString()) as Record<string, ReadEvent[]>;
}

/** folder/tag -> [step, value] in file order, from every event file under logdir. */
function scalarsByFolder(files: Record<string, ReadEvent[]>): Map<string, [number, number | string][]> {
  const out = new Map<string, [number, number | string][]>();
  for (const [file, events] of Object.entries(files)) {
    for (const event of events.slice(1)) {
      for (const value of event.values) {
        const key = `${path.dirname(file)} ${value.tag}`;
        out.set(key, [...(out.get(key) ?? []), [event.step, value.simple_value]]);
      }
    }
  }
  return out;
}

describe('cli: trainspect export --tensorboard', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-tensorboard-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes every batch and epoch scalar of a real fit call with tfjs-node\'s folders, tags, steps and float32 values', () => {
    const trace = path.join(tmp, 'fit.jsonl');
    const logged = path.join(tmp, 'callback.json');
    const run = cli(['run', '--quiet', '--out', trace, 'fit-with-callback.cjs', logged]);
    assert.equal(run.status, 0, run.stderr);
    const logdir = path.join(tmp, 'logs');
    const exported = cli(['export', '--tensorboard', logdir, trace]);
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stderr, /^\[trainspect\] wrote 30 scalars to .*logs \(train\/, val\/\)\n\[trainspect\] open it with: tensorboard --logdir .*logs\n$/);

    const files = readLogdir(logdir);
    const names = Object.keys(files).sort();
    assert.deepEqual(names.map((f) => path.dirname(f)), ['train', 'val']);
    const host = os.hostname();
    for (const name of names) {
      assert.match(path.basename(name), new RegExp(`^events\\.out\\.tfevents\\.\\d{10}\\.${host.replace(/\./g, '\\.')}\\.v2$`));
      // Every event file TensorFlow writes begins with these 12 bytes: a 24-byte "brain.Event:2" record.
      assert.equal(fs.readFileSync(path.join(logdir, name)).subarray(0, 12).toString('hex'), '1800000000000000a37f4b22');
    }

    const runStart = Date.parse((JSON.parse(fs.readFileSync(trace, 'utf8').split('\n')[0]) as { startTime: string }).startTime) / 1000;
    for (const events of Object.values(files)) {
      assert.equal(events[0].file_version, 'brain.Event:2');
      assert.deepEqual(events[0].values, []);
      for (const event of events) {
        assert.equal(event.other_fields, undefined);
        assert.ok(event.wall_time >= runStart && event.wall_time < runStart + 120, `wall time ${event.wall_time} in the run (${runStart})`);
      }
    }

    // What the callback got from TF.js: 3 epochs of 3 batches (10 samples, batch size 4), loss and acc
    // per batch; loss, acc, val_loss and val_acc per epoch.
    const expected = new Map<string, [number, number][]>();
    for (const item of JSON.parse(fs.readFileSync(logged, 'utf8')) as { folder: string; tag: string; step: number; value: number }[]) {
      const key = `${item.folder} ${item.tag}`;
      expected.set(key, [...(expected.get(key) ?? []), [item.step, Math.fround(item.value)]]);
    }
    assert.deepEqual([...expected.keys()].sort(), ['train batch_acc', 'train batch_loss', 'train epoch_acc', 'train epoch_loss', 'val epoch_acc', 'val epoch_loss']);
    assert.deepEqual(expected.get('train batch_loss')!.map(([step]) => step), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const read = scalarsByFolder(files);
    assert.deepEqual(new Map([...read].sort()), new Map([...expected].sort()));
  });

  it('gives each fit call and custom loop its own folder when a trace has several, and a custom loop alone its steps in train/', () => {
    const many = path.join(tmp, 'many.jsonl');
    assert.equal(cli(['run', '--quiet', '--out', many, 'fit.cjs'], TRAINING).status, 0);
    const manyLogs = path.join(tmp, 'many-logs');
    const exported = cli(['export', '--tensorboard', manyLogs, many]);
    assert.equal(exported.status, 0, exported.stderr);
    const files = readLogdir(manyLogs);
    assert.deepEqual(Object.keys(files).map((f) => path.dirname(f)).sort(), ['diverges-fit1/train', 'xor-fit1/train', 'xor-fit1/val', 'xor-fit2/train']);
    const read = scalarsByFolder(files);
    // xor's second fit: one epoch of one batch (7 samples, batch size 7): its steps start again at 1.
    assert.deepEqual(read.get('xor-fit2/train batch_loss')!.map(([step]) => step), [1]);
    assert.deepEqual(read.get('xor-fit2/train epoch_loss')!.map(([step]) => step), [1]);
    const epochs = fs.readFileSync(many, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; modelId: number; fitCall: number; epoch: number; logs: Record<string, number> })
      .filter((e) => e.type === 'epoch' && e.fitCall === 1 && e.modelId === 1);
    assert.deepEqual(read.get('xor-fit1/val epoch_loss'), epochs.map((e) => [e.epoch + 1, Math.fround(e.logs.val_loss)]));

    const loop = path.join(tmp, 'loop.jsonl');
    assert.equal(cli(['run', '--quiet', '--out', loop, 'custom-loop.cjs'], TRAINING).status, 0);
    const loopLogs = path.join(tmp, 'loop-logs');
    assert.equal(cli(['export', '--tensorboard', loopLogs, loop]).status, 0);
    const loopRead = scalarsByFolder(readLogdir(loopLogs));
    assert.deepEqual([...loopRead.keys()], ['train batch_loss']);
    assert.deepEqual(loopRead.get('train batch_loss')!.map(([step]) => step), [1, 2, 3, 4, 5]);

    // Exported again into the same logdir: the same files are replaced, not doubled.
    assert.equal(cli(['export', '--tensorboard', loopLogs, loop]).status, 0);
    assert.deepEqual(scalarsByFolder(readLogdir(loopLogs)), loopRead);
  });

  it('says what is wrong with a missing, foreign or damaged trace, or a logdir it cannot write, and exits as docs/cli.md lists', () => {
    const missing = cli(['export', '--tensorboard', path.join(tmp, 'x'), path.join(tmp, 'nope.jsonl')]);
    assert.equal(missing.status, 66);
    assert.match(missing.stderr, /error: cannot read .*nope\.jsonl: ENOENT/);

    const foreign = path.join(tmp, 'foreign.jsonl');
    fs.writeFileSync(foreign, '{"hello": 1}\n');
    const notTrace = cli(['export', '--tensorboard', path.join(tmp, 'y'), foreign]);
    assert.equal(notTrace.status, 65);
    assert.match(notTrace.stderr, /is not a Trainspect trace: .*; nothing was written\./);
    assert.equal(fs.readdirSync(path.join(tmp, 'y')).length, 0);

    const loop = path.join(tmp, 'loop.jsonl'); // from the test above
    const lines = fs.readFileSync(loop, 'utf8').split('\n');
    const stepLines = lines.map((l, i) => (l.includes('"type":"step"') ? i : -1)).filter((i) => i >= 0);
    lines[stepLines[1]] = '{"type":"step", <damaged';
    const damaged = path.join(tmp, 'damaged.jsonl');
    fs.writeFileSync(damaged, lines.join('\n'));
    const damagedLogs = path.join(tmp, 'damaged-logs');
    const r = cli(['export', '--tensorboard', damagedLogs, damaged]);
    assert.equal(r.status, 65);
    assert.match(r.stderr, new RegExp(`error: .*damaged\\.jsonl is damaged: line ${stepLines[1] + 1} \\(.+\\) could not be read and was skipped; the rest was exported\\.`));
    assert.deepEqual(scalarsByFolder(readLogdir(damagedLogs)).get('train batch_loss')!.map(([step]) => step), [1, 3, 4, 5]);

    const blocked = path.join(tmp, 'a-file');
    fs.writeFileSync(blocked, '');
    const unwritable = cli(['export', '--tensorboard', path.join(blocked, 'logs'), loop]);
    assert.equal(unwritable.status, 73);
    assert.match(unwritable.stderr, /error: cannot write to .*a-file\/logs: .*; nothing was written\./);

    const noTraining = path.join(tmp, 'plain.jsonl');
    fs.writeFileSync(noTraining, lines[0] + '\n');
    const none = cli(['export', '--tensorboard', path.join(tmp, 'z'), noTraining]);
    assert.equal(none.status, 0, none.stderr);
    assert.match(none.stderr, /note: .*plain\.jsonl holds no losses or metrics .*; nothing was written\./);
  });
});
