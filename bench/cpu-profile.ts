// Reads a V8 CPU profile (`node --cpu-prof`) into self time per category, in two windows: start-up
// (until the first sample inside a given function, such as `fitDataset`) and the rest. Used by
// bench/profile.ts to show where a traced run's extra time goes.

/** The parts of the .cpuprofile format read here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[]; // µs before each sample
}

export interface ProfileSummary {
  /** Self time (ms) per category before the window ends, and after. */
  startup: Record<string, number>;
  rest: Record<string, number>;
  /** Whether some sample was inside the function that ends the start-up window. */
  windowEnded: boolean;
}

/** Where one bundled file's modules begin: esbuild marks each with a `// path` line. */
export interface BundleMap {
  /** The bundle's path as it appears at the end of a profile URL, e.g. "dist/runtime/preload.js". */
  file: string;
  label: string;
  /** 0-based line numbers where each module begins, ascending. */
  modules: { line: number; name: string }[];
}

/**
 * The `// src/…` and `// node_modules/…` markers of an esbuild bundle's text; a package reached
 * through a folder outside the project (a worktree's node_modules link: `// ../../main/node_modules/…`)
 * is named from its node_modules/ on.
 */
export function bundleMap(file: string, label: string, text: string): BundleMap {
  const modules: BundleMap['modules'] = [];
  text.split('\n').forEach((line, i) => {
    const m = /^\/\/ (?:\.\.\/(?:[^/\s]+\/)*?)?((?:src|node_modules)\/\S+)$/.exec(line);
    if (m) modules.push({ line: i, name: m[1] });
  });
  return { file, label, modules };
}

const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)/;

/** The category of one frame's code: a bundle's module, a package, Node, the user's code, or V8's own. */
export function categorize(url: string, line: number, functionName: string, bundles: readonly BundleMap[], userDir: string): string {
  if (!url) return functionName; // (garbage collector), (program), (idle), native code
  for (const b of bundles) {
    if (!url.endsWith(b.file)) continue;
    let name = '?';
    for (const m of b.modules) {
      if (m.line > line) break;
      name = m.name;
    }
    return `${b.label}: ${name}`;
  }
  const pkg = PACKAGE.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes(userDir)) return 'user code';
  return url;
}

export function summarize(profile: CpuProfile, endsStartup: string, bundles: readonly BundleMap[], userDir: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inWindow = new Map<number, boolean>(); // node id → its stack holds endsStartup
  const holds = (id: number): boolean => {
    const known = inWindow.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    const result = byId.get(id)!.callFrame.functionName === endsStartup || (up !== undefined && holds(up));
    inWindow.set(id, result);
    return result;
  };
  const summary: ProfileSummary = { startup: {}, rest: {}, windowEnded: false };
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample stands for the time until the next one (the last one's is unknown, and left out).
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const id = profile.samples[i];
    if (!summary.windowEnded && holds(id)) summary.windowEnded = true;
    const frame = byId.get(id)!.callFrame;
    const category = categorize(frame.url, frame.lineNumber, frame.functionName, bundles, userDir);
    const into = summary.windowEnded ? summary.rest : summary.startup;
    into[category] = (into[category] ?? 0) + ms;
  }
  return summary;
}
