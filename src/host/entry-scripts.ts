// Which script a trace runs. A callable in a module (`pipeline.js`) is only called when the training
// script that uses it runs, so the editor runs the workspace's entry script — which the user chooses,
// among the package.json scripts and the files that train — with the arguments they give it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseShell, quote } from 'shell-quote';
import type * as acorn from 'acorn';
import { parseUserFile } from './parse-user-file';
import { isFitCall } from './fit-calls';

export interface EntryScript {
  script: string; // absolute
  args: string[];
  cwd: string; // absolute
}

export interface EntryCandidate extends EntryScript {
  /** Where it was found: `npm run train` (a package.json script), or a file that calls fit/fitDataset. */
  origin: { kind: 'package-script'; name: string; manifest: string } | { kind: 'trains' };
}

/** Commands that run a script file given as their first non-option argument. */
const RUNNERS = new Set(['node', 'nodejs', 'tsx', 'ts-node', 'ts-node-esm', 'nodemon']);
/** Launchers and environment setters before the runner: `npx tsx …`, `cross-env A=1 node …`. */
const PREFIXES = new Set(['npx', 'cross-env', 'env', 'exec']);
/** Runner options whose value is the next word (`--require ./setup.js`); others are `--x` or `--x=v`. */
const OPTIONS_WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--tsconfig', '--env-file', '--watch-path', '--title', '--stack-size']);
const SCRIPT_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/i;

/**
 * The script files a package.json command runs, each with the arguments after it, in order:
 * `node train.js --epochs 1 && tsx eval.ts` → train.js [--epochs, 1], eval.ts [].
 */
export function scriptsInCommand(command: string): Array<{ script: string; args: string[] }> {
  const found: Array<{ script: string; args: string[] }> = [];
  let words: string[] = [];
  const flush = (): void => {
    let i = 0;
    while (i < words.length && (PREFIXES.has(words[i]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]))) i++;
    if (RUNNERS.has(words[i] ?? '')) {
      for (i++; i < words.length && words[i].startsWith('-'); i++) if (OPTIONS_WITH_VALUE.has(words[i])) i++;
      if (i < words.length && SCRIPT_FILE.test(words[i])) found.push({ script: words[i], args: words.slice(i + 1) });
    }
    words = [];
  };
  for (const entry of parseShell(command, (name) => `$${name}`)) {
    if (typeof entry === 'string') words.push(entry);
    else if ('op' in entry && entry.op === 'glob') words.push(entry.pattern);
    else if ('op' in entry) flush();
  }
  flush();
  return found;
}

/** The entry scripts a package.json's scripts run, resolved against its folder; unreadable → []. */
export function packageScriptEntries(manifest: string): EntryCandidate[] {
  let scripts: unknown;
  try {
    scripts = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { scripts?: unknown }).scripts;
  } catch {
    return [];
  }
  if (!scripts || typeof scripts !== 'object') return [];
  const dir = path.dirname(manifest);
  const found: EntryCandidate[] = [];
  for (const [name, command] of Object.entries(scripts as Record<string, unknown>)) {
    if (typeof command !== 'string') continue;
    for (const s of scriptsInCommand(command)) {
      const script = path.resolve(dir, s.script);
      if (isFile(script)) found.push({ script, args: s.args, cwd: dir, origin: { kind: 'package-script', name, manifest } });
    }
  }
  return found;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The package.json files from `file`'s folder up to `root` (inclusive), nearest first. */
export function manifestsAbove(file: string, root: string): string[] {
  const found: string[] = [];
  const top = path.resolve(root);
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (isFile(manifest)) found.push(manifest);
    if (dir === top || path.dirname(dir) === dir || !(dir + path.sep).startsWith(top + path.sep)) break;
  }
  return found;
}

type AnyNode = acorn.Node & Record<string, any>;

/** What a file does that tells a script from a module: calls `x.fit(…)`/`x.fitDataset(…)`, exports something. */
export function fileRole(source: string, fileName: string): { trains: boolean; exports: boolean } {
  const role = { trains: false, exports: false };
  if (!/\bfit(?:Dataset)?\b/.test(source) && !/\bexports?\b/.test(source)) return role; // most files: no parse
  const parsed = parseUserFile(source, fileName);
  if (!parsed) return role;
  const visit = (node: AnyNode): void => {
    if (isFitCall(node)) role.trains = true;
    if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration' || node.type === 'ExportAllDeclaration') role.exports = true;
    if (node.type === 'AssignmentExpression' && isExportsTarget(node.left)) role.exports = true;
    for (const key in node) {
      const child = node[key];
      for (const c of Array.isArray(child) ? child : [child]) if (c && typeof c === 'object' && typeof c.type === 'string') visit(c);
    }
  };
  visit(parsed.program as AnyNode);
  return role;
}

/** `exports`, `exports.x`, `module.exports`, `module.exports.x`. */
function isExportsTarget(n: AnyNode): boolean {
  if (n.type === 'Identifier') return n.name === 'exports';
  if (n.type !== 'MemberExpression') return false;
  if (n.object.type === 'Identifier' && n.object.name === 'module' && n.property.name === 'exports') return true;
  return isExportsTarget(n.object);
}

/**
 * A file that runs as a script of its own: one a package.json script runs, one that trains, or one
 * that exports nothing. A module — it exports, and trains nothing (pipeline.js) — has its callables
 * called when some entry script runs.
 */
export function isScript(file: string, source: string, manifests: readonly string[]): boolean {
  const target = path.resolve(file);
  if (manifests.some((m) => packageScriptEntries(m).some((e) => e.script === target))) return true;
  const role = fileRole(source, file);
  return role.trains || !role.exports;
}

export type RunChoice = { run: EntryScript; viaEntry: boolean } | { ask: true };

/**
 * What runs when a callable of `file` is traced: the entry script with its arguments when `file` is
 * it; else a script runs itself (in `ownCwd`); else (a module) the entry script runs; with no entry
 * chosen yet, the user is asked.
 */
export function scriptToRun(file: string, fileIsScript: boolean, entry: EntryScript | undefined, ownCwd: string): RunChoice {
  const self = path.resolve(file);
  if (entry && path.resolve(entry.script) === self) return { run: entry, viaEntry: false };
  if (fileIsScript) return { run: { script: self, args: [], cwd: ownCwd }, viaEntry: false };
  return entry ? { run: entry, viaEntry: true } : { ask: true };
}

/** Arguments as typed in a box (`--epochs 1 --name "a b"`); an error for shell syntax that is not plain words. */
export function parseArgs(text: string): string[] | { error: string } {
  const words: string[] = [];
  for (const entry of parseShell(text, (name) => `$${name}`)) {
    if (typeof entry === 'string') words.push(entry);
    else if ('op' in entry && entry.op === 'glob') words.push(entry.pattern);
    else if ('op' in entry) return { error: `"${entry.op}" is shell syntax; give the script's arguments only (quote it to pass it as text).` };
    else return { error: 'A "#" starts a comment in a shell; quote it to pass it as text.' };
  }
  return words;
}

/** Arguments as a user would type them: `--epochs 1 --name 'a b'`. */
export const formatArgs = (args: readonly string[]): string => quote(args);

/** The command line an entry stands for, relative to its folder: `train.js --epochs 1`. */
export function describeEntry(entry: EntryScript): string {
  return quote([path.relative(entry.cwd, entry.script) || path.basename(entry.script), ...entry.args]);
}
