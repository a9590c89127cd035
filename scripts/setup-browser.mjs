#!/usr/bin/env node
// Makes sure the chromium the browser tests drive is installed (scripts/lib/browser.mjs): before mocha
// in `npm run test:unit` and `npm test`, and first thing in scripts/setup-vscode.mjs. Idempotent: when
// the browser is there it only checks that the file is executable.
import { ensureChromium } from './lib/browser.mjs';

const started = Date.now();
try {
  const { executable, installed } = await ensureChromium({ log: (line) => console.log(`[setup-browser] ${line}`) });
  console.log(`[setup-browser] chromium ${installed ? 'installed' : 'present'}: ${executable} (${Date.now() - started} ms)`);
} catch (error) {
  console.error(`[setup-browser] ${error.message}`);
  process.exit(1);
}
