// The run the extension is showing, and everything that follows it: the panel, the output channel,
// the status-bar item, the notification with its Cancel (= Stop), and the trainspect.running context.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunEvent, TraceEvent } from '../protocol/events';
import { capitalize, describeExit } from '../protocol/exit';
import { isTraceEvent } from '../protocol/trace-format';
import { startTraceRun, type TraceRunOptions } from '../host/runner';
import { firstRunEvent } from '../host/run-library-read';
import { streamTrace } from '../host/trace-stream';
import { breakRequestForCall } from '../host/break-launch';
import type { BreakCommandArgs, RunSnapshot } from './api';
import { PanelHost, type PanelHandlers } from './panel';
import { newRunId, RunSession } from './run-session';
import { runStatus, type RunStatus } from './run-status';
import type { RunStorage } from './runs-settings';
import { readSettings } from './settings';

/** The stop notice at the call limit, worded for the editor (the CLI's names its --keep-running flag). */
export const EDITOR_KEEP_RUNNING_HINT = 'To let it go on, click “Run again, keep running” in the Trainspect panel (or set trainspect.keepRunning).';

export class RunController implements vscode.Disposable {
  private session: RunSession | undefined;
  private started: { sessionId: string; options: TraceRunOptions } | undefined; // how the current session was started
  private panel: PanelHost | undefined;
  private running = false; // the trainspect.running context key, as last set
  private shownStatus: RunStatus | undefined; // what the status-bar item says, while a run is live
  private readonly statusItem: vscode.StatusBarItem;
  private hasPostmortem = false; // the trainspect.hasPostmortem context key, as last set
  private readonly changed = new vscode.EventEmitter<RunSnapshot>();
  readonly onDidChangeRun = this.changed.event;
  private readonly startedScript = new vscode.EventEmitter<string>();
  /** A run starts: its script's absolute path. */
  readonly onDidStartRun = this.startedScript.event;
  private readonly storedChanged = new vscode.EventEmitter<void>();
  /** A run's trace was created, or its run ended: the list of stored runs changed. */
  readonly onDidChangeStoredRuns = this.storedChanged.event;

  /** `storage`: the run library each run's trace goes to, kept under its size cap. */
  constructor(private readonly extensionUri: vscode.Uri, private readonly output: vscode.OutputChannel, readonly storage: RunStorage) {
    this.statusItem = vscode.window.createStatusBarItem('trainspect.run', vscode.StatusBarAlignment.Left, 10);
    this.statusItem.name = 'Trainspect run';
    this.statusItem.command = 'trainspect.openPanel';
  }

  get current(): RunSnapshot | undefined {
    return this.session?.snapshot();
  }

  /** What the status-bar item and the progress notification say now; undefined when no run is live. */
  get status(): RunStatus | undefined {
    return this.shownStatus;
  }

  /** Starts a traced run (stopping a live one first) and shows it; resolves to the run id. */
  async start(options: TraceRunOptions): Promise<string> {
    if (this.session?.live) {
      this.output.appendLine('[trainspect] Stopping the previous run to start a new one.');
      await this.session.stop();
    }
    this.session?.dispose();
    const script = path.resolve(options.cwd ?? '.', options.script);
    const title = path.basename(script);
    this.startedScript.fire(script);
    const library = this.storage.library();
    this.pruneStored();
    const traceFile = options.traceFile ? path.resolve(options.cwd ?? '.', options.traceFile) : library.newTracePath(script);
    const run = startTraceRun({ keepRunningHint: EDITOR_KEEP_RUNNING_HINT, ...options, traceFile });
    void run.done.then((result) => {
      if (result.traceError) this.output.appendLine(`[trainspect] error: The trace could not be written to ${result.traceFile}: ${result.traceError}; it is incomplete.`);
      else if (result.traceFile) this.output.appendLine(`[trainspect] Trace written to ${result.traceFile}`);
      this.storedChanged.fire();
    });
    const session = new RunSession(newRunId(), title, run, options.keepRunning ?? false);
    session.traceFile = traceFile;
    this.session = session;
    this.started = { sessionId: session.id, options };

    const doing = options.targets?.length ? `Tracing ${options.targets.join(', ')} in` : 'Running with introspection (every callable traced, training recorded):';
    this.output.appendLine(`[trainspect] ${new Date().toLocaleTimeString()} ${doing} ${script}`);
    run.on('stdout', (text: string) => this.output.append(text));
    run.on('stderr', (text: string) => this.output.append(text));
    run.on('event', (event: TraceEvent) => this.logEvent(event));
    session.on('batch', (events: TraceEvent[]) => {
      if (this.session !== session) return;
      void this.panel?.append(session, events);
      if (events.some((e) => e.type === 'postmortem')) this.showPostmortem();
    });
    session.on('state', () => {
      if (this.session !== session) return;
      this.panel?.sendState(session);
      this.updateUi(session);
    });
    session.on('change', () => {
      if (this.session !== session) return;
      this.updateUi(session); // the status bar follows training (at most once per batch of events)
      this.changed.fire(session.snapshot());
    });

    this.updateUi(session);
    this.showProgress(session, run.done);
    if (this.panel) {
      this.panel.showRun(session);
      this.panel.reveal(true);
    } else {
      this.openPanel(true);
    }
    this.changed.fire(session.snapshot());
    this.storedChanged.fire();
    return session.id;
  }

  /** Keeps the library under its cap before a run adds to it, and says what went. */
  private pruneStored(): void {
    const library = this.storage.library();
    let deleted: string[];
    try {
      deleted = library.prune(this.storage.maxBytes());
    } catch (error) {
      this.output.appendLine(`[trainspect] warning: Could not prune the stored runs in ${library.dir}: ${(error as Error).message}`);
      return;
    }
    if (!deleted.length) return;
    const mb = Math.round(this.storage.maxBytes() / 1024 / 1024);
    this.output.appendLine(`[trainspect] Deleted the ${deleted.length === 1 ? 'oldest stored run' : `${deleted.length} oldest stored runs`} to keep ${library.dir} under ${mb} MB (trainspect.runs.maxStorageMB): ${deleted.map((f) => path.basename(f)).join(', ')}`);
  }

  /**
   * Shows a stored run in the panel as it was live: every event of its trace, in trace order, streamed
   * a chunk at a time (the host holds one chunk; the session keeps the bounded catch-up, as for a live
   * run). Resolves to the run id once the stream has started; opening or starting another run stops it.
   * A live run is stopped first, after asking.
   */
  async openStored(traceFile: string): Promise<string | undefined> {
    if (this.session?.traceFile === traceFile) { // the run the panel shows (live, perhaps): shown as it is
      this.openPanel(false);
      return this.session.id;
    }
    const run = await firstRunEvent(traceFile);
    if (!run) {
      void vscode.window.showErrorMessage(`Trainspect: cannot open ${traceFile}: it is not a Trainspect trace, or cannot be read.`);
      return undefined;
    }
    if (this.session?.live) {
      const stop = 'Stop and Open';
      if ((await vscode.window.showWarningMessage('A run is live. Stop it to show the stored run?', { modal: true }, stop)) !== stop) return undefined;
      await this.session.stop();
    }
    this.session?.dispose();
    const session = RunSession.restored(newRunId(), path.basename(run.script), [], false);
    session.traceFile = traceFile;
    this.session = session;
    this.started = undefined;
    this.updateUi(session);
    if (this.panel) {
      this.panel.showRun(session);
      this.panel.reveal(false);
    } else {
      this.openPanel(false);
    }
    this.changed.fire(session.snapshot());
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Trainspect: reading ${path.basename(traceFile)}` }, () => this.streamStored(session, traceFile));
    return session.id;
  }

  /**
   * The stored run's events into its session and on to the panel, one chunk at a time, each posted
   * before the next is read. A webview that (re)loads mid-way asks with 'ready' and gets the catch-up
   * of the events so far, then the chunks after them, as a panel that opens mid-run does: no event
   * twice, none out of order, and its saved state bounded as ever.
   */
  private async streamStored(session: RunSession, traceFile: string): Promise<void> {
    try {
      const streamed = await streamTrace(traceFile, async (events) => {
        await this.panel?.untilReady(); // a panel just created loads its webview first
        if (this.session !== session) return false;
        session.takeStored(events);
        await this.panel?.append(session, events);
        this.changed.fire(session.snapshot());
        return this.session === session;
      });
      if (streamed.damaged) this.output.appendLine(`[trainspect] ${traceFile} is damaged (${streamed.damaged}); showing what could be read.`);
    } catch (error) {
      this.output.appendLine(`[trainspect] error: ${traceFile} could not be read to its end (${(error as Error).message}); showing what was read.`);
      if (this.session === session) void vscode.window.showErrorMessage(`Trainspect: cannot read all of ${traceFile}: ${(error as Error).message}`);
    }
  }

  /** Runs a stored run's script again, with its arguments, folder and targets (today's settings). */
  async runAgainFromTrace(run: RunEvent): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage('Trainspect runs your script, so it works only in a trusted workspace.');
      return undefined;
    }
    const options = optionsFromRunEvent(run);
    return options && this.start(options);
  }

  /**
   * The panel's Run again: the shown run's script with the same targets and arguments, as it was
   * started, or, for a run restored after a reload, as its run event says (with today's settings).
   */
  async runAgain(runId: string, keepRunning: boolean): Promise<string | undefined> {
    const session = this.session;
    if (!session || session.id !== runId) return undefined;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage('Trainspect runs your script, so it works only in a trusted workspace.');
      return undefined;
    }
    const options = this.started?.sessionId === runId ? this.started.options : optionsFromRunEvent(session.model.run);
    if (!options) {
      void vscode.window.showErrorMessage('Trainspect: this run does not say which script it ran, so it cannot be run again.');
      return undefined;
    }
    return this.start({ ...options, keepRunning });
  }

  /** The run failed: the panel comes up on its Post-mortem view. */
  private showPostmortem(): void {
    this.openPanel(true);
    this.panel?.selectView('postmortem');
  }

  /** Stops the live run, if any; resolves once it has ended. */
  async stop(): Promise<void> {
    await this.session?.stop();
  }

  openPanel(preserveFocus = false): void {
    if (this.panel) return this.panel.reveal(preserveFocus);
    this.panel = PanelHost.create(this.extensionUri, this.panelHandlers());
  }

  /** Opens the panel on its Shapes view at `line` of `file` (Show Shape Timeline). */
  showShapes(file: string, line: number): void {
    this.openPanel(true);
    this.panel?.showShapes(file, line);
  }

  /** The serializer's restore after a reload: the panel's saved state becomes the run it shows. */
  revivePanel(panel: vscode.WebviewPanel, state: unknown): void {
    if (this.panel) {
      panel.dispose();
      return;
    }
    if (!this.session) this.session = restoredSession(state);
    this.panel = new PanelHost(panel, this.extensionUri, this.panelHandlers());
  }

  dispose(): void {
    void this.session?.stop();
    this.session?.dispose();
    this.panel?.dispose();
    this.statusItem.dispose();
    this.changed.dispose();
    this.startedScript.dispose();
    this.storedChanged.dispose();
  }

  private panelHandlers(): PanelHandlers {
    const mine = (runId: string): RunSession | undefined => (this.session?.id === runId ? this.session : undefined);
    return {
      current: () => this.session,
      stop: (runId) => void mine(runId)?.stop(),
      keepRunning: (runId) => mine(runId)?.continuePastLimit(),
      runAgain: (runId, keepRunning) => void this.runAgain(runId, keepRunning),
      rendered: (runId, calls) => mine(runId)?.rendered(calls),
      received: (runId, events, steps) => mine(runId)?.received(events, steps),
      debugException: (runId) => void vscode.commands.executeCommand('trainspect.rerunInDebugger', { runId }),
      viewShown: (runId, view) => mine(runId)?.viewShown(view),
      breakAtCall: (runId, seq) => {
        // Only a call the run recorded: the webview shows captured (untrusted) data.
        const request = breakRequestForCall(mine(runId)?.recordedEvents() ?? [], seq);
        if (!request) return;
        const { script, ...rest } = request;
        void vscode.commands.executeCommand('trainspect.breakInCallable', { uri: script, ...rest } satisfies BreakCommandArgs);
      },
      disposed: () => (this.panel = undefined),
    };
  }

  private updateUi(session: RunSession): void {
    if (this.hasPostmortem !== !!session.model.postmortem) {
      this.hasPostmortem = !!session.model.postmortem;
      void vscode.commands.executeCommand('setContext', 'trainspect.hasPostmortem', this.hasPostmortem);
    }
    if (this.running !== session.live) {
      this.running = session.live;
      void vscode.commands.executeCommand('setContext', 'trainspect.running', session.live);
    }
    if (!session.live) {
      this.shownStatus = undefined;
      this.statusItem.hide();
      return;
    }
    const status = runStatus(session.title, session.model);
    if (status.text === this.shownStatus?.text && status.tooltip === this.shownStatus.tooltip) return;
    this.shownStatus = status;
    this.statusItem.text = status.text;
    this.statusItem.tooltip = status.tooltip;
    this.statusItem.show();
  }

  /** A notification for the run's lifetime; its Cancel stops the run. */
  private showProgress(session: RunSession, done: Promise<unknown>): void {
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Trainspect: ${session.title}`, cancellable: true },
      async (progress, token) => {
        const cancel = token.onCancellationRequested(() => void session.stop());
        let reported: string | undefined;
        const report = () => {
          const message = runStatus(session.title, session.model).progress;
          if (message !== reported) progress.report({ message: (reported = message) });
        };
        report();
        session.on('change', report);
        try {
          await done;
        } finally {
          cancel.dispose();
          session.off('change', report);
        }
      },
    );
  }

  private logEvent(event: TraceEvent): void {
    if (event.type === 'notice') this.output.appendLine(`[trainspect] ${event.level}: ${event.message}`);
    if (event.type === 'exit') this.output.appendLine(`[trainspect] ${capitalize(describeExit(event))}.`);
  }
}

/** How to start a run again from its trace: the run event's script, arguments, folder and targets. */
function optionsFromRunEvent(run: RunEvent | undefined): TraceRunOptions | undefined {
  if (!run) return undefined;
  const settings = readSettings(vscode.Uri.file(run.script));
  return { script: run.script, args: run.args, cwd: run.cwd, targets: run.targets, maxCalls: run.maxCalls, nodePath: settings.nodePath, previewLimits: settings.previewLimits };
}

/** The run the panel had saved, if its state holds one (checked: it comes from the webview). */
function restoredSession(state: unknown): RunSession | undefined {
  const run = (state as { run?: Record<string, unknown> } | undefined)?.run;
  if (!run || typeof run.runId !== 'string' || typeof run.title !== 'string' || !Array.isArray(run.events) || !run.events.every(isTraceEvent)) return undefined;
  return RunSession.restored(run.runId, run.title, run.events, run.keepRunning === true);
}
