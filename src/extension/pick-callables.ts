// Finding the callables of a file and letting the user choose among them.
import * as vscode from 'vscode';
import type { CallableKind } from '../protocol/events';
import { detectCallables, type DetectedCallable } from '../host/detect-callables';
import { rankCallables } from '../host/rank-callables';

const KIND_ICON: Record<CallableKind, string> = {
  declaration: 'symbol-function',
  variable: 'symbol-variable',
  assignment: 'symbol-field',
  property: 'symbol-property',
  callback: 'symbol-event',
};

const KIND_TEXT: Record<CallableKind, string> = {
  declaration: 'function',
  variable: 'variable',
  assignment: 'assignment',
  property: 'property',
  callback: 'callback',
};

/** The cursor's 1-based line when the document is in the active editor. */
function cursorLine(document: vscode.TextDocument): number | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor && editor.document.uri.toString() === document.uri.toString() ? editor.selection.active.line + 1 : undefined;
}

/** The document's callables in quick-pick order: at the cursor, splitter-like, label/getter-like, rest. */
export function rankedCallables(document: vscode.TextDocument): DetectedCallable[] {
  return rankCallables(detectCallables(document.getText(), document.uri.fsPath), cursorLine(document));
}

/** What the runtime is asked to trace: the name, or name@line where the name is not unique. */
export function targetFor(callable: DetectedCallable, all: readonly DetectedCallable[]): string {
  const same = all.filter((c) => c.name === callable.name).length;
  return same > 1 ? `${callable.name}@${callable.line}` : callable.name;
}

interface CallableItem extends vscode.QuickPickItem {
  callable: DetectedCallable;
}

function items(list: readonly DetectedCallable[], checkFirst: boolean): CallableItem[] {
  return list.map((c, i) => ({
    label: `$(${KIND_ICON[c.kind]}) ${c.name}`,
    description: `${KIND_TEXT[c.kind]} · line ${c.line}`,
    picked: checkFirst && i === 0,
    callable: c,
  }));
}

/** Several callables to trace; undefined when the user cancels or chooses none. */
export async function pickCallablesToTrace(list: readonly DetectedCallable[], fileName: string): Promise<DetectedCallable[] | undefined> {
  const chosen = await vscode.window.showQuickPick(items(list, true), {
    canPickMany: true,
    title: `Trainspect: trace the inputs of… (${fileName})`,
    placeHolder: 'The one at the cursor first, splitter-like names next. Space selects several, Enter traces them.',
    matchOnDescription: true,
  });
  return chosen?.length ? chosen.map((i) => i.callable) : undefined;
}

/** One callable to break in; undefined when cancelled. */
export async function pickCallableToBreakIn(list: readonly DetectedCallable[], fileName: string): Promise<DetectedCallable | undefined> {
  const chosen = await vscode.window.showQuickPick(items(list, false), {
    title: `Trainspect: break in… (${fileName})`,
    placeHolder: 'The debugger stops at the first line of the callable you choose.',
    matchOnDescription: true,
  });
  return chosen?.callable;
}

export function noCallablesMessage(fileName: string): string {
  return `Trainspect found no callables in ${fileName}. It looks for functions declared or assigned under a name, function-valued properties in object literals, and functions passed to dataset map/filter/generator.`;
}
