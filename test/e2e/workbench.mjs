// Small Playwright helpers for driving the VS Code workbench (code-server) like a user does.

/** Waits for the workbench to show (explorer, editor area). */
export async function waitForWorkbench(page, timeout = 60_000) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  await page.locator('.part.editor').waitFor({ state: 'visible', timeout });
}

/** Opens a file of the workspace through Quick Open (Ctrl+P), and waits for its editor tab. */
export async function quickOpen(page, fileName, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 5_000 });
    await input.fill(fileName);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 5_000 });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ state: 'visible', timeout: 10_000 });
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw error; // the file search can lag behind the workbench: retry
    }
  }
}

/**
 * Runs a command from the palette (F1). On a fresh profile, extension commands register a few seconds
 * after the workbench shows, and an open palette does not refresh: retry until the command is listed.
 */
export async function runFromPalette(page, title, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 5_000 });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 3_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`"${title}" never appeared in the command palette: ${error.message}`);
      await page.waitForTimeout(1_000);
    }
  }
}

/** The rows of the open quick pick, as their visible labels. */
export async function quickPickLabels(page, timeout = 15_000) {
  const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  await rows.first().waitFor({ state: 'visible', timeout });
  return (await rows.locator('.label-name').allInnerTexts()).map((t) => t.trim());
}

/** The content frame of the (first) webview panel. */
export function webviewFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}
