// The HTML report's stand-in for VS Code (a bundle of its own, run just before the panel's main.js):
// it gives the panel its `acquireVsCodeApi`, answers 'ready' with the run embedded in the page (a
// `<script type="application/json">`, src/protocol/report-data.ts), shows what needs the editor as
// text, and sets the theme (light, dark or the system's) the way VS Code does: variables and a body class.
import type { HostToWebviewMessage, WebviewToHostMessage } from '../protocol/webview-messages';
import { h, icon } from './dom';
import { shortPath } from './site';
import { isReportData, REPORT_DATA_ID, type ReportData } from '../protocol/report-data';

type Theme = 'light' | 'dark';
type ThemeChoice = Theme | 'auto';
const THEME_KEY = 'trainspect.report.theme';

function readData(): ReportData | undefined {
  const text = document.getElementById(REPORT_DATA_ID)?.textContent;
  if (!text) return undefined;
  const data: unknown = JSON.parse(text);
  return isReportData(data) ? data : undefined;
}

const systemTheme = (): Theme => (window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

function savedChoice(): ThemeChoice {
  try {
    const saved = localStorage.getItem(THEME_KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'auto';
  } catch {
    return 'auto'; // storage refused (a sandboxed viewer): the system's theme
  }
}

/** As VS Code themes a webview: the variables (keyed on the root's data-theme) and the body's class, which the charts watch. */
function applyTheme(choice: ThemeChoice): void {
  const theme = choice === 'auto' ? systemTheme() : choice;
  document.documentElement.dataset.theme = theme;
  document.body.classList.toggle('vscode-dark', theme === 'dark');
  document.body.classList.toggle('vscode-light', theme === 'light');
  document.body.dataset.vscodeThemeKind = theme === 'dark' ? 'vscode-dark' : 'vscode-light';
}

function themeSwitch(): HTMLElement {
  let choice = savedChoice();
  const select = h('select', { class: 'report-theme', attrs: { 'aria-label': 'Theme' } },
    ...(['auto', 'light', 'dark'] as const).map((value) => {
      const option = h('option', { attrs: { value } }, value === 'auto' ? 'Theme: system' : value === 'light' ? 'Theme: Light+' : 'Theme: Dark+');
      option.selected = value === choice;
      return option;
    }));
  select.addEventListener('change', () => {
    choice = select.value as ThemeChoice;
    try {
      localStorage.setItem(THEME_KEY, choice);
    } catch {
      // not kept: the switch still works for this page
    }
    applyTheme(choice);
  });
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => choice === 'auto' && applyTheme(choice));
  applyTheme(choice);
  return select;
}

/** The report's own line above the panel: what it is of, when it was written, what could not be read. */
function reportBar(data: ReportData, note: HTMLElement): HTMLElement {
  const written = new Date(data.writtenAt).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const bar = h('div', { class: 'report-bar' },
    h('div', { class: 'report-title-row' },
      h('span', { class: 'report-what' }, icon('file'), ' Trainspect report of ', h('code', {}, data.traceName), ` · written ${written}`),
      themeSwitch()));
  if (data.damaged.count) {
    const first = data.damaged.first.map((d) => `line ${d.line.toLocaleString('en-US')} (${d.cut ? 'cut off mid-line' : d.reason})`).join(', ');
    const more = data.damaged.count > data.damaged.first.length ? `, … (${data.damaged.count.toLocaleString('en-US')} in all)` : '';
    bar.appendChild(h('p', { class: 'report-damaged', attrs: { role: 'alert' } }, icon('warning'),
      ` The trace is damaged: ${first}${more} could not be read and ${data.damaged.count === 1 ? 'was' : 'were'} skipped; the rest is shown.`));
  }
  bar.appendChild(note);
  return bar;
}

/** What a click on something that needs VS Code would have done, said instead. */
function editorOnly(message: WebviewToHostMessage, cwd: string | undefined): string | undefined {
  const inVsCode = 'open its trace in VS Code (the Runs view) to do that.';
  switch (message.type) {
    case 'reveal-site': {
      const { file, line, column } = message.site;
      return `${shortPath(file, cwd)}:${line}:${column}. In VS Code this opens the line; a report cannot open files.`;
    }
    case 'break-at-call': return `Break here debugs the script again, stopping at this call: ${inVsCode}`;
    case 'debug-exception': return `Re-run in Debugger debugs the script again, stopping where the error is thrown: ${inVsCode}`;
    case 'stop-run': case 'keep-running': case 'run-again': return `This report is a record of a run that has ended: ${inVsCode}`;
    default: return undefined;
  }
}

function start(): void {
  const data = readData();
  const note = h('p', { class: 'report-note', attrs: { role: 'status', 'aria-live': 'polite' } });
  note.hidden = true;
  if (!data) {
    document.body.append(h('p', { class: 'report-damaged' }, icon('error'), ' This report holds no run Trainspect can read.'));
    return;
  }
  document.body.append(reportBar(data, note));
  const cwd = data.events.find((e) => e.type === 'run')?.cwd;
  const send = (message: HostToWebviewMessage): void => window.postMessage(message, '*');
  (window as unknown as { acquireVsCodeApi(): unknown }).acquireVsCodeApi = () => ({
    postMessage(message: WebviewToHostMessage): void {
      if (message.type === 'ready') {
        send({ type: 'show-run', runId: data.runId, title: data.title, state: 'finished', keepRunning: false, events: data.events });
        // As VS Code shows a failed run: on its post-mortem.
        if (data.events.some((e) => e.type === 'postmortem')) send({ type: 'select-view', view: 'postmortem' });
        return;
      }
      const said = editorOnly(message, cwd);
      if (said === undefined) return;
      note.replaceChildren(icon('info'), ' ', said);
      note.hidden = false;
    },
    getState: () => undefined, // a report always starts from its own events
    setState: () => undefined,
  });
}

start();
