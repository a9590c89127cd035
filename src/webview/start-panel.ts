// The panel's browser code: receives the run from the extension host, keeps its run model, and shows
// it in the shell of views; saves what it needs to come back after a reload. Imports only the protocol.
import { setKeepRunning, setRunState } from '../protocol/run-model';
import { isTraceEvent } from '../protocol/trace-format';
import { isHostToWebviewMessage, type HostToWebviewMessage, type WebviewToHostMessage } from '../protocol/webview-messages';
import { PanelShell, type SavedShell } from './shell';
import { applyToPanelRun, createPanelRun, saveRun, type PanelRun, type SavedRun } from './state';
import type { PanelView } from './view';

interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Saved with setState: the run (bounded, see PanelRun.kept) and the shell's views. */
interface SavedPanel { run?: SavedRun; shell: SavedShell }

/** Appends are saved at most every SAVE_MS: setState serialises the whole saved run each time. */
const SAVE_MS = 250;

export function startPanel(views: readonly PanelView[]): void {
  const vscode = acquireVsCodeApi();
  const post = (message: WebviewToHostMessage): void => vscode.postMessage(message);
  const saved = vscode.getState() as Partial<SavedPanel> | undefined;
  let shown: PanelRun | undefined;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;

  const save = (): void => {
    if (saveTimer !== undefined) clearTimeout(saveTimer);
    saveTimer = undefined;
    const state: SavedPanel = { run: shown && saveRun(shown), shell: shell.save() };
    vscode.setState(state);
  };
  const saveSoon = (): void => {
    saveTimer ??= setTimeout(save, SAVE_MS);
  };

  const shell = new PanelShell(views, { post, stateChanged: saveSoon }, {
    stop: () => shown && post({ type: 'stop-run', runId: shown.runId }),
    keepRunning: () => shown && post({ type: 'keep-running', runId: shown.runId }),
    runAgain: (keepRunning) => shown && post({ type: 'run-again', runId: shown.runId, keepRunning }),
    reveal: (site) => post({ type: 'reveal-site', site }),
  }, saved?.shell);

  const showRun = (run: SavedRun): void => {
    shown = createPanelRun(run);
    shell.render(shown);
    save();
  };
  const received = (run: PanelRun): void => {
    let steps = 0;
    for (const trained of run.model.training.values()) steps += trained.steps;
    post({ type: 'received', runId: run.runId, events: run.model.eventCount, steps });
  };

  const onMessage = (message: HostToWebviewMessage): void => {
    switch (message.type) {
      case 'show-run': {
        const { runId, title, state, keepRunning, events } = message;
        showRun({ runId, title, state, keepRunning, events });
        return received(shown!);
      }
      case 'append-events':
        if (!shown || shown.runId !== message.runId) return;
        for (const event of message.events) applyToPanelRun(shown, event);
        shell.render(shown);
        received(shown);
        // The exit event ends the run: save it now, not later.
        return shown.model.exit ? save() : saveSoon();
      case 'run-state':
        if (!shown || shown.runId !== message.runId) return;
        // The exit event is the last word: a late state message cannot make a finished run live again.
        setRunState(shown.model, message.state);
        setKeepRunning(shown.model, message.keepRunning);
        shell.render(shown);
        return save();
      case 'show-shapes':
        return shell.show('shapes', { file: message.file, line: message.line });
      case 'select-view':
        shell.select(message.view);
        if (shown) post({ type: 'view-shown', runId: shown.runId, view: shell.selectedView });
        return;
    }
  };

  document.body.append(shell.element);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isHostToWebviewMessage(event.data)) onMessage(event.data);
  });
  const run = saved?.run;
  if (run && typeof run.runId === 'string' && Array.isArray(run.events) && run.events.every(isTraceEvent)) showRun(run);
  post({ type: 'ready' });
}
