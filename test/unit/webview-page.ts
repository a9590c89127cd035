// The panel's bundle in a real headless chromium, for the view tests: the bundle esbuild builds for
// VS Code, under the same kind of CSP, with a theme's variables as VS Code injects them, fed host
// messages through window.postMessage; a stub acquireVsCodeApi records what the panel posts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TraceEvent } from '../../src/protocol/events';

const ROOT = path.resolve(__dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FONTS = '--vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace; --vscode-editor-font-size: 13px;';

/** Themes' values of the variables the panel uses (VS Code's colour registry and its built-in themes). */
export const THEMES = {
  dark: `${FONTS} /* Dark Modern */
    --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-editor-background: #1f1f1f;
    --vscode-sideBar-background: #181818; --vscode-textLink-activeForeground: #4daafc; --vscode-textCodeBlock-background: #2b2b2b;
    --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryForeground: #cccccc;
    --vscode-debugTokenExpression-string: #ce9178; --vscode-debugTokenExpression-number: #b5cea8; --vscode-debugTokenExpression-name: #c586c0;
    --vscode-symbolIcon-methodForeground: #b180d7; --vscode-tree-indentGuidesStroke: #585858;
    --vscode-panel-border: #2b2b2b; --vscode-textLink-foreground: #4daafc; --vscode-badge-background: #616161; --vscode-badge-foreground: #f8f8f8;
    --vscode-errorForeground: #f85149; --vscode-editorWarning-foreground: #cca700; --vscode-focusBorder: #0078d4;
    --vscode-progressBar-background: #0078d4; --vscode-symbolIcon-classForeground: #ee9d28; --vscode-testing-iconPassed: #73c991;
    --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff;
    --vscode-inputValidation-errorBackground: #5a1d1d; --vscode-inputValidation-warningBackground: #352a05;`,
  light: `${FONTS} /* Light+ */
    --vscode-foreground: #616161; --vscode-descriptionForeground: #717171; --vscode-editor-background: #ffffff;
    --vscode-debugTokenExpression-name: #9b46b0; --vscode-symbolIcon-methodForeground: #652d90; --vscode-tree-indentGuidesStroke: #a9a9a9;
    --vscode-panel-border: rgba(128, 128, 128, 0.35); --vscode-textLink-foreground: #006ab1; --vscode-badge-background: #c4c4c4; --vscode-badge-foreground: #333333;
    --vscode-errorForeground: #a1260d; --vscode-editorWarning-foreground: #bf8803; --vscode-focusBorder: #0090f1;
    --vscode-progressBar-background: #0e70c0; --vscode-symbolIcon-classForeground: #d67e00; --vscode-testing-iconPassed: #388a34;
    --vscode-button-background: #007acc; --vscode-button-foreground: #ffffff;
    --vscode-inputValidation-errorBackground: #f2dede; --vscode-inputValidation-warningBackground: #f6f5d2;`,
  'high-contrast': `${FONTS} /* High Contrast (dark) */
    --vscode-foreground: #ffffff; --vscode-descriptionForeground: rgba(255, 255, 255, 0.7); --vscode-editor-background: #000000;
    --vscode-panel-border: #6fc3df; --vscode-contrastBorder: #6fc3df; --vscode-contrastActiveBorder: #f38518; --vscode-textLink-foreground: #21a6ff;
    --vscode-badge-background: #000000; --vscode-badge-foreground: #ffffff; --vscode-errorForeground: #f48771; --vscode-editorWarning-foreground: #ffd370;
    --vscode-focusBorder: #f38518; --vscode-progressBar-background: #6fc3df; --vscode-symbolIcon-classForeground: #ee9d28; --vscode-testing-iconPassed: #73c991;
    --vscode-button-background: #000000; --vscode-button-foreground: #ffffff; --vscode-button-border: #6fc3df;
    --vscode-inputValidation-errorBackground: #000000; --vscode-inputValidation-warningBackground: #000000;`,
} as const;
export type ThemeName = keyof typeof THEMES;

/** High Contrast Light's values of the variables the panel uses (VS Code 1.139's colour registry): a page of its own, not among THEMES. */
const HC_LIGHT = `${FONTS}
  --vscode-foreground: #292929; --vscode-descriptionForeground: #292929b3; --vscode-editor-background: #ffffff;
  --vscode-sideBar-background: #ffffff; --vscode-panel-border: #0f4a85; --vscode-textLink-foreground: #0f4a85;
  --vscode-button-background: #0f4a85; --vscode-button-foreground: #ffffff; --vscode-button-border: #0f4a85;
  --vscode-button-secondaryBackground: #ffffff; --vscode-button-secondaryForeground: #292929; --vscode-badge-background: #0f4a85;
  --vscode-badge-foreground: #ffffff; --vscode-errorForeground: #b5200d; --vscode-debugTokenExpression-string: #a31515;
  --vscode-debugTokenExpression-number: #098658; --vscode-debugTokenExpression-name: #292929; --vscode-debugTokenExpression-boolean: #0000ff;
  --vscode-textPreformat-foreground: #ffffff; --vscode-textPreformat-background: #09345f; --vscode-textCodeBlock-background: #f2f2f2;
  --vscode-contrastBorder: #0f4a85; --vscode-contrastActiveBorder: #006bbd; --vscode-focusBorder: #006bbd; --vscode-editorWarning-foreground: #895503;`;

export type PageTheme = ThemeName | 'high-contrast-light';
const PAGE_THEMES: Record<PageTheme, string> = { ...THEMES, 'high-contrast-light': HC_LIGHT };

/** VS Code's own default style for webview content, which the panel's CSS must override where it disagrees. */
const VSCODE_DEFAULT_STYLE = `@layer vscode-default {
  body { background-color: transparent; color: var(--vscode-editor-foreground); margin: 0; padding: 0 20px; }
  code { color: var(--vscode-textPreformat-foreground); background-color: var(--vscode-textPreformat-background); padding: 1px 3px; border-radius: 4px; }
}`;

export interface PanelPages {
  browser: Browser;
  /** A new page showing the panel (or `bundle`, one of `others`) in a theme. */
  open(theme: PageTheme, viewport?: { width: number; height: number }, bundle?: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * `entry`: the bundle's entry point, the panel's unless another webview's (the comparison panel's);
 * `others`: more bundles by name, for `open`'s `bundle`. The page's stand-in acquireVsCodeApi keeps
 * setState's state in sessionStorage, so a page.reload() hands it back as VS Code does.
 */
export async function startPanelPages(entry = 'src/webview/main.ts', others: Record<string, string> = {}): Promise<PanelPages> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`chromium is needed for the webview tests and was not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-webview-'));
  const bundles: Record<string, string> = { main: entry, ...others };
  for (const [name, file] of Object.entries(bundles)) {
    await esbuild.build({ entryPoints: [path.join(ROOT, file)], outfile: path.join(dir, `${name}.js`), bundle: true, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'silent' });
  }
  fs.copyFileSync(path.join(ROOT, 'media/panel.css'), path.join(dir, 'panel.css'));
  fs.mkdirSync(path.join(dir, 'codicons'));
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(ROOT, 'node_modules/@vscode/codicons/dist', f), path.join(dir, 'codicons', f));
  const nonce = 'testnonce123';
  for (const [name, theme] of Object.entries(PAGE_THEMES)) {
    for (const bundle of Object.keys(bundles)) {
      fs.writeFileSync(path.join(dir, `${name}-${bundle}.html`), `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src file: 'nonce-${nonce}'; font-src file:; img-src file: data:;">
<link rel="stylesheet" href="codicons/codicon.css"><link rel="stylesheet" href="panel.css">
<style nonce="${nonce}">${VSCODE_DEFAULT_STYLE}</style>
<style nonce="${nonce}">html { ${theme} }</style>
<script nonce="${nonce}">
  window.__posted = [];
  window.__state = JSON.parse(sessionStorage.getItem('state') || 'null');
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.__state,
    setState: (s) => { window.__state = s; sessionStorage.setItem('state', JSON.stringify(s)); },
  });
</script></head><body><script nonce="${nonce}" src="${bundle}.js"></script></body></html>`);
    }
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'] });
  return {
    browser,
    open: async (theme, viewport = { width: 900, height: 1100 }, bundle = 'main') => {
      const page = await browser.newPage({ viewport });
      await page.goto(pathToFileURL(path.join(dir, `${theme}-${bundle}.html`)).href);
      return page;
    },
    close: async () => {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Shows a run in the panel, as the extension host does. */
export const showRun = (page: Page, events: TraceEvent[], state = 'finished', title = 'train.js'): Promise<void> =>
  page.evaluate((m) => window.postMessage(m, '*'), { type: 'show-run', runId: 'r1', title, state, keepRunning: false, events });

export const appendEvents = (page: Page, events: TraceEvent[]): Promise<void> =>
  page.evaluate((m) => window.postMessage(m, '*'), { type: 'append-events', runId: 'r1', events });
