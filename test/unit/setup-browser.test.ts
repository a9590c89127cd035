// scripts/setup-browser.mjs against a machine state without the browser: CHROMIUM_PATH names a file in a
// fresh temp folder, and TRAINSPECT_CHROMIUM_INSTALL is the installer it must run. The installer here
// really installs a browser there (a link to the chromium this machine has), so "installed" means a
// chromium that starts; the lead's CI run checks the default installer (apt-get) with the package removed.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SETUP = path.join(ROOT, 'scripts', 'setup-browser.mjs');
const REAL_CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function setup(env: Record<string, string>, options: { asNobody?: boolean } = {}) {
  const base = { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env };
  const [cmd, args] = options.asNobody
    ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, SETUP]]
    : [process.execPath, [SETUP]];
  const r = spawnSync(cmd as string, args as string[], { env: base, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('browser set-up (scripts/setup-browser.mjs)', function () {
  this.timeout(60_000);
  let tmp: string;
  let browser: string;
  let calls: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-setup-browser-'));
    fs.chmodSync(tmp, 0o755); // the non-root case runs as nobody
    browser = path.join(tmp, 'bin', 'chromium');
    calls = path.join(tmp, 'installer-calls');
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('installs a missing browser with the installer it is configured with, once', () => {
    const install = `echo run >> ${calls} && mkdir -p ${path.dirname(browser)} && ln -s ${REAL_CHROMIUM} ${browser}`;
    const first = setup({ CHROMIUM_PATH: browser, TRAINSPECT_CHROMIUM_INSTALL: install });
    assert.equal(first.status, 0, first.out);
    assert.match(first.out, new RegExp(`chromium was not found at ${browser}`));
    assert.match(first.out, /chromium installed: /);
    const version = spawnSync(browser, ['--version'], { encoding: 'utf8' });
    assert.match(version.stdout, /Chromium|Chrome/, `the installed browser does not start: ${version.stderr}`);

    const again = setup({ CHROMIUM_PATH: browser, TRAINSPECT_CHROMIUM_INSTALL: install });
    assert.equal(again.status, 0, again.out);
    assert.match(again.out, /chromium present: .* \((\d+) ms\)/);
    assert.ok(Number(/\((\d+) ms\)/.exec(again.out)![1]) < 1000, again.out);
    assert.equal(fs.readFileSync(calls, 'utf8'), 'run\n', 'the installer ran again although the browser was there');
  });

  it('fails with the reason when the installer fails or leaves no browser where it is looked up', () => {
    const failing = setup({ CHROMIUM_PATH: browser, TRAINSPECT_CHROMIUM_INSTALL: 'exit 3' });
    assert.equal(failing.status, 1);
    assert.match(failing.out, /installing chromium failed: exit 3/);
    const noBrowser = setup({ CHROMIUM_PATH: browser, TRAINSPECT_CHROMIUM_INSTALL: 'true' });
    assert.equal(noBrowser.status, 1);
    assert.match(noBrowser.out, new RegExp(`chromium is still not at ${browser}.*unset CHROMIUM_PATH`));
  });

  it('says how to install it when neither root nor sudo can (run as nobody)', function () {
    if (process.getuid?.() !== 0 || spawnSync('setpriv', ['--version']).status !== 0) this.skip(); // needs root to become nobody
    const r = setup({ CHROMIUM_PATH: browser }, { asNobody: true });
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /installing it needs root or password-less sudo/);
    assert.match(r.out, /apt-get install -y chromium fonts-dejavu-core/);
    assert.match(r.out, /set CHROMIUM_PATH/);
  });
});
