// The runner with real child processes, the real runtime and real TF.js, on the fixtures in
// test/fixtures/runner.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TraceEvent } from '../../src/protocol/events';
import type { ArrayPreview, ObjectPreview, StringPreview } from '../../src/protocol/preview';
import { encodeEvent, parseTrace } from '../../src/protocol/trace-format';
import { OUTPUT_EVENT_LIMIT } from '../../src/host/runner';
import { buildOnce, callsOf, FIXTURES, lineOf, noticesOf, plainNode, processAlive, trace, waitFor } from './helpers';

describe('runner: traced runs of real scripts', function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-runner-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('captures what the splitter and the labeller receive and return, at their source lines', async () => {
    const r = await trace('pets.js', { args: ['20', '50'], targets: ['splitter', 'labeller'], maxCalls: 3 });
    const [split] = callsOf(r.events, 'splitter');
    assert.ok(split, 'a splitter call');
    assert.equal(split.site.file, path.join(FIXTURES, 'pets.js'));
    assert.equal(split.site.line, lineOf('pets.js', 'function splitter'));
    const items = split.args[0] as ArrayPreview;
    assert.equal(items.kind, 'array');
    assert.equal(items.length, 20);
    assert.deepEqual(items.elements.types, ['string']);
    assert.equal((items.items[0] as StringPreview).value, path.join('images', 'Abyssinian_0.png'));
    const result = split.result as ObjectPreview;
    assert.deepEqual(result.entries.map((e) => [e.key, (e.value as ArrayPreview).length]), [['train', 16], ['valid', 4]]);
    assert.ok(split.stack.some((f) => f.user && f.file === path.join(FIXTURES, 'pets.js') && f.function === 'main'), JSON.stringify(split.stack));

    const labels = callsOf(r.events, 'labeller');
    assert.deepEqual(labels.map((c) => c.callNumber), [1, 2, 3]);
    assert.deepEqual(labels.map((c) => (c.args[0] as StringPreview).value), [1, 2, 3].map((i) => path.join('images', `${['Abyssinian', 'Bengal', 'beagle'][i % 3]}_${i}.png`)));
    assert.deepEqual(labels.map((c) => (c.result as StringPreview).value), ['Bengal', 'beagle', 'Abyssinian']);
    assert.deepEqual(callsOf(r.events).map((c) => c.seq), [1, 2, 3, 4]);
  });

  it('starts no ESM loader thread for a CommonJS script that loads no ES module', async () => {
    const r = await trace('esm-hooks.js', { targets: ['splitter'] });
    assert.equal(r.exit.code, 0, r.stderr.toString());
    assert.equal(r.stdout.toString(), 'esm hooks registered: false\n');
    assert.equal(callsOf(r.events, 'splitter').length, 1);
  });

  it('stops the script once every target was recorded N times', async () => {
    const r = await trace('pets.js', { args: ['20', '100'], targets: ['labeller'], maxCalls: 2 });
    assert.equal(r.exit.stoppedBy, 'limit');
    assert.equal(r.exit.signal, 'SIGTERM');
    const limit = r.events.find((e) => e.type === 'limit');
    assert.ok(limit && limit.type === 'limit' && limit.reason === 'max-calls', JSON.stringify(limit));
    assert.equal(callsOf(r.events, 'labeller').length, 2);
    assert.ok(noticesOf(r.events).some((n) => n.code === 'stopped'));
    assert.doesNotMatch(r.stdout.toString(), /done/, 'stopped before the script reached its end');
    assert.equal(r.events.at(-1), r.exit);
  });

  it('lets the script finish when asked to keep running, still recording only N calls', async () => {
    const r = await trace('pets.js', { args: ['20', '10'], targets: ['labeller'], maxCalls: 3 }, (run) => run.keepRunning());
    assert.equal(r.exit.stoppedBy, null);
    assert.equal(r.exit.code, 0);
    assert.match(r.stdout.toString(), /label 16 Bengal\ndone\n$/);
    assert.equal(callsOf(r.events, 'labeller').length, 3);
    assert.ok(r.events.some((e) => e.type === 'limit'), 'the limit is still reported');
  });

  it('stops at the start of training when a target was called and training began (real TF.js fit)', async () => {
    const r = await trace('tfjs-train.js', { targets: ['labeller'], maxCalls: 10 });
    const limit = r.events.find((e) => e.type === 'limit');
    assert.ok(limit && limit.type === 'limit' && limit.reason === 'training-started', JSON.stringify(limit));
    assert.ok(r.events.some((e) => e.type === 'phase' && e.api === 'fit'));
    assert.equal(r.exit.stoppedBy, 'limit');
    assert.equal(callsOf(r.events, 'labeller').length, 4);
    assert.match(r.stdout.toString(), /training/);
    assert.doesNotMatch(r.stdout.toString(), /trained/);
  });

  it('says at once when training begins that a target was never loaded or not called, and lets the run go on', async () => {
    const told: string[] = [];
    const r = await trace('train-unseen.js', { targets: ['labeler', 'augment', 'labeller'] }, (run) => {
      run.on('event', (e: TraceEvent) => {
        if (e.type !== 'notice' || !e.code.startsWith('target-')) return;
        told.push(e.code);
        if (told.length === 2) void run.stop();
      });
    });
    const notices = noticesOf(r.events).filter((n) => n.code.startsWith('target-'));
    assert.deepEqual(notices.map((n) => n.code), ['target-not-found', 'target-not-called']);
    assert.match(notices[0].message, /Training has begun \(fit\) and no callable "labeler" has been loaded\. Callables seen: labeller, augment, main, files\.map\./);
    assert.match(notices[1].message, /"augment" \(.*train-unseen\.js:6\) has not been called yet/);
    const phase = r.events.findIndex((e) => e.type === 'phase');
    assert.ok(phase >= 0 && r.events.indexOf(notices[0]) > phase, 'told after the phase event');
    assert.equal(r.exit.stoppedBy, 'user', 'the run went on until stopped');
    assert.doesNotMatch(r.stdout.toString(), /trained/);
  });

  it('does not repeat at the end a target notice written when training began', async () => {
    const r = await trace('train-unseen.js', { targets: ['augment', 'labeller'], env: { TRAINSPECT_TEST_EPOCHS: '2' } });
    assert.equal(r.exit.code, 0, r.stderr.toString());
    assert.match(r.stdout.toString(), /trained/);
    const notices = noticesOf(r.events).filter((n) => n.code.startsWith('target-'));
    assert.deepEqual(notices.map((n) => n.code), ['target-not-called']);
    assert.match(notices[0].message, /^Training has begun/);
  });

  it('passes stdout, stderr and the exit code through byte for byte, as plain node gives them', async () => {
    const plain = plainNode('output-bytes.js');
    const r = await trace('output-bytes.js');
    assert.equal(plain.status, 7);
    assert.equal(r.exit.code, 7);
    assert.deepEqual(r.stdout, plain.stdout);
    assert.deepEqual(r.stderr, plain.stderr);
    const recorded = r.events.flatMap((e) => (e.type === 'output' && e.stream === 'stderr' ? [e.text] : [])).join('');
    assert.equal(recorded, 'err: ünïcödé\n');
  });

  it('leaves the stderr and exit code of a script that throws as plain node has them', async () => {
    const plain = plainNode('throws.js');
    const r = await trace('throws.js', { targets: ['splitter'] });
    assert.equal(r.exit.code, plain.status);
    assert.equal(r.exit.code, 1);
    assert.equal(r.stderr.toString(), plain.stderr.toString());
    assert.equal(r.stdout.toString(), 'train 2\n');
    const uncaught = r.events.find((e) => e.type === 'uncaught');
    assert.ok(uncaught && uncaught.type === 'uncaught' && uncaught.error.kind === 'error' && uncaught.error.className === 'TypeError', JSON.stringify(uncaught));
    assert.equal(callsOf(r.events, 'splitter').length, 1);
  });

  it('reports the exit code of process.exit(3) inside a traced callable', async () => {
    const r = await trace('exit-inside.js', { targets: ['splitter'] });
    assert.equal(r.exit.code, 3);
    assert.equal(r.exit.stoppedBy, null);
    assert.equal(r.stdout.toString(), 'splitting 2\n');
    assert.doesNotThrow(() => parseTrace(r.events.map(encodeEvent).join('')));
  });

  it('says a missing script is missing, without starting anything', async () => {
    const r = await trace('no-such-script.js', { targets: ['splitter'] });
    assert.equal(r.pid, undefined);
    assert.deepEqual(r.events.map((e) => e.type), ['run', 'notice', 'exit']);
    assert.equal(noticesOf(r.events)[0].code, 'script-not-found');
    assert.equal(r.exit.code, null);
  });

  it('says so when node cannot be started', async () => {
    const r = await trace('pets.js', { nodePath: path.join(tmp, 'no-node-here') });
    assert.equal(noticesOf(r.events)[0].code, 'spawn-failed');
    assert.equal(r.events[0].type, 'run');
    assert.equal(r.exit.code, null);
  });

  it('explains a syntax error and keeps node\'s own message', async () => {
    const plain = plainNode('syntax-error.js');
    const r = await trace('syntax-error.js', { targets: ['splitter'] });
    assert.equal(r.exit.code, plain.status);
    const upToMessage = (s: string): string => s.slice(0, s.indexOf('\n', s.indexOf('SyntaxError:')));
    assert.equal(upToMessage(r.stderr.toString()), upToMessage(plain.stderr.toString()));
    assert.ok(noticesOf(r.events).some((n) => n.code === 'syntax-error' && /syntax error/.test(n.message)), JSON.stringify(noticesOf(r.events)));
  });

  it('says clearly when a target is never called or never found, and does not hang', async () => {
    const r = await trace('never-called.js', { targets: ['splitter', 'trainTestSplit'] });
    assert.equal(r.exit.code, 0);
    const notices = noticesOf(r.events);
    assert.ok(notices.some((n) => n.code === 'target-not-called' && n.message.includes('"splitter"')), JSON.stringify(notices));
    assert.ok(notices.some((n) => n.code === 'target-not-found' && n.message.includes('"trainTestSplit"')), JSON.stringify(notices));
  });

  it('says how to install TensorFlow.js when the script cannot find it', async () => {
    const r = await trace('tfjs-missing.js');
    assert.equal(r.exit.code, 1);
    const notice = noticesOf(r.events).find((n) => n.code === 'tfjs-missing');
    assert.ok(notice, JSON.stringify(noticesOf(r.events)));
    assert.match(notice.message, /npm install @tensorflow\/tfjs-not-installed-anywhere/);
    assert.match(r.stderr.toString(), /Cannot find module '@tensorflow\/tfjs-not-installed-anywhere'/);
  });

  it('keeps hostile values as data: HTML stays a string, a circular object is marked', async () => {
    const r = await trace('hostile.js', { targets: ['labeller'] });
    const [html, circular] = callsOf(r.events, 'labeller');
    assert.deepEqual(html.args[0], { kind: 'string', value: '<img src=x onerror="alert(1)"><script>alert(2)</script>', length: 55 });
    assert.equal((html.result as StringPreview).value, '<b>string</b>');
    const self = (circular.args[0] as ObjectPreview).entries.find((e) => e.key === 'self');
    assert.equal(self?.value.kind, 'circular');
  });

  it('bounds the preview and the event of a 1,000,000-element argument', async () => {
    const r = await trace('big-arg.js', { targets: ['splitter'] });
    assert.equal(r.exit.code, 0);
    const [call] = callsOf(r.events, 'splitter');
    const items = call.args[0] as ArrayPreview;
    assert.equal(items.length, 1_000_000);
    assert.ok(items.items.length <= 10);
    assert.ok(encodeEvent(call).length < 64 * 1024, `${encodeEvent(call).length} bytes`);
    assert.deepEqual(((call.result as ObjectPreview).entries.map((e) => (e.value as ArrayPreview).length)), [800_000, 200_000]);
  });

  it('traces an ES module (.mjs)', async () => {
    const r = await trace('esm-pets.mjs', { targets: ['splitter', 'labeller'], maxCalls: 2, keepRunning: true });
    assert.equal(r.exit.code, 0);
    const [split] = callsOf(r.events, 'splitter');
    assert.equal(split.site.file, path.join(FIXTURES, 'esm-pets.mjs'));
    assert.equal(split.site.line, lineOf('esm-pets.mjs', 'function splitter'));
    assert.equal((split.args[0] as ArrayPreview).length, 10);
    assert.deepEqual(callsOf(r.events, 'labeller').map((c) => (c.result as StringPreview).value), ['Bengal', 'beagle']);
    assert.equal(r.stdout.toString(), plainNode('esm-pets.mjs').stdout.toString());
  });

  it('traces a TypeScript script with the lines of the .ts source', async () => {
    const r = await trace('ts-pets.ts', { targets: ['splitter', 'labeller'], maxCalls: 2, keepRunning: true });
    assert.equal(r.exit.code, 0, r.stderr.toString());
    const [split] = callsOf(r.events, 'splitter');
    assert.equal(split.site.file, path.join(FIXTURES, 'ts-pets.ts'));
    assert.equal(split.site.line, lineOf('ts-pets.ts', 'function splitter'));
    assert.equal(callsOf(r.events, 'labeller')[0].site.line, lineOf('ts-pets.ts', 'const labeller'));
    assert.deepEqual(callsOf(r.events, 'labeller').map((c) => (c.result as StringPreview).value), ['Bengal', 'beagle']);
    assert.equal(r.stdout.toString(), 'Bengal\nbeagle\nAbyssinian\nBengal\nAbyssinian\nBengal\nbeagle\nAbyssinian\n');
  });

  it('stop() kills the script and the process it started', async () => {
    let grandchild = 0;
    const r = await trace('grandchild.js', { targets: ['splitter'] }, (run, stdout) => {
      void waitFor(() => /grandchild (\d+)/.test(stdout())).then(() => {
        grandchild = Number(/grandchild (\d+)/.exec(stdout())![1]);
        assert.ok(processAlive(grandchild));
        return run.stop();
      });
    });
    assert.equal(r.exit.stoppedBy, 'user');
    assert.ok(grandchild > 0);
    await waitFor(() => !processAlive(grandchild), 3000);
  });

  it('stop(signal) passes the signal on (a Ctrl-C the script handles), and SIGKILL follows if it does not end', async () => {
    const handled = await trace('sigint.js', { targets: ['splitter'] }, (run, stdout) => {
      void waitFor(() => stdout().includes('ready')).then(() => run.stop('SIGINT'));
    });
    assert.equal(handled.stdout.toString(), 'ready\ninterrupted\n');
    assert.deepEqual([handled.exit.code, handled.exit.signal, handled.exit.stoppedBy], [130, null, 'user']);
    const started = Date.now();
    const ignored = await trace('sigint.js', { args: ['ignore'], targets: ['splitter'] }, (run, stdout) => {
      void waitFor(() => stdout().includes('ready')).then(() => run.stop('SIGINT'));
    });
    assert.equal(ignored.stdout.toString(), 'ready\ninterrupted\n');
    assert.deepEqual([ignored.exit.code, ignored.exit.signal], [null, 'SIGKILL']);
    assert.ok(Date.now() - started >= 2000, 'SIGKILL came after the grace period');
  });

  it('leaves nothing running when the host process exits during a run', async () => {
    const host = spawnSync(process.execPath, ['--import', 'tsx', path.join(FIXTURES, 'host-exits.ts')], { cwd: FIXTURES, encoding: 'utf8', timeout: 30_000 });
    const match = /pids (\d+) (\d+)/.exec(host.stdout);
    assert.ok(match, host.stdout + host.stderr);
    const [script, grandchild] = [Number(match[1]), Number(match[2])];
    await waitFor(() => !processAlive(script) && !processAlive(grandchild), 3000);
  });

  it('writes a trace file as it goes that reads back as the same events', async () => {
    const file = path.join(tmp, 'deep', 'er', 'pets.jsonl');
    const r = await trace('pets.js', { args: ['10'], targets: ['splitter'], traceFile: file });
    assert.equal(r.traceFile, file);
    const events = parseTrace(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(events, r.events);
    assert.equal(events[0].type, 'run');
    assert.equal(events.at(-1)!.type, 'exit');
    assert.ok(events.some((e) => e.type === 'output' && e.text.includes('split 8/2')));
  });

  it('skips garbage on the event pipe with a notice and goes on', async () => {
    const r = await trace('bad-event.js', { targets: ['splitter'] });
    assert.equal(r.exit.code, 0);
    assert.equal(r.stdout.toString(), 'still running\n');
    assert.ok(noticesOf(r.events).filter((n) => n.code === 'bad-event').length >= 1);
    assert.equal(callsOf(r.events, 'splitter').length, 1);
  });

  it('keeps a bounded amount of output in the trace, with one notice, and passes all of it through', async () => {
    const r = await trace('loud.js');
    assert.equal(r.stdout.length, 1_500_000);
    const kept = r.events.reduce((n, e) => n + (e.type === 'output' ? e.text.length : 0), 0);
    assert.equal(kept, OUTPUT_EVENT_LIMIT);
    assert.equal(noticesOf(r.events).filter((n) => n.code === 'output-truncated').length, 1);
  });
});
