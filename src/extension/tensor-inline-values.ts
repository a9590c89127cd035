// While VS Code's JavaScript debugger is paused in a session Trainspect started, the values of the
// variables in scope next to their lines: the names come from the file (src/host/names-in-scope.ts),
// js-debug looks them up in the paused frame and describes tensors by shape (debug-descriptions.ts).
import * as vscode from 'vscode';
import { debugDescriptions } from '../host/debug-descriptions';
import { namesInScope } from '../host/names-in-scope';
import { CODELENS_SELECTOR } from './codelens';

/** Whether Trainspect started the session (or the one js-debug made it a child of): it has the tensor descriptions. */
export function isTrainspectSession(session: vscode.DebugSession | undefined): boolean {
  const generator = debugDescriptions().customDescriptionGenerator;
  for (let s = session; s; s = s.parentSession) if (s.configuration.customDescriptionGenerator === generator) return true;
  return false;
}

export class TensorInlineValues implements vscode.InlineValuesProvider {
  provideInlineValues(document: vscode.TextDocument, viewPort: vscode.Range, context: vscode.InlineValueContext): vscode.InlineValue[] | undefined {
    if (!isTrainspectSession(vscode.debug.activeDebugSession)) return undefined;
    const stoppedLine = context.stoppedLocation.start.line + 1;
    const names = namesInScope(document.getText(), document.fileName, viewPort.start.line + 1, stoppedLine);
    return names?.filter(({ line }) => line <= viewPort.end.line + 1).map(({ name, line, column }) =>
      new vscode.InlineValueVariableLookup(new vscode.Range(line - 1, column - 1, line - 1, column - 1 + name.length), name));
  }
}

export const registerTensorInlineValues = (): vscode.Disposable =>
  vscode.languages.registerInlineValuesProvider(CODELENS_SELECTOR, new TensorInlineValues());
