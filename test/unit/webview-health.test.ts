// The Training view's health alerts in real chromium, from the events of real runs: the CLI traces the
// health fixtures (a NaN loss from tf.log of the targets, weights that overflow, custom loops, a leak).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { TraceEvent } from '../../src/protocol/events';
import { packageRoot } from '../../src/host/paths';
import { parseTrace } from '../../src/protocol/trace-format';
import { buildOnce, CLI } from '../runner/helpers';
import { showRun, startPanelPages, type PanelPages, type ThemeName } from './webview-page';
// @ts-expect-error: a plain .mjs helper shared with the e2e test, run inside the page
import { unreadableTextScript } from '../e2e/readability.mjs';

interface Readability { checked: number; problems: string[] }

const ROOT = packageRoot();
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'health');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'health-alerts');
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
const CHECKED = String.raw`\d+ kernels checked after the non-finite loss at`;
const DURATION = String.raw`\([\d.]+ (?:ms|µs)\)`;

describe('webview: health alerts in the Training view, from real runs (headless chromium)', function () {
  this.timeout(90_000);
  let pages: PanelPages;
  let tmp: string;
  const traces: Record<string, TraceEvent[]> = {};

  before(async () => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-health-view-'));
    for (const script of ['nan-loss', 'nan-weights', 'custom-loop', 'leak']) {
      const out = path.join(tmp, `${script}.jsonl`);
      const r = spawnSync(process.execPath, [CLI, 'run', '--quiet', '--out', out, `${script}.cjs`], { cwd: FIXTURES });
      assert.equal(r.status, 0, r.stderr.toString());
      traces[script] = parseTrace(fs.readFileSync(out, 'utf8'));
    }
    pages = await startPanelPages();
  });
  after(async () => {
    await pages?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function trainingView(script: string, theme: ThemeName = 'dark'): Promise<Page> {
    const page = await pages.open(theme);
    await showRun(page, traces[script]);
    await page.locator('[role="tab"][data-view="training"]').click();
    await page.locator('.health-alert').first().waitFor();
    return page;
  }
  const alertTexts = (page: Page) => page.locator('.health-alert').evaluateAll((items) => items.map((li) => ({
    kind: li.getAttribute('data-kind'),
    headline: (li.querySelector('.health-headline') as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
    details: Array.from(li.querySelectorAll('.health-details > span'), (s) => (s as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
  })));

  it('shows the NaN loss and the kernel that made it, above the charts, with a warning badge on the tab', async () => {
    const page = await trainingView('nan-loss');
    const alerts = await alertTexts(page);
    assert.equal(alerts.length, 2, JSON.stringify(alerts));
    assert.deepEqual(alerts[0], { kind: 'non-finite-loss', headline: 'loss became NaN at logtarget fit #1, epoch 1 batch 4', details: ['checking every kernel of the next batch'] });
    assert.equal(alerts[1].kind, 'non-finite-kernel');
    assert.equal(alerts[1].headline, 'first non-finite value: Log at nan-loss.cjs:7:22');
    assert.deepEqual(alerts[1].details.slice(0, 3), ['inputs x [2,1] float32', 'made from finite inputs', 'in logtarget fit #1, epoch 1 batch 5']);
    assert.match(alerts[1].details[3], new RegExp(`^${CHECKED} batch 4 ${DURATION}$`));
    assert.equal(await page.locator('.health-alert.health-error').count(), 2);
    const [list, chart] = await Promise.all([page.locator('.health-alerts').boundingBox(), page.locator('.training-view canvas').first().boundingBox()]);
    assert.ok(list && chart && list.y + list.height <= chart.y, `the alerts above the charts: ${JSON.stringify({ list, chart })}`);
    const badge = page.locator('[data-view="training"] .tab-warnings');
    assert.equal(squash(await badge.innerText()), '2');
    assert.equal(await badge.getAttribute('title'), '2 health alerts');
    assert.equal(await badge.locator('.codicon-warning').count(), 1);
    assert.equal(await page.locator('[data-view="calls"] .tab-warnings').isVisible(), false, 'only the Training tab warns');
  });

  it('opens the kernel\'s line in the editor: the site is a link that posts reveal-site', async () => {
    const page = await trainingView('nan-loss');
    const link = page.locator('.health-alert[data-kind="non-finite-kernel"] .health-headline button.site');
    assert.equal(await link.innerText(), 'nan-loss.cjs:7:22');
    await link.click();
    const posted = await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'reveal-site'));
    assert.deepEqual(posted, [{ type: 'reveal-site', site: { file: path.join(FIXTURES, 'nan-loss.cjs'), line: 7, column: 22 } }]);
  });

  it('says when the line is the fit call\'s, not the op\'s', async () => {
    const page = await trainingView('nan-weights');
    const alerts = await alertTexts(page);
    assert.equal(alerts[0].headline, 'loss became Infinity at diverges fit #1, epoch 1 batch 7');
    assert.equal(alerts[1].headline, 'first non-finite value: Multiply at nan-weights.cjs:10:25 (the fit call\'s line, not the op\'s: no line of yours is on the kernel\'s stack)');
  });

  it('shows custom loops\' alerts: a backward kernel with the op it is the gradient of, non-finite inputs marked, a leak per call', async () => {
    const page = await trainingView('custom-loop');
    const alerts = await alertTexts(page);
    assert.deepEqual(alerts.map((a) => a.kind), ['non-finite-loss', 'non-finite-kernel', 'leak', 'non-finite-loss', 'non-finite-kernel']);
    assert.equal(alerts[0].headline, 'loss became -Infinity at optimizer.minimize call 4');
    assert.equal(alerts[1].headline, 'first non-finite value: RealDiv (backward: gradient of Sqrt) at custom-loop.cjs:16:25 (the line of the op whose gradient it computes)');
    assert.deepEqual(alerts[2], {
      kind: 'leak', headline: 'tensors grow by 1 per call (+4 B) over the last 20 calls: a missing tf.tidy or dispose?', details: ['in optimizer.minimize call 21', '24 tensors (96 B) now'],
    });
    assert.equal(alerts[4].headline, 'first non-finite value: _FusedMatMul at custom-loop.cjs:28:29 (the trainOnBatch call\'s line, not the op\'s: no line of yours is on the kernel\'s stack)');
    assert.equal(alerts[4].details[1], 'an input already held it (a weight the previous update made non-finite, or the data)');
    const tensors = page.locator('.health-alert >> nth=4 >> .health-tensor');
    assert.deepEqual(await tensors.allInnerTexts(), ['a [1,2,2] float32', 'b [1,2,1] float32 (2 NaN/Inf)', 'bias [1] float32 (1 NaN/Inf, weight dense_Dense1/bias)']);
    const colours = await tensors.evaluateAll((els) => els.map((el) => getComputedStyle(el).color));
    assert.deepEqual(colours.slice(1), ['rgb(248, 81, 73)', 'rgb(248, 81, 73)'], 'the non-finite inputs in the dark theme\'s errorForeground');
    assert.notEqual(colours[0], colours[1]);
    assert.equal(await page.locator('.health-alert.health-warning[data-kind="leak"] .codicon-warning').count(), 1);
    assert.equal(await page.locator('.health-alert.health-error .codicon-error').count(), 4);
  });

  it('shows the leak of a fit call', async () => {
    const alerts = await alertTexts(await trainingView('leak'));
    assert.deepEqual(alerts.map((a) => a.headline), ['tensors grow by 3 per batch (+48 B) over the last 20 batches: a missing tf.tidy or dispose?']);
    assert.equal(alerts[0].details[0], 'in sequential_1 fit #1, epoch 1 batch 21');
  });

  it('shows no alert list and no warning badge for a run without alerts', async () => {
    const page = await pages.open('dark');
    await showRun(page, traces.leak.filter((e) => e.type !== 'health'));
    await page.locator('[role="tab"][data-view="training"]').click();
    await page.locator('.training-view canvas').first().waitFor();
    assert.equal(await page.locator('.health-alerts').isVisible(), false);
    assert.equal(await page.locator('[data-view="training"] .tab-warnings').isVisible(), false);
  });

  for (const theme of ['dark', 'light'] as const) {
    it(`is readable in the ${theme} theme, with screenshots`, async () => {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      for (const script of ['nan-loss', 'custom-loop']) {
        const page = await trainingView(script, theme);
        const { checked, problems } = await page.evaluate(unreadableTextScript({
          selector: '.health-headline-text, .health-headline .link, .health-site-note, .health-tensor, .health-detail, .view-tab .tab-warnings',
          minContrast: 4.5,
        })) as Readability;
        assert.ok(checked >= 6, `checked ${checked}`);
        assert.deepEqual(problems, [], script);
        await page.screenshot({ path: path.join(SCREENSHOTS, `${script}-${theme}.png`), clip: { x: 0, y: 0, width: 900, height: 520 } });
      }
    });
  }
});
