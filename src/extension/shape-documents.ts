// Which of the current run's shapes and callables an open document shows, and on which of its lines
// now: where its text is what the run read (same hash), every line as recorded; where it has been
// edited since, the lines carried through its edits (host/line-shift.ts; a touched line has nothing);
// where it differed before its edits were followed (changed on disk, or opened after it changed),
// nothing. The edits are followed from the run's start (or the document's opening, if later).
import * as vscode from 'vscode';
import { textHash } from '../host/file-hashes';
import { LineShift } from '../host/line-shift';
import type { IndexedSite, ShapeIndex } from '../host/shape-index';
import type { CallableModel, RunModel } from '../protocol/run-model';
import type { RunSnapshot } from './api';

export const SHAPES_SELECTOR: vscode.DocumentSelector = ['javascript', 'typescript', 'javascriptreact', 'typescriptreact'].map((language) => ({ language, scheme: 'file' }));

export const EDITED_NOTE = 'From an older version of this file: it has changed since the run (its lines are followed through the edits).';
export const RESTORED_NOTE = 'From a run before the window was reloaded: the file may have changed since.';

/** One line of the document now (0-based) and what the run recorded on it. */
export interface ShapeLine {
  line: number;
  runLine: number; // 1-based, as the run recorded it
  sites: readonly IndexedSite[];
  callables: readonly CallableModel[];
}

export interface DocumentShapes {
  index: ShapeIndex;
  model: Readonly<RunModel>;
  file: string;
  /** Why the data may not be about the text shown; undefined when the text is what ran. */
  note: string | undefined;
  /** The run's line (1-based) of the document's line now (0-based); undefined when none or not certain. */
  runLine(line: number): number | undefined;
  /** Every line that has something, where it is now. */
  lines(): ShapeLine[];
}

interface Followed {
  runId: string;
  baseline: string; // the text's hash when following began
  shift: LineShift;
}

export class ShapeDocuments implements vscode.Disposable {
  private readonly followed = new Map<string, Followed>(); // by document URI
  private readonly hashes = new WeakMap<vscode.TextDocument, { version: number; hash: string }>();
  private runId: string | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly current: () => RunSnapshot | undefined, onDidChangeRun: vscode.Event<RunSnapshot>) {
    this.disposables = [
      onDidChangeRun((run) => {
        if (run.id === this.runId) return;
        this.runId = run.id;
        this.followed.clear();
        for (const document of vscode.workspace.textDocuments) this.follow(document, run.id);
      }),
      vscode.workspace.onDidOpenTextDocument((document) => this.runId && this.follow(document, this.runId)),
      vscode.workspace.onDidCloseTextDocument((document) => this.followed.delete(document.uri.toString())),
      vscode.workspace.onDidChangeTextDocument((e) => {
        const followed = this.followed.get(e.document.uri.toString());
        if (!followed) return;
        for (const c of e.contentChanges) {
          followed.shift.record({ startLine: c.range.start.line, startCharacter: c.range.start.character, endLine: c.range.end.line, endCharacter: c.range.end.character, text: c.text });
        }
      }),
    ];
  }

  /** What the current run has for this document; undefined when nothing, or nothing certain. */
  of(document: vscode.TextDocument): DocumentShapes | undefined {
    const run = this.current();
    const file = document.uri.fsPath;
    if (!run || document.uri.scheme !== 'file' || !run.shapeIndex.has(file)) return undefined;
    const index = run.shapeIndex;
    const ran = index.hashes.get(file);
    const now = this.hashOf(document);
    if (ran !== undefined && now === ran) {
      this.follow(document, run.id, now); // edits from here on are followed from the text that ran
      return documentShapes(run, file, undefined, (line) => line);
    }
    const followed = this.followed.get(document.uri.toString());
    if (!followed || followed.runId !== run.id) return undefined;
    if (ran === undefined) return documentShapes(run, file, RESTORED_NOTE, (line) => followed.shift.lineNow(line));
    if (followed.baseline !== ran) return undefined;
    return documentShapes(run, file, EDITED_NOTE, (line) => followed.shift.lineNow(line));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private follow(document: vscode.TextDocument, runId: string, hash = this.hashOf(document)): void {
    const key = document.uri.toString();
    const followed = this.followed.get(key);
    if (followed?.runId === runId && followed.baseline === hash && !followed.shift.edited) return;
    this.followed.set(key, { runId, baseline: hash, shift: new LineShift() });
  }

  private hashOf(document: vscode.TextDocument): string {
    const known = this.hashes.get(document);
    if (known?.version === document.version) return known.hash;
    const hash = textHash(document.getText());
    this.hashes.set(document, { version: document.version, hash });
    return hash;
  }
}

/** `lineNow`: the 0-based line now of a 0-based line of the text that ran, null when not certain. */
function documentShapes(run: RunSnapshot, file: string, note: string | undefined, lineNow: (line: number) => number | null): DocumentShapes {
  const index = run.shapeIndex;
  const lines = (): ShapeLine[] => {
    const byLine = new Map<number, ShapeLine>();
    const at = (runLine: number): ShapeLine | undefined => {
      const line = lineNow(runLine - 1);
      if (line === null) return undefined;
      let entry = byLine.get(line);
      if (!entry) byLine.set(line, (entry = { line, runLine, sites: index.sitesOn(file, runLine), callables: index.callablesOn(file, runLine) }));
      return entry;
    };
    for (const runLine of index.siteLines(file).keys()) at(runLine);
    for (const runLine of index.callableLines(file).keys()) at(runLine);
    return [...byLine.values()];
  };
  return {
    index, model: run.model, file, note, lines,
    runLine: (line) => (note === undefined ? line + 1 : lines().find((l) => l.line === line)?.runLine),
  };
}
