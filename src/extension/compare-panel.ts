// The comparison panel's host side: a WebviewPanel of its own (one per comparison, so an earlier one
// stays open beside it) showing a ComparisonView. Messages are checked by the protocol's guards both
// ways; the webview asks with 'ready' and gets the comparison. After a reload the serializer wraps the
// restored panel and the webview shows the comparison it saved.
import * as vscode from 'vscode';
import type { ComparisonView } from '../protocol/comparison-view';
import { isCompareToHostMessage, isHostToCompareMessage, type CompareToHostMessage, type HostToCompareMessage } from '../protocol/webview-messages';
import { loadWebview, panelOptions } from './panel';

export const COMPARE_VIEW_TYPE = 'trainspect.compare';

/** What a comparison panel's webview says it rendered (its 'comparison-shown' message). */
export interface ComparisonShown {
  title: string;
  labels: string[];
  charts: number;
  rows: number;
}

export class ComparePanel implements vscode.Disposable {
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  static create(extensionUri: vscode.Uri, title: string, comparison: ComparisonView, shown: (s: ComparisonShown) => void): ComparePanel {
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, panelOptions(extensionUri));
    return new ComparePanel(panel, extensionUri, shown, comparison);
  }

  /** Wraps a panel, new or restored after a reload (`comparison` undefined: the webview has its own saved one). */
  constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, shown: (s: ComparisonShown) => void, private comparison?: ComparisonView) {
    const webview = panel.webview;
    loadWebview(panel, extensionUri, 'compare.js');
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => {
        if (isCompareToHostMessage(message)) this.onMessage(message, shown);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  private onMessage(message: CompareToHostMessage, shown: (s: ComparisonShown) => void): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.comparison) this.post({ type: 'show-comparison', comparison: this.comparison });
        this.comparison = undefined; // the webview keeps it (and saves it) from now on
        return;
      case 'comparison-shown':
        return shown({ title: this.panel.title, labels: message.labels, charts: message.charts, rows: message.rows });
    }
  }

  private post(message: HostToCompareMessage): void {
    if (this.ready && isHostToCompareMessage(message)) void this.panel.webview.postMessage(message);
  }
}
