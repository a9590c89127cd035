// The live run's health alerts (a loss gone NaN or ±Infinity and the kernel that began it, a likely
// tensor leak) as VS Code warnings, each problem once, with Open Panel, and Go to Line where the alert
// names a line of the user's code. A non-finite loss whose next batch is being checked waits for that
// check, so one notification says both; if the run ends first, the loss is shown alone.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HealthEvent, HealthWhere, LeakAlert, NonFiniteKernelAlert, NonFiniteLossAlert, SourceSite } from '../protocol/events';
import { healthText, healthWhereText } from '../protocol/health-text';
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

function withActions(message: string, site: SourceSite | undefined): HealthNotification {
  return { message: `Trainspect: ${message}`, actions: site ? [OPEN_PANEL, GO_TO_LINE] : [OPEN_PANEL], site };
}

/** The panel's headline of an alert (health-text.ts), with the file and line it names, if any. */
function headlineAt(alert: HealthEvent): { text: string; site: SourceSite | undefined } {
  const said = healthText(alert);
  const site = said.site ?? undefined;
  return { text: site ? `${said.headline} at ${path.basename(site.file)}:${site.line}:${site.column}` : said.headline, site };
}

function lossNotification(loss: NonFiniteLossAlert, kernel: NonFiniteKernelAlert | undefined): HealthNotification {
  const said = healthText(loss).headline;
  if (!kernel) return withActions(`${said}.`, undefined);
  const found = headlineAt(kernel);
  return withActions(`${said}; ${found.text}.`, found.site);
}

function kernelNotification(alert: NonFiniteKernelAlert): HealthNotification {
  const found = headlineAt(alert);
  return withActions(`after a non-finite loss: ${found.text}.`, found.site);
}

function leakNotification(alert: LeakAlert): HealthNotification {
  return withActions(`${healthText(alert).headline} (in ${healthWhereText(alert)})`, undefined);
}
