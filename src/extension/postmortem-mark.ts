// The failing line of a run that ended in an exception, marked in the editor: the first of the user's
// frames in its post-mortem, with the error's message after it (one line, bounded), in the theme's
// error colours. Shown whenever that file is visible; cleared when the next run of that script starts.
import * as vscode from 'vscode';
import type { PostmortemEvent } from '../protocol/events';
import { errorText } from '../protocol/postmortem-text';
import type { RunSnapshot } from './api';

/** The most characters of the message shown after the line. */
export const MARK_TEXT_MAX = 120;

/** A marked line: the file, its 1-based line, and the text shown after it. */
export interface PostmortemMark {
  script: string; // the run's script, whose next run clears the mark
  file: string;
  line: number;
  text: string;
}

/** The mark a post-mortem gives: undefined when none of its frames is the user's code with a line. */
export function markFor(script: string, pm: PostmortemEvent): PostmortemMark | undefined {
  const frame = pm.frames.find((f) => f.user && !f.async && f.file !== null && f.line !== null);
  if (!frame?.file || frame.line === null) return undefined;
  const said = errorText(pm);
  const oneLine = `${said.className}: ${said.message}`.replace(/\s+/g, ' ').trim();
  const text = oneLine.length > MARK_TEXT_MAX ? `${oneLine.slice(0, MARK_TEXT_MAX - 1)}…` : oneLine;
  return { script, file: frame.file, line: frame.line, text };
}

export class PostmortemMarks implements vscode.Disposable {
  private readonly marks = new Map<string, PostmortemMark>(); // by script
  private readonly marked = new Set<string>(); // run ids already looked at
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editorError.background'),
    overviewRulerColor: new vscode.ThemeColor('editorError.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
    after: { color: new vscode.ThemeColor('errorForeground'), margin: '0 0 0 2em', fontStyle: 'italic' },
  });
  private readonly subscriptions: vscode.Disposable[];

  constructor(onDidChangeRun: vscode.Event<RunSnapshot>, onDidStartRun: vscode.Event<string>) {
    this.subscriptions = [
      onDidStartRun((script) => this.marks.delete(script) && this.apply()),
      onDidChangeRun((run) => this.update(run)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.apply()),
    ];
  }

  /** The lines marked now, one per script. */
  get shown(): readonly PostmortemMark[] {
    return [...this.marks.values()];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.decoration.dispose(); // takes the marks off every editor
  }

  private update(run: RunSnapshot): void {
    const { postmortem, run: started } = run.model;
    if (!postmortem || !started || this.marked.has(run.id)) return;
    this.marked.add(run.id);
    const mark = markFor(started.script, postmortem);
    if (!mark) return;
    this.marks.set(mark.script, mark);
    this.apply();
  }

  private apply(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const marks = [...this.marks.values()].filter((m) => m.file === editor.document.uri.fsPath && m.line <= editor.document.lineCount);
      editor.setDecorations(this.decoration, marks.map((m) => ({
        range: editor.document.lineAt(m.line - 1).range,
        hoverMessage: new vscode.MarkdownString().appendText(`Trainspect: the run ended here: ${m.text}`), // captured text, not markdown
        renderOptions: { after: { contentText: m.text } },
      })));
    }
  }
}
