// Break in Callable in the real VS Code with its real JavaScript debugger (js-debug): the debugger
// stops inside the callable's own body when it is called — a factory-made splitter whose body is in
// another file, in JavaScript and in TypeScript — and the paused frame's locals (read through DAP, as
// the Variables view does) hold the call's arguments.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { breakAndWait, sessionEnded } from './debug-session';
import { lineOf, workspaceFile } from './helpers';

interface DapFrame { id: number; name: string; line: number; column: number; source?: { path?: string; name?: string } }
interface DapVariable { name: string; value: string }

/** The top frame where the debugger stopped, its Local scope's variables, and an expression evaluated there. */
async function pausedAt(frame: vscode.DebugStackFrame, expression: string): Promise<{ top: DapFrame; locals: DapVariable[]; value: string }> {
  const session = frame.session;
  const trace = await session.customRequest('stackTrace', { threadId: frame.threadId, startFrame: 0, levels: 1 });
  const top = trace.stackFrames[0] as DapFrame;
  const { scopes } = await session.customRequest('scopes', { frameId: top.id });
  const local = (scopes as { name: string; variablesReference: number }[]).find((s) => /^local/i.test(s.name));
  assert.ok(local, `no Local scope in ${JSON.stringify(scopes)}`);
  const { variables } = await session.customRequest('variables', { variablesReference: local.variablesReference });
  const { result } = await session.customRequest('evaluate', { expression, frameId: top.id, context: 'watch' });
  return { top, locals: variables as DapVariable[], value: result as string };
}

/** A DAP source path as a file path (under code-server it comes as a vscode-remote:// URI). */
const fsPathOf = (source: DapFrame['source']): string | undefined =>
  source?.path && (/^[a-z][a-z0-9+.-]+:\/\//i.test(source.path) ? vscode.Uri.parse(source.path).fsPath : source.path);

suite('Break in Callable', () => {
  teardown(async () => {
    await vscode.debug.stopDebugging();
  });

  test('stops inside a factory-made splitter, in the file of its body, with the items as a local', async () => {
    const uri = workspaceFile('factory-train.js');
    const body = workspaceFile('pipeline.js');
    const before = vscode.debug.breakpoints.length;
    const { session, frame } = await breakAndWait({ uri, name: 'splitter' });
    assert.match(session.configuration.name, /break in splitter/);
    assert.equal(vscode.debug.breakpoints.length, before, 'the command added a breakpoint');

    const { top, locals, value } = await pausedAt(frame, 'JSON.stringify([items.length, items[0], items[39]])');
    assert.equal(fsPathOf(top.source), body.fsPath, `stopped in ${JSON.stringify(top.source)}, not in pipeline.js`);
    assert.equal(top.line, await lineOf(body, 'const cut = Math.round'), "not on the first line of the splitter's body");
    const items = locals.find((v) => v.name === 'items');
    assert.ok(items, `no local named items: ${locals.map((v) => v.name).join(', ')}`);
    assert.match(items.value, /\b40\b/, `items is ${items.value}`);
    assert.equal(value, '\'[40,"Abyssinian_1.png","Siamese_10.png"]\'');

    const ended = sessionEnded(session);
    await vscode.debug.stopDebugging(session);
    await ended;
  });

  test('stops at the call a recorded call names (as the panel asks): the second, with its 20 items', async () => {
    const uri = workspaceFile('factory-train.js');
    const line = await lineOf(uri, 'splitter: randomSplitter');
    const { session, frame } = await breakAndWait({ uri, target: `splitter@${line}`, name: 'splitter', callNumber: 2 });
    assert.match(session.configuration.name, /break in splitter at call #2/);
    const { top, value } = await pausedAt(frame, 'items.length');
    assert.equal(fsPathOf(top.source), workspaceFile('pipeline.js').fsPath);
    assert.equal(value, '20');
  });

  test("on the pets example (outside the test's workspace folder): stops in randomSplitter's splitter with the 300 paths", async () => {
    const pets = path.resolve(workspaceFile('.').fsPath, '../../../examples/pets');
    if (!fs.existsSync(path.join(pets, 'data', 'images'))) execFileSync(process.execPath, [path.join(pets, 'make-data.js')], { cwd: pets });
    const uri = vscode.Uri.file(path.join(pets, 'train.js'));
    const body = vscode.Uri.file(path.join(pets, 'pipeline.js'));
    const { frame } = await breakAndWait({ uri, name: 'splitter' });
    const { top, locals, value } = await pausedAt(frame, 'JSON.stringify([items.length, items.every((f) => f.endsWith(".png")), validPct, seed])');
    assert.equal(fsPathOf(top.source), body.fsPath, `stopped in ${JSON.stringify(top.source)}`);
    assert.equal(top.line, await lineOf(body, 'const random = seededRandom(seed);'));
    assert.ok(locals.some((v) => v.name === 'items'), `no local named items: ${locals.map((v) => v.name).join(', ')}`);
    assert.equal(value, "'[300,true,0.2,42]'");
  });

  test('TypeScript: stops on the .ts line of a body an imported factory made, with the parameter in scope', async () => {
    const uri = workspaceFile('factory-train.ts');
    const body = workspaceFile('split.ts');
    const { frame } = await breakAndWait({ uri, name: 'splitter' });
    const { top, locals, value } = await pausedAt(frame, 'items[11]');
    assert.equal(fsPathOf(top.source), body.fsPath, `stopped in ${JSON.stringify(top.source)}`);
    assert.equal(top.line, await lineOf(body, 'const cut: number = Math.round'));
    assert.ok(locals.some((v) => v.name === 'items'), `no local named items: ${locals.map((v) => v.name).join(', ')}`);
    assert.equal(value, "'Bengal_12.png'");
  });
});
