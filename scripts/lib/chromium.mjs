// Launches the Debian chromium through playwright-core with a fresh profile (see docs/testing.md).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, toolEnv } from './vscode-env.mjs';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** @returns {Promise<{ context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, close: () => Promise<void> }>} */
export async function launchChromium({ viewport = { width: 1400, height: 900 } } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport, env: toolEnv(),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  let closed;
  const close = () => (closed ??= (async () => {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  })());
  return { context, page, close };
}
