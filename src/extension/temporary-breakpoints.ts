// The breakpoints "Break in Callable" adds for one debug session: added where the user has none,
// removed when the session that needed them ends (or when the extension goes away), so the user's
// own breakpoints are never touched and ours are not left behind.
import * as vscode from 'vscode';

/** Put in the debug configuration to find the session a command started. */
export const SESSION_MARKER = '__trainspectBreakId';

interface Held { breakpoint: vscode.SourceBreakpoint; holders: number }

const sameSpot = (b: vscode.Breakpoint, location: vscode.Location): boolean =>
  b instanceof vscode.SourceBreakpoint && b.location.uri.toString() === location.uri.toString() && b.location.range.start.isEqual(location.range.start);

export class TemporaryBreakpoints implements vscode.Disposable {
  private readonly held = new Map<string, Held>();
  private sessions = 0;

  /**
   * A breakpoint at `location` for as long as the debug session started with the returned marker
   * runs. Call `sessionDidNotStart` when the session could not be started.
   */
  hold(location: vscode.Location): { marker: string; sessionDidNotStart(): void } {
    const release = this.add(location);
    const marker = `${Date.now().toString(36)}-${++this.sessions}`;
    let session: vscode.DebugSession | undefined;
    const listeners = [
      vscode.debug.onDidStartDebugSession((s) => {
        if (!session && s.configuration[SESSION_MARKER] === marker) session = s;
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (session && s.id === session.id) done();
      }),
    ];
    const done = (): void => {
      for (const l of listeners) l.dispose();
      release();
    };
    return { marker, sessionDidNotStart: done };
  }

  /** Removes every breakpoint still held. */
  dispose(): void {
    const ours = [...this.held.values()].map((h) => current(h.breakpoint)).filter((b): b is vscode.Breakpoint => b !== undefined);
    this.held.clear();
    if (ours.length) vscode.debug.removeBreakpoints(ours);
  }

  /** Adds a breakpoint unless one is there already; returns what undoes it (once). */
  private add(location: vscode.Location): () => void {
    const key = `${location.uri.toString()}#${location.range.start.line}:${location.range.start.character}`;
    const mine = this.held.get(key);
    if (mine) mine.holders++;
    else if (vscode.debug.breakpoints.some((b) => sameSpot(b, location))) return () => undefined; // the user's own
    else {
      const breakpoint = new vscode.SourceBreakpoint(location);
      vscode.debug.addBreakpoints([breakpoint]);
      this.held.set(key, { breakpoint, holders: 1 });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(key);
    };
  }

  private release(key: string): void {
    const entry = this.held.get(key);
    if (!entry || --entry.holders > 0) return;
    this.held.delete(key);
    const now = current(entry.breakpoint);
    // One the user has since made their own (a condition, a log message, disabled) stays.
    if (now instanceof vscode.SourceBreakpoint && now.enabled && !now.condition && !now.hitCondition && !now.logMessage) {
      vscode.debug.removeBreakpoints([now]);
    }
  }
}

/** The breakpoint as VS Code has it now (the user may have edited or removed it). */
function current(breakpoint: vscode.Breakpoint): vscode.Breakpoint | undefined {
  return vscode.debug.breakpoints.find((b) => b.id === breakpoint.id);
}
