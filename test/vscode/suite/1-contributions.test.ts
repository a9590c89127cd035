import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, EXTENSION_ID, trainspectApi } from './helpers';

suite('contributions', () => {
  test('the manifest contributes its commands', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    const contributed = (extension.packageJSON.contributes?.commands ?? []).map((c: { command: string }) => c.command);
    assert.deepEqual([...contributed].sort(), [...COMMANDS].sort());
  });

  test('activation registers every command and returns the API', async () => {
    const api = await trainspectApi();
    assert.equal(typeof api.detectCallables, 'function');
    assert.equal(typeof api.onDidChangeRun, 'function');
    const registered = await vscode.commands.getCommands(true);
    for (const command of COMMANDS) assert.ok(registered.includes(command), `${command} is not registered`);
  });
});
