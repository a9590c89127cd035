// The editor's hover for the scripts a run went through: on a line where the run saw tensor-producing
// calls or a traced callable, what each produced (the call under the cursor first) or was last called
// with (host/shape-hover-text.ts). Untrusted Markdown: what the run captured is text.
import * as vscode from 'vscode';
import { shapeHoverMarkdown } from '../host/shape-hover-text';
import type { ShapeDocuments } from './shape-documents';

export class ShapeHoverProvider implements vscode.HoverProvider {
  constructor(private readonly documents: ShapeDocuments) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const word = document.getWordRangeAtPosition(position);
    if (!word) return undefined; // not over blanks or punctuation
    const shapes = this.documents.of(document);
    const runLine = shapes?.runLine(position.line);
    if (!shapes || runLine === undefined) return undefined;
    const sites = shapes.index.sitesAt(shapes.file, runLine, position.character + 1);
    const text = shapeHoverMarkdown({ sites, callables: shapes.index.callablesOn(shapes.file, runLine), training: shapes.model.training, note: shapes.note });
    if (!text) return undefined;
    const markdown = new vscode.MarkdownString(text);
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    const under = sites[0] && sites[0].start <= position.character + 1 && position.character + 1 < sites[0].end ? sites[0] : undefined;
    return new vscode.Hover(markdown, under ? new vscode.Range(position.line, under.start - 1, position.line, under.end - 1) : word);
  }
}
