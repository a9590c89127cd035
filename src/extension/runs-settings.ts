// Where the editor's runs keep their traces (trainspect.runs.location, default: the extension's global
// storage) and how much they may take (trainspect.runs.maxStorageMB), read when they are needed so a
// changed setting applies to the next run.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RunLibrary } from '../host/run-library';

export const DEFAULT_MAX_STORAGE_MB = 500;

export interface RunStorage {
  /** The library of the folder the setting names now. */
  library(): RunLibrary;
  maxBytes(): number;
}

export function runStorage(defaultDir: string): RunStorage {
  let current: RunLibrary | undefined;
  return {
    library() {
      const dir = locationSetting() ?? defaultDir;
      if (current?.dir !== dir) current = new RunLibrary(dir);
      return current;
    },
    maxBytes: () => Math.max(1, vscode.workspace.getConfiguration('trainspect.runs').get<number>('maxStorageMB', DEFAULT_MAX_STORAGE_MB)) * 1024 * 1024,
  };
}

/** An absolute folder (`~` is the home folder); undefined for the default. */
function locationSetting(): string | undefined {
  const value = vscode.workspace.getConfiguration('trainspect.runs').get<string>('location', '').trim();
  if (!value) return undefined;
  const expanded = value === '~' || value.startsWith('~/') ? path.join(os.homedir(), value.slice(1)) : value;
  return path.resolve(expanded);
}
