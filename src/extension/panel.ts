// The panel's host side: one WebviewPanel showing the current run. Messages are checked by the
// protocol's guards both ways; the webview asks for the whole run with 'ready' (when it opens, and
// whenever it comes back after being hidden), then gets batches of new events.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { SourceSite, TraceEvent } from '../protocol/events';
import { isHostToWebviewMessage, isWebviewToHostMessage, type HostToWebviewMessage, type ShowShapesMessage, type WebviewToHostMessage } from '../protocol/webview-messages';
import { panelHtml } from './panel-html';
import type { RunSession } from './run-session';
import { namesFile } from '../host/trace-files';

export const PANEL_VIEW_TYPE = 'trainspect.panel';

export interface PanelHandlers {
  current(): RunSession | undefined;
  stop(runId: string): void;
  keepRunning(runId: string): void;
  runAgain(runId: string, keepRunning: boolean): void;
  rendered(runId: string, calls: number): void;
  received(runId: string, events: number, steps: number): void;
  breakAtCall(runId: string, seq: number): void;
  debugException(runId: string): void;
  viewShown(runId: string, view: string): void;
  disposed(): void;
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** Gives a panel (new, or restored after a reload) Trainspect's icon and the page of one webview bundle (dist/webview/<bundle>). */
export function loadWebview(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, bundle: 'main.js' | 'compare.js'): void {
  const webview = panel.webview;
  webview.options = panelOptions(extensionUri);
  panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'trainspect.svg');
  const uri = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  webview.html = panelHtml({
    cspSource: webview.cspSource,
    script: uri('dist', 'webview', bundle),
    stylesheet: uri('media', 'panel.css'),
    codicons: uri('dist', 'webview', 'codicons', 'codicon.css'),
  });
}

export class PanelHost implements vscode.Disposable {
  private ready = false;
  private pendingShapes: ShowShapesMessage | undefined; // a show-shapes asked for before the webview was ready
  private viewToSelect: string | undefined; // a select-view until the webview says it shows it (postViewToSelect)
  private readonly outputSent = new Set<'stdout' | 'stderr'>(); // streams whose output event the webview has had
  private readonly disposables: vscode.Disposable[] = [];
  private readonly readyWaiters: (() => void)[] = []; // untilReady()'s, resolved by 'ready' or the panel's close

  /** A new panel beside the editor, not taking focus from it. */
  static create(extensionUri: vscode.Uri, handlers: PanelHandlers): PanelHost {
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Trainspect', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, panelOptions(extensionUri));
    return new PanelHost(panel, extensionUri, handlers);
  }

  /** Wraps a panel, new or restored by the serializer after a reload. */
  constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly handlers: PanelHandlers) {
    const webview = panel.webview;
    loadWebview(panel, extensionUri, 'main.js');
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => {
        if (isWebviewToHostMessage(message)) void this.onMessage(message);
      }),
      panel.onDidDispose(() => {
        this.ready = false;
        this.wakeReadyWaiters();
        for (const d of this.disposables) d.dispose();
        handlers.disposed();
      }),
    );
  }

  reveal(preserveFocus: boolean): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  /** Replaces what the panel shows with this run: the events a panel needs to catch up (bounded). */
  showRun(session: RunSession): void {
    const events = session.catchUpNow(); // its batch goes to the page first: show-run then replaces what the page holds
    this.outputSent.clear();
    this.post({ type: 'show-run', runId: session.id, title: session.title, state: session.state, keepRunning: session.keepRunning, events: this.forWebview(events) });
  }

  /** Resolves once the message is posted (a stored run's stream waits for it: no pile of messages in flight). */
  async append(session: RunSession, events: readonly TraceEvent[]): Promise<void> {
    const sending = this.forWebview(events);
    if (sending.length) await this.post({ type: 'append-events', runId: session.id, events: sending });
  }

  /** Resolves once the webview has said 'ready' (at once if it has), or the panel is closed: a stored run streams to a webview that listens. */
  untilReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Selects the Shapes view at a line; a panel still loading gets it once it has the run. */
  showShapes(file: string, line: number): void {
    this.pendingShapes = { type: 'show-shapes', file, line };
    if (this.ready) this.sendPendingShapes();
  }

  /** Shows one view of the panel (now, or once the webview is ready and has the run). */
  selectView(view: string): void {
    this.viewToSelect = view;
    if (this.ready) this.postViewToSelect();
  }

  sendState(session: RunSession): void {
    this.post({ type: 'run-state', runId: session.id, state: session.state, keepRunning: session.keepRunning });
  }

  dispose(): void {
    this.panel.dispose();
  }

  /**
   * The panel shows only that the script wrote output (the text is in the output channel, and up to
   * a million characters of it are in the events): it gets one output event per stream, without text.
   */
  private forWebview(events: readonly TraceEvent[]): TraceEvent[] {
    return events.flatMap((e): TraceEvent[] => {
      if (e.type !== 'output') return [e];
      if (this.outputSent.has(e.stream)) return [];
      this.outputSent.add(e.stream);
      return [{ ...e, text: '' }];
    });
  }

  private wakeReadyWaiters(): void {
    for (const wake of this.readyWaiters.splice(0)) wake();
  }

  private sendPendingShapes(): void {
    if (this.pendingShapes) this.post(this.pendingShapes);
    this.pendingShapes = undefined;
  }

  /**
   * Kept until the webview says it shows the view ('view-shown'): a webview that VS Code is loading
   * again (a panel hidden and revealed loses its page, and says 'ready' once it has a new one) does
   * not get what was posted meanwhile, and asks again with 'ready'.
   */
  private postViewToSelect(): void {
    if (this.viewToSelect !== undefined) this.post({ type: 'select-view', view: this.viewToSelect });
  }

  /** Until the webview says it is ready, messages would be lost: 'ready' brings it the whole run. */
  private post(message: HostToWebviewMessage): Thenable<boolean> | undefined {
    if (!this.ready || !isHostToWebviewMessage(message)) return undefined;
    return this.panel.webview.postMessage(message);
  }

  private async onMessage(message: WebviewToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        const current = this.handlers.current();
        if (current) this.showRun(current);
        this.wakeReadyWaiters();
        this.sendPendingShapes();
        return this.postViewToSelect();
      }
      case 'reveal-site': {
        // Only files the run itself named: the webview shows captured (untrusted) data.
        const run = this.handlers.current();
        return run && namesFile(run.recordedEvents(), message.site.file) ? revealSite(message.site) : undefined;
      }
      case 'stop-run': return this.handlers.stop(message.runId);
      case 'keep-running': return this.handlers.keepRunning(message.runId);
      case 'run-again': return this.handlers.runAgain(message.runId, message.keepRunning);
      case 'rendered': return this.handlers.rendered(message.runId, message.calls);
      case 'received': return this.handlers.received(message.runId, message.events, message.steps);
      case 'break-at-call': return this.handlers.breakAtCall(message.runId, message.seq);
      case 'debug-exception': return this.handlers.debugException(message.runId);
      case 'view-shown':
        // A page that came back from its saved state may answer for the run it showed before: not this one.
        if (message.view === this.viewToSelect && message.runId === this.handlers.current()?.id) this.viewToSelect = undefined;
        return this.handlers.viewShown(message.runId, message.view);
    }
  }
}

/** Opens a file of the trace at its line and column, in the editor column beside the panel. */
export async function revealSite(site: SourceSite): Promise<void> {
  if (!fs.existsSync(site.file)) {
    void vscode.window.showWarningMessage(`Trainspect: ${site.file} is not on disk any more.`);
    return;
  }
  const position = new vscode.Position(Math.max(0, site.line - 1), Math.max(0, site.column - 1));
  const editorColumn = vscode.window.visibleTextEditors[0]?.viewColumn ?? vscode.ViewColumn.One;
  await vscode.window.showTextDocument(vscode.Uri.file(site.file), { viewColumn: editorColumn, selection: new vscode.Range(position, position), preserveFocus: false });
}
