// The live run's health alerts (a loss gone NaN or ±Infinity and the kernel that began it, a likely
// tensor leak) as VS Code warnings, each problem once, with Open Panel, and Go to Line where the alert
// names a line of the user's code. A non-finite loss whose next batch is being checked waits for that
// check, so one notification says both; if the run ends first, the loss is shown alone.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { plural } from '../protocol/call-text';
import type { HealthEvent, HealthWhere, LeakAlert, NonFiniteKernelAlert, NonFiniteLossAlert, SourceSite } from '../protocol/events';
import { healthWhereText } from '../protocol/health-text';
import type { RunSnapshot } from './api';

/** Notifications per run at most: a script that trains many models badly must not bury the window. */
export const MAX_HEALTH_NOTIFICATIONS = 3;

export const OPEN_PANEL = 'Open Panel';
export const GO_TO_LINE = 'Go to Line';

/** A warning as it is shown: its text, its buttons, and the line Go to Line opens. */
export interface HealthNotification {
  message: string;
  actions: string[];
  site: SourceSite | undefined;
}

export class HealthAlerts implements vscode.Disposable {
  private runId: string | undefined;
  private taken = 0; // the run model's health[0, taken) are handled
  private waiting: NonFiniteLossAlert[] = []; // losses whose kernel check has not reported yet
  private shownForRun: HealthNotification[] = [];
  private readonly subscription: vscode.Disposable;

  /** `reveal` opens a site in the editor (the panel's own Go to the line). */
  constructor(onDidChangeRun: vscode.Event<RunSnapshot>, private readonly reveal: (site: SourceSite) => Promise<void>) {
    this.subscription = onDidChangeRun((run) => this.update(run));
  }

  /** The notifications shown for the current run, in order. */
  get shown(): readonly HealthNotification[] {
    return this.shownForRun;
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private update(run: RunSnapshot): void {
    if (run.id !== this.runId) {
      this.runId = run.id;
      this.taken = 0;
      this.waiting = [];
      this.shownForRun = [];
    }
    const { health } = run.model;
    for (; this.taken < health.length; this.taken++) this.take(health[this.taken]);
    if (run.state === 'finished') {
      for (const loss of this.waiting) this.notify(lossNotification(loss, undefined));
      this.waiting = [];
    }
  }

  private take(alert: HealthEvent): void {
    switch (alert.kind) {
      case 'non-finite-loss':
        if (alert.kernelCheck) this.waiting.push(alert);
        else this.notify(lossNotification(alert, undefined));
        return;
      case 'non-finite-kernel': {
        const i = this.waiting.findIndex((loss) => sameLoop(loss, alert));
        const [loss] = i >= 0 ? this.waiting.splice(i, 1) : [];
        this.notify(loss ? lossNotification(loss, alert) : kernelNotification(alert));
        return;
      }
      case 'leak':
        this.notify(leakNotification(alert));
    }
  }

  private notify(notification: HealthNotification): void {
    if (this.shownForRun.length >= MAX_HEALTH_NOTIFICATIONS) return;
    this.shownForRun.push(notification);
    void vscode.window.showWarningMessage(notification.message, ...notification.actions).then((choice) => {
      if (choice === OPEN_PANEL) void vscode.commands.executeCommand('trainspect.openPanel');
      if (choice === GO_TO_LINE && notification.site) void this.reveal(notification.site);
    });
  }
}

const sameLoop = (a: HealthWhere, b: HealthWhere): boolean =>
  a.loop === b.loop && a.modelId === b.modelId && a.model === b.model && a.fitCall === b.fitCall;

const stepWord = (where: HealthWhere): string => (where.loop === 'fit' || where.loop === 'fitDataset' ? 'batch' : 'call');

function withActions(message: string, site: SourceSite | undefined): HealthNotification {
  return { message: `Trainspect: ${message}`, actions: site ? [OPEN_PANEL, GO_TO_LINE] : [OPEN_PANEL], site };
}

/** "Log made the first NaN or Infinity at train.js:7" (or why no kernel was named). */
function kernelText(alert: NonFiniteKernelAlert): string {
  const f = alert.finding;
  if (!f) return `no kernel output was NaN or Infinity in the next ${stepWord(alert)} (${plural(alert.kernelsChecked, 'kernel')} checked)`;
  const pass = f.backward ? ` in the backward pass${f.gradientOf ? ` (gradient of ${f.gradientOf})` : ''}` : '';
  const what = f.origin === 'kernel' ? 'made the first NaN or Infinity from finite inputs' : 'got a NaN or Infinity input';
  const line = f.site ? ` at ${path.basename(f.site.file)}:${f.site.line}` : '';
  return `${f.kernel}${pass} ${what}${line}`;
}

function lossNotification(loss: NonFiniteLossAlert, kernel: NonFiniteKernelAlert | undefined): HealthNotification {
  const said = `${loss.metric} is ${loss.value} at ${healthWhereText(loss)}`;
  if (!kernel) return withActions(`${said}.`, undefined);
  return withActions(`${said}. Checking the next ${stepWord(kernel)}: ${kernelText(kernel)}.`, kernel.finding?.site ?? undefined);
}

function kernelNotification(alert: NonFiniteKernelAlert): HealthNotification {
  return withActions(`after a non-finite loss, in ${healthWhereText(alert)}: ${kernelText(alert)}.`, alert.finding?.site ?? undefined);
}

function leakNotification(alert: LeakAlert): HealthNotification {
  const step = stepWord(alert);
  return withActions(`likely tensor leak in ${healthWhereText(alert)}: +${plural(alert.tensorsPerBatch, 'tensor')} per ${step} over the last ${plural(alert.overBatches, step, step === 'batch' ? 'batches' : 'calls')} (${plural(alert.numTensors, 'tensor')} now). A missing tf.tidy or dispose?`, undefined);
}
