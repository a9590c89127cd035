// The stored-run benchmark (docs/benchmarks.md), only with TRAINSPECT_BENCH_STORED=<a trace file>: opens
// it from the Runs view in the real VS Code and times it until the panel's webview reports every batch,
// sampling the extension host's memory while it streams (bench/stored-read.ts times the host's read
// alone, and the old Open's). Not part of `npm test`: the suite registers nothing without it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import * as vscode from 'vscode';
import { trainspectApi, waitForRun } from './helpers';

const trace = process.env.TRAINSPECT_BENCH_STORED;
const MiB = 2 ** 20;
/** A line of the runner's report (tagged as the suite's reporter tags its own: scripts/test-vscode.mjs). */
const report = (text: string): void => console.log(`${process.env.TRAINSPECT_TEST_LOG_TAG ?? ''}stored-run bench: ${text}`);

if (trace) {
  suite('Stored-run benchmark', () => {
    test(`opens ${trace} until the panel has every batch`, async function () {
      this.timeout(600_000);
      const api = await trainspectApi();
      let batches = 0;
      let lines = 0;
      for await (const line of readline.createInterface({ input: fs.createReadStream(trace) })) {
        lines++;
        if (line.startsWith('{"type":"batch"')) batches++;
      }

      const before = process.memoryUsage();
      const peak = { heapUsed: before.heapUsed, rss: before.rss };
      const sampler = setInterval(() => {
        const now = process.memoryUsage();
        peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
        peak.rss = Math.max(peak.rss, now.rss);
      }, 20);
      const started = performance.now();
      const id = await vscode.commands.executeCommand<string>('trainspect.runs.open', { traceFile: trace });
      const opened = await waitForRun(api, (r) => r.id === id && r.panelReceived.steps === batches, `the panel to receive all ${batches} batches`, 540_000);
      const openMs = performance.now() - started;
      clearInterval(sampler);
      const after = process.memoryUsage();
      assert.equal(opened.panelReceived.steps, batches);
      const mb = (n: number) => `${(n / MiB).toFixed(1)} MiB`;
      report(`${lines} lines, ${batches} batches`);
      report(`Open until the panel reports every batch ${Math.round(openMs)} ms; panel received ${opened.panelReceived.events} events`);
      report(`extension host heap used ${mb(before.heapUsed)} before, peak ${mb(peak.heapUsed)} (+${mb(peak.heapUsed - before.heapUsed)}), ${mb(after.heapUsed)} after; rss ${mb(before.rss)} before, peak ${mb(peak.rss)} (+${mb(peak.rss - before.rss)})`);
    });
  });
}
