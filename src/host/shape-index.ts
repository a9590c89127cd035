// Where a run's tensor shapes and traced callables are in the user's files: by file, then by 1-based
// line, each line's shape sites in column order with the columns of the callee's name. Built as the
// run's events go into its run model (one step per `shape-site` and `callable` event), so that a hover
// or an inlay hint is a map lookup, never a scan of the run. The entries are the run model's own: a
// later `shapes` event's stats show without the index doing anything. It also keeps the hash of each
// file's text as the run read it (file-hashes.ts), for an editor to tell when its text has changed.
import type { TraceEvent } from '../protocol/events';
import type { CallableModel, RunModel, ShapeSiteModel } from '../protocol/run-model';
import { FileHashes, readFileText } from './file-hashes';

export interface IndexedSite {
  entry: ShapeSiteModel;
  /** The callee's name (the `c` of a.b.c(…)): 1-based columns, `end` exclusive. */
  start: number;
  end: number;
}

/** The name a callee text ends with ("x.matMul(…).add" → "add"); what the site's column points at. */
const CALLEE_NAME = /[\p{ID_Continue}$#]+$/u;

export class ShapeIndex {
  readonly hashes: FileHashes;
  private readonly sites = new Map<string, Map<number, IndexedSite[]>>();
  private readonly callables = new Map<string, Map<number, CallableModel[]>>();
  /** Counts the events that changed what the index shows (sites, their stats, callables, calls): a cache's key. */
  version = 0;

  /** `readText` null: no file is read (a run restored after a reload says nothing of the files it ran). */
  constructor(readText: ((file: string) => string | undefined) | null = readFileText) {
    this.hashes = new FileHashes(readText);
  }

  /** Indexes what `event` added to `model`; call it after applying the event to the model. */
  take(event: TraceEvent, model: RunModel): void {
    switch (event.type) {
      case 'run':
        this.hashes.record(event.script);
        return;
      case 'shapes':
      case 'call':
        this.version++;
        return;
      case 'callable': {
        const callable = model.callables.get(event.id);
        if (callable?.callable !== event) return; // a repeated id: the model kept the first
        this.hashes.record(event.site.file);
        pushTo(this.callables, event.site.file, event.site.line, callable);
        this.version++;
        return;
      }
      case 'shape-site': {
        const entry = model.shapes.sites.get(event.id);
        if (entry?.site !== event) return; // past MAX_SHAPE_SITES, or a repeated id
        this.hashes.record(event.site.file);
        const name = CALLEE_NAME.exec(event.callee)?.[0].length ?? 1;
        const site: IndexedSite = { entry, start: event.site.column, end: event.site.column + name };
        const line = pushTo(this.sites, event.site.file, event.site.line, site);
        for (let i = line.length - 1; i > 0 && line[i - 1].start > site.start; i--) [line[i - 1], line[i]] = [line[i], line[i - 1]];
        this.version++;
        return;
      }
      default:
    }
  }

  /** The line's shape sites in column order (empty when none). */
  sitesOn(file: string, line: number): readonly IndexedSite[] {
    return this.sites.get(file)?.get(line) ?? [];
  }

  /**
   * The line's shape sites for a hover at `column`: those whose callee name covers it first (the
   * narrowest first), then the others in column order.
   */
  sitesAt(file: string, line: number, column: number): IndexedSite[] {
    const all = this.sitesOn(file, line);
    const covering = all.filter((s) => s.start <= column && column < s.end).sort((a, b) => a.end - a.start - (b.end - b.start));
    return [...covering, ...all.filter((s) => !covering.includes(s))];
  }

  /** The lines of a file that have shape sites, each with its sites in column order. */
  siteLines(file: string): ReadonlyMap<number, readonly IndexedSite[]> {
    return this.sites.get(file) ?? EMPTY;
  }

  /** The lines of a file on which the run found callables defined. */
  callableLines(file: string): ReadonlyMap<number, readonly CallableModel[]> {
    return this.callables.get(file) ?? EMPTY_CALLABLES;
  }

  /** The callables the run found defined on this line. */
  callablesOn(file: string, line: number): readonly CallableModel[] {
    return this.callables.get(file)?.get(line) ?? [];
  }

  /** Whether the run has anything to show in this file. */
  has(file: string): boolean {
    return this.sites.has(file) || this.callables.has(file);
  }
}

const EMPTY: ReadonlyMap<number, readonly IndexedSite[]> = new Map();
const EMPTY_CALLABLES: ReadonlyMap<number, readonly CallableModel[]> = new Map();

function pushTo<T>(byFile: Map<string, Map<number, T[]>>, file: string, line: number, item: T): T[] {
  let lines = byFile.get(file);
  if (!lines) byFile.set(file, (lines = new Map()));
  let items = lines.get(line);
  if (!items) lines.set(line, (items = []));
  items.push(item);
  return items;
}
