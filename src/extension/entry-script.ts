// The workspace's entry script: the training script a trace runs when the callable lives in a module
// (pipeline.js). Remembered in workspaceState, chosen with "Trainspect: Select Entry Script…" (offered
// from package.json scripts and the files that call fit/fitDataset), shown in the status bar.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeEntry, fileRole, formatArgs, isScript, manifestsAbove, packageScriptEntries, parseArgs, scriptToRun, type EntryCandidate, type EntryScript } from '../host/entry-scripts';

const STATE_KEY = 'trainspect.entryScript';
const SOURCE_GLOB = '**/*.{js,mjs,cjs,ts,mts,cts}';
const EXCLUDED = '{**/node_modules/**,**/dist/**,**/out/**,**/.vscode-test/**}';
const MAX_FILES_SCANNED = 500;

/** `trainspect.selectEntryScript`'s argument from tests and other extensions: no questions asked. */
export interface SelectEntryArgs {
  script?: string | vscode.Uri; // absolute path or file Uri; omitted with `clear`
  args?: string[];
  cwd?: string; // default: the script's workspace folder
  clear?: boolean; // forget the entry script: each script runs itself again
}

/** The folder a script runs in: its workspace folder, else its own directory. */
export function runFolder(uri: vscode.Uri): string {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
}

const isEntry = (value: unknown): value is EntryScript => {
  const v = value as Partial<EntryScript> | undefined;
  return typeof v?.script === 'string' && typeof v.cwd === 'string' && Array.isArray(v.args) && v.args.every((a) => typeof a === 'string');
};

interface CandidateItem extends vscode.QuickPickItem {
  entry?: EntryCandidate;
  action?: 'browse' | 'clear';
}

export class EntryScripts implements vscode.Disposable {
  private readonly status = vscode.window.createStatusBarItem('trainspect.entryScript', vscode.StatusBarAlignment.Left, 9);

  constructor(private readonly state: vscode.Memento) {
    this.status.name = 'Trainspect entry script';
    this.status.command = 'trainspect.selectEntryScript';
    this.showStatus();
  }

  /** The remembered entry script, if its file still exists. */
  get current(): EntryScript | undefined {
    const entry = this.state.get<unknown>(STATE_KEY);
    return isEntry(entry) && fs.existsSync(entry.script) ? entry : undefined;
  }

  async remember(entry: EntryScript | undefined): Promise<void> {
    await this.state.update(STATE_KEY, entry);
    this.showStatus();
  }

  /** The command: with an argument, sets (or clears) the entry as told; without, asks the user. */
  async select(arg?: unknown, why?: string): Promise<EntryScript | undefined> {
    const given = typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? (arg as SelectEntryArgs) : arg instanceof vscode.Uri ? { script: arg } : undefined;
    if (given?.clear) {
      await this.remember(undefined);
      return undefined;
    }
    if (given?.script) {
      const uri = typeof given.script === 'string' ? vscode.Uri.file(given.script) : given.script;
      const entry = { script: uri.fsPath, args: given.args ?? [], cwd: given.cwd ?? runFolder(uri) };
      await this.remember(entry);
      return entry;
    }
    const chosen = await this.askForScript(why);
    if (!chosen) return undefined;
    const args = await askForArgs(chosen);
    if (!args) return undefined;
    const entry = { script: chosen.script, args, cwd: chosen.cwd };
    await this.remember(entry);
    void vscode.window.showInformationMessage(`Trainspect will run ${describeEntry(entry)} to trace the callables of modules. Change it with "Trainspect: Select Entry Script…".`);
    return entry;
  }

  /**
   * The script a trace of `document`'s callables runs: the entry script when the file is a module,
   * the file itself when it is a script; asks for an entry the first time a module is traced.
   */
  async scriptFor(document: vscode.TextDocument): Promise<(EntryScript & { viaEntry: boolean }) | undefined> {
    const file = document.uri.fsPath;
    const root = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? path.dirname(file);
    const script = isScript(file, document.getText(), manifestsAbove(file, root));
    const choice = scriptToRun(file, script, this.current, runFolder(document.uri));
    if ('run' in choice) return { ...choice.run, viaEntry: choice.viaEntry };
    const entry = await this.select(undefined, `${path.basename(file)} is a module: which script uses it?`);
    return entry && { ...entry, viaEntry: path.resolve(entry.script) !== path.resolve(file) };
  }

  dispose(): void {
    this.status.dispose();
  }

  private showStatus(): void {
    const entry = this.current;
    if (!entry) return this.status.hide();
    this.status.text = `$(run) ${describeEntry(entry)}`;
    this.status.tooltip = `Trainspect's entry script: it runs (in ${entry.cwd}) when you trace a callable of a module. Click to change it.`;
    this.status.show();
  }

  private async askForScript(why: string | undefined): Promise<EntryCandidate | undefined> {
    const pick = vscode.window.createQuickPick<CandidateItem>();
    pick.title = 'Trainspect: Select Entry Script';
    pick.placeholder = why ?? 'The script a trace runs when the callable lives in a module';
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.busy = true;
    pick.show();
    const items = await candidateItems(this.current);
    pick.items = items;
    const current = items.find((i) => i.picked);
    if (current) pick.activeItems = [current];
    pick.busy = false;
    const item = await new Promise<CandidateItem | undefined>((resolve) => {
      // Enter while the candidates are still being found chooses nothing, and does not close the pick.
      pick.onDidAccept(() => pick.selectedItems[0] && resolve(pick.selectedItems[0]));
      pick.onDidHide(() => resolve(undefined));
    });
    pick.dispose();
    if (item?.action === 'clear') {
      await this.remember(undefined);
      return undefined;
    }
    if (item?.action === 'browse') {
      const [uri] = (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Use as Entry Script', filters: { Scripts: ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts'] } })) ?? [];
      return uri && { script: uri.fsPath, args: [], cwd: runFolder(uri), origin: { kind: 'trains' } };
    }
    return item?.entry;
  }
}

/** package.json scripts first (how the project says it is run), then the other files that train. */
async function candidateItems(current: EntryScript | undefined): Promise<CandidateItem[]> {
  const relative = (file: string): string => vscode.workspace.asRelativePath(file);
  const items: CandidateItem[] = [];
  const seen = new Set<string>();
  const isCurrent = (e: EntryScript): boolean => !!current && current.script === e.script && current.args.join('\0') === e.args.join('\0');
  for (const manifest of await vscode.workspace.findFiles('**/package.json', EXCLUDED, 50)) {
    for (const entry of packageScriptEntries(manifest.fsPath)) {
      if (entry.origin.kind !== 'package-script') continue;
      seen.add(entry.script);
      items.push({ label: `$(package) ${entry.origin.name}`, description: describeEntry(entry), detail: relative(entry.origin.manifest), picked: isCurrent(entry), entry });
    }
  }
  for (const uri of await vscode.workspace.findFiles(SOURCE_GLOB, EXCLUDED, MAX_FILES_SCANNED)) {
    if (seen.has(uri.fsPath)) continue;
    let source: string;
    try {
      source = fs.readFileSync(uri.fsPath, 'utf8');
    } catch {
      continue;
    }
    const role = fileRole(source, uri.fsPath);
    if (!role.trains || role.exports) continue;
    const entry: EntryCandidate = { script: uri.fsPath, args: [], cwd: runFolder(uri), origin: { kind: 'trains' } };
    items.push({ label: `$(file-code) ${relative(uri.fsPath)}`, description: 'calls fit/fitDataset', picked: isCurrent(entry), entry });
  }
  items.push({ label: '$(folder-opened) Another file…', alwaysShow: true, action: 'browse' });
  if (current) items.push({ label: '$(close) No entry script', description: 'each script runs itself; a module asks again', alwaysShow: true, action: 'clear' });
  return items;
}

async function askForArgs(entry: EntryScript): Promise<string[] | undefined> {
  const text = await vscode.window.showInputBox({
    title: `Trainspect: arguments for ${path.basename(entry.script)}`,
    prompt: 'What the script gets in process.argv after its name, e.g. --epochs 1. Empty: none.',
    value: formatArgs(entry.args),
    validateInput: (value) => {
      const parsed = parseArgs(value);
      return Array.isArray(parsed) ? undefined : parsed.error;
    },
  });
  if (text === undefined) return undefined;
  const parsed = parseArgs(text);
  return Array.isArray(parsed) ? parsed : undefined;
}
