// Finding the callables of a file and letting the user choose among them: what a user traces first
// (pipeline-level), the file's other top-level functions next, and the rest on request.
import * as vscode from 'vscode';
import type { CallableKind } from '../protocol/events';
import { detectCallables, type CallableTier, type DetectedCallable } from '../host/detect-callables';
import { offeredCallables, rankCallables, type Cursor } from '../host/rank-callables';

const KIND_ICON: Record<CallableKind, string> = {
  declaration: 'symbol-function',
  variable: 'symbol-variable',
  assignment: 'symbol-field',
  property: 'symbol-property',
  callback: 'symbol-event',
  method: 'symbol-method',
};

const KIND_TEXT: Record<CallableKind, string> = {
  declaration: 'function',
  variable: 'variable',
  assignment: 'assignment',
  property: 'property',
  callback: 'callback',
  method: 'method',
};

const TIER_HEADING: Record<CallableTier, string> = {
  pipeline: 'pipeline',
  'top-level': 'other functions',
  entry: 'entry functions',
  inner: 'inside functions',
};

/** The cursor (1-based) when the document is in the active editor. */
function cursorOf(document: vscode.TextDocument): Cursor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.toString() !== document.uri.toString()) return undefined;
  const { line, character } = editor.selection.active;
  return { line: line + 1, column: character + 1 };
}

/** Every callable of the document, in quick-pick order (at the cursor, then by tier and name). */
export function rankedCallables(document: vscode.TextDocument): DetectedCallable[] {
  return rankCallables(detectCallables(document.getText(), document.uri.fsPath), cursorOf(document));
}

interface CallableItem extends vscode.QuickPickItem {
  callable?: DetectedCallable;
  showAll?: true;
}

function describe(c: DetectedCallable): string {
  const what = c.aliasOf ? `${KIND_TEXT[c.kind]} → ${c.aliasOf}` : KIND_TEXT[c.kind];
  return `${what} · line ${c.line}`;
}

function items(list: readonly DetectedCallable[], hidden: number, checkFirst: boolean): CallableItem[] {
  const out: CallableItem[] = [];
  let heading: CallableTier | undefined;
  list.forEach((c, i) => {
    // The one at the cursor leads without a heading; headings start where the tier changes after it.
    if (i > 0 && c.tier !== heading) out.push({ label: TIER_HEADING[c.tier], kind: vscode.QuickPickItemKind.Separator });
    heading = c.tier;
    out.push({ label: `$(${KIND_ICON[c.kind]}) ${c.name}`, description: describe(c), picked: checkFirst && i === 0, callable: c });
  });
  if (hidden > 0) {
    out.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
    out.push({ label: '$(list-tree) Show all callables…', description: `${hidden} more: entry functions and locals inside function bodies`, alwaysShow: true, showAll: true });
  }
  return out;
}

/**
 * The pick over what is offered by default, then (after "Show all callables…") over every callable;
 * the user's choices so far stay chosen.
 */
async function pick(document: vscode.TextDocument, options: vscode.QuickPickOptions, many: boolean): Promise<DetectedCallable[] | undefined> {
  const all = detectCallables(document.getText(), document.uri.fsPath);
  const cursor = cursorOf(document);
  let showAll = false;
  let chosen: DetectedCallable[] | undefined;
  for (;;) {
    const list = offeredCallables(all, cursor, showAll);
    const shown = items(list, all.length - list.length, many && !chosen);
    if (chosen) for (const item of shown) item.picked = !!item.callable && chosen.includes(item.callable);
    const answer = many
      ? await vscode.window.showQuickPick(shown, { ...options, canPickMany: true })
      : await vscode.window.showQuickPick(shown, options).then((one) => one && [one]);
    if (!answer) return undefined;
    chosen = answer.flatMap((i) => (i.callable ? [i.callable] : []));
    if (!answer.some((i) => i.showAll)) return chosen.length ? chosen : undefined;
    showAll = true;
  }
}

/** The callables to trace; undefined when the user cancels or chooses none. */
export function pickCallablesToTrace(document: vscode.TextDocument, fileName: string): Promise<DetectedCallable[] | undefined> {
  return pick(document, {
    title: `Trainspect: trace the inputs of… (${fileName})`,
    placeHolder: 'The one at the cursor first, then splitters, labellers and the rest of the pipeline. Space selects several, Enter traces them.',
    matchOnDescription: true,
  }, true);
}

/** One callable to break in; undefined when cancelled. */
export async function pickCallableToBreakIn(document: vscode.TextDocument, fileName: string): Promise<DetectedCallable | undefined> {
  const chosen = await pick(document, {
    title: `Trainspect: break in… (${fileName})`,
    placeHolder: 'The debugger stops at the first line of the callable you choose.',
    matchOnDescription: true,
  }, false);
  return chosen?.[0];
}

export function noCallablesMessage(fileName: string): string {
  return `Trainspect found no callables in ${fileName}. It looks for functions declared or assigned under a name, function-valued properties in object literals, and functions passed to dataset map/filter/generator.`;
}
