// Which files a trace names: the script, callable and call sites, and the frames of recorded stacks
// (a call's, and the post-mortem's).
// The panel opens only these, whatever a (compromised) webview asks for.
import type { TraceEvent } from '../protocol/events';

export function namesFile(events: readonly TraceEvent[], file: string): boolean {
  return events.some((e) => {
    switch (e.type) {
      case 'run': return e.script === file;
      case 'callable': return e.site.file === file;
      case 'call': return e.site.file === file || e.stack.some((f) => f.file === file);
      case 'shape-site': return e.site.file === file;
      case 'postmortem': return e.frames.some((f) => f.file === file) || e.cause?.site?.file === file;
      default: return false;
    }
  });
}
