// `trainspect report` and `trainspect run --report` on real runs: the file written (one self-contained
// page: its CSP, the embedded events a panel saves of the same run (its catch-up), a hostile captured string
// escaped), the exit codes (66, 65, 73), written whole or not at all, and its size for a long run.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../src/host/paths';
import { isReportData, REPORT_DATA_ID, type ReportData } from '../../src/protocol/report-data';
import { buildOnce, catchUpOfTrace, CLI } from './helpers';

const REPORT_FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'report');

function cli(args: string[], cwd = REPORT_FIXTURES): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stderr: r.stderr.toString() };
}

/** The run embedded in a report, read back as the page reads it. */
export function embeddedData(html: string): ReportData {
  const match = new RegExp(`<script type="application/json" id="${REPORT_DATA_ID}">([^<]*)</script>`).exec(html);
  assert.ok(match, 'the report embeds its run');
  const data: unknown = JSON.parse(match[1]);
  assert.ok(isReportData(data), 'the embedded run is a report\'s');
  return data;
}

describe('cli: trainspect report and run --report', function () {
  this.timeout(120_000);
  let tmp: string;
  let trace: string;
  let runReport: string;
  let runStderr: string;

  before(() => {
    buildOnce();
    execFileSync(process.execPath, ['esbuild.js', 'webview'], { cwd: packageRoot(), stdio: 'inherit' });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-report-'));
    trace = path.join(tmp, 'everything.jsonl');
    runReport = path.join(tmp, 'reports', 'run.html'); // a folder that does not exist yet
    const r = cli(['run', '--quiet', '--shapes', 'all', '--out', trace, '--report', runReport, 'everything.cjs']);
    runStderr = r.stderr;
    assert.equal(r.status, 1, `the script's own exit code (its post-mortem's error): ${r.stderr}`);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('run --report writes the run\'s report once it has ended: one page, nothing it loads, the catch-up events a panel saves of the run', async () => {
    assert.match(runStderr, /\[trainspect\] trace written to .*everything\.jsonl\n\[trainspect\] report written to .*run\.html, \d+ KB/);
    const html = fs.readFileSync(runReport, 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none'; script-src 'sha256-[^']+' 'sha256-[^']+'; style-src( 'sha256-[^']+'){4}; font-src data:; img-src data:/);
    // nothing from elsewhere: no src= or href= of a file or a host, the codicons' font inline
    assert.doesNotMatch(html, /<(script|link|img)[^>]*\s(src|href)=/i);
    assert.match(html, /url\("data:font\/ttf;base64,/);
    assert.match(html, /<noscript>.*open it in a browser with JavaScript on/);
    const data = embeddedData(html);
    const caughtUp = await catchUpOfTrace(trace);
    assert.deepEqual(data.events, caughtUp.filter((e) => e.type !== 'output'), 'the catch-up events of the whole trace, but output');
    assert.ok(caughtUp.some((e) => e.type === 'output'), 'the script wrote output (TF.js\'s banner)');
    for (const type of ['call', 'model', 'batch', 'epoch', 'weights', 'pipeline', 'images', 'health', 'shape-site', 'shapes', 'postmortem']) assert.ok(data.events.some((e) => e.type === type), `a ${type} event`);
    assert.equal(data.title, 'everything.cjs');
    assert.deepEqual(data.damaged, { count: 0, first: [] });
  });

  it('keeps a hostile captured string as data: no "</script>" or "<img" of it in the page, the same string back from its JSON', () => {
    const html = fs.readFileSync(runReport, 'utf8');
    const hostile = '</script><img src=x onerror="window.__pwned=1">';
    assert.equal(html.includes('<img src=x'), false);
    assert.equal((html.match(/<\/script>/g) ?? []).length, 3, 'the data and the two scripts end where they should');
    assert.ok(JSON.stringify(embeddedData(html).events).includes(JSON.stringify(hostile).slice(1, -1)), 'the captured string, whole');
  });

  it('trainspect report <trace> <out.html> writes the same report from the trace; an existing file is replaced whole', () => {
    const out = path.join(tmp, 'again.html');
    fs.writeFileSync(out, 'an older report');
    const r = cli(['report', trace, out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /^\[trainspect\] report written to .*again\.html, \d+ KB/);
    const again = embeddedData(fs.readFileSync(out, 'utf8'));
    const first = embeddedData(fs.readFileSync(runReport, 'utf8'));
    assert.deepEqual({ ...again, writtenAt: 0 }, { ...first, writtenAt: 0 });
    assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
  });

  it('exit codes: 66 for a missing trace, 65 for a file that is not a trace, 73 for a report it cannot write; nothing written, an older file kept', () => {
    const out = path.join(tmp, 'kept.html');
    fs.writeFileSync(out, 'kept');
    let r = cli(['report', path.join(tmp, 'missing.jsonl'), out]);
    assert.equal(r.status, 66, r.stderr);
    assert.match(r.stderr, /cannot read .*missing\.jsonl/);
    const notTrace = path.join(tmp, 'notes.jsonl');
    fs.writeFileSync(notTrace, '{"hello":"world"}\n');
    r = cli(['report', notTrace, out]);
    assert.equal(r.status, 65, r.stderr);
    assert.match(r.stderr, /notes\.jsonl is not a Trainspect trace: .*nothing was written/);
    const aFile = path.join(tmp, 'a-file');
    fs.writeFileSync(aFile, '');
    r = cli(['report', trace, path.join(aFile, 'out.html')]);
    assert.equal(r.status, 73, r.stderr);
    assert.match(r.stderr, /cannot write .*a-file\/out\.html: .*nothing was written/);
    r = cli(['report', trace, tmp]);
    assert.equal(r.status, 73, r.stderr);
    assert.match(r.stderr, /it is a folder; nothing was written/);
    assert.equal(fs.readFileSync(out, 'utf8'), 'kept');
    const traceBefore = fs.readFileSync(trace, 'utf8');
    r = cli(['report', trace, trace]);
    assert.equal(r.status, 73, r.stderr);
    assert.match(r.stderr, /cannot write the report to .*everything\.jsonl: it is the trace itself; nothing was written/);
    assert.equal(fs.readFileSync(trace, 'utf8'), traceBefore);
    r = cli(['report']);
    assert.equal(r.status, 64, r.stderr);
  });

  it('run --report to a place it cannot write: 73 before the script runs, no trace', () => {
    const aFile = path.join(tmp, 'not-a-folder');
    fs.writeFileSync(aFile, '');
    const out = path.join(tmp, 'never.jsonl');
    const r = cli(['run', '--out', out, '--report', path.join(aFile, 'r.html'), 'everything.cjs']);
    assert.equal(r.status, 73, r.stderr);
    assert.match(r.stderr, /cannot write .*not-a-folder\/r\.html: .*\. Nothing was run\./);
    assert.equal(fs.existsSync(out), false);
    const same = cli(['run', '--out', out, '--report', out, 'everything.cjs']);
    assert.equal(same.status, 73, same.stderr);
    assert.match(same.stderr, /it is the trace itself\. Nothing was run\./);
    assert.equal(fs.existsSync(out), false);
  });

  it('a damaged trace: 65, the report written with the rest, and the damaged lines named in it', () => {
    const damaged = path.join(tmp, 'damaged.jsonl');
    const lines = fs.readFileSync(trace, 'utf8').split('\n');
    lines.splice(3, 0, 'not an event');
    fs.writeFileSync(damaged, `${lines.join('\n')}{"type":"ba`); // and cut off mid-line at the end
    const out = path.join(tmp, 'damaged.html');
    const r = cli(['report', damaged, out]);
    assert.equal(r.status, 65, r.stderr);
    assert.match(r.stderr, /damaged\.jsonl is damaged: 2 lines could not be read and were skipped \(the first: line 4, .*\); the report shows the rest and says so\./);
    const data = embeddedData(fs.readFileSync(out, 'utf8'));
    assert.equal(data.damaged.count, 2);
    assert.deepEqual(data.damaged.first.map((d) => [d.line, d.cut]), [[4, false], [lines.length, true]]);
    assert.ok(data.events.some((e) => e.type === 'postmortem'));
  });

  it('stays small for a 100,000-batch trace: per-batch events thinned as the panel keeps them', function () {
    this.timeout(180_000);
    // The real run's trace with its fit call's batches and memory repeated to 100,000 (their values
    // changed), as a long fit writes them; a real 100,000-batch run measured is in docs/cli.md.
    const long = path.join(tmp, 'long.jsonl');
    const events = fs.readFileSync(trace, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const batch = events.find((e) => e.type === 'batch')!;
    const memory = events.find((e) => e.type === 'memory')!;
    const at = events.indexOf(batch);
    const fd = fs.openSync(long, 'w');
    for (const e of events.slice(0, at)) fs.writeSync(fd, `${JSON.stringify(e)}\n`);
    for (let i = 0; i < 100_000; i++) {
      const logs = { loss: 1 / (1 + i / 1000), acc: Math.min(1, i / 50_000) };
      fs.writeSync(fd, `${JSON.stringify({ ...batch, epoch: Math.floor(i / 1000), batch: i % 1000, logs })}\n${JSON.stringify({ ...memory, epoch: Math.floor(i / 1000), batch: i % 1000 })}\n`);
    }
    for (const e of events.slice(at).filter((e) => e.type !== 'batch' && e.type !== 'memory')) fs.writeSync(fd, `${JSON.stringify(e)}\n`);
    fs.closeSync(fd);
    const out = path.join(tmp, 'long.html');
    const started = Date.now();
    const r = cli(['report', long, out]);
    const seconds = (Date.now() - started) / 1000;
    assert.equal(r.status, 0, r.stderr);
    const bytes = fs.statSync(out).size;
    const data = embeddedData(fs.readFileSync(out, 'utf8'));
    const batches = data.events.filter((e) => e.type === 'batch').length;
    console.log(`      100,000 batches: trace ${(fs.statSync(long).size / 2 ** 20).toFixed(1)} MiB -> report ${(bytes / 1024).toFixed(0)} KB, ${batches} batch events kept, ${seconds.toFixed(1)} s`);
    assert.ok(batches > 250 && batches <= 500, `${batches} batch events`);
    assert.ok(bytes < 1.5 * 2 ** 20, `${bytes} bytes`);
  });
});
