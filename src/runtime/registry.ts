// The wrap sites of every loaded file: registered the first time a file's code runs, each one marked
// traced or not by the targets, and reported as `callable` events — a factory's site (`splitter =
// randomSplitter(0.2)`) only once its value turns out to be a function.
import { noteColumnShifts } from './column-shifts';
import type { SourceSite } from '../protocol/events';
import type { SiteInfo, SiteTable } from './transform';
import { siteMatches } from './site-match';
import { emit } from './event-writer';
import { now } from './clock';

export interface SiteState {
  readonly id: string;
  readonly name: string;
  readonly site: SourceSite;
  readonly info: SiteInfo;
  readonly traced: boolean;
  recorded: number; // calls recorded (started)
  completed: number; // recorded calls whose event was written
  reported: boolean; // its `callable` event was written
}

export type SitesFn = () => SiteTable;

export class Registry {
  private readonly files = new WeakMap<SitesFn, SiteState[]>();
  readonly traced: SiteState[] = [];

  constructor(private readonly targets: readonly string[]) {}

  sitesOf(fn: SitesFn): SiteState[] {
    return this.files.get(fn) ?? this.register(fn);
  }

  private register(fn: SitesFn): SiteState[] {
    const table = fn();
    // At the file's first wrap or probe: a wrapped callable on a line runs before what follows it there.
    noteColumnShifts(table.file, table.shifts);
    const states = table.sites.map((info): SiteState => {
      const site = { file: table.file, line: info.line, column: info.column };
      const traced = siteMatches(this.targets, info.name, info.line, info.kind);
      return { id: `${info.name}@${site.file}:${site.line}:${site.column}`, name: info.name, site, info, traced, recorded: 0, completed: 0, reported: false };
    });
    this.files.set(fn, states);
    for (const s of states) {
      if (s.traced) this.traced.push(s);
      if (!s.info.factory) this.report(s);
    }
    return states;
  }

  /** Writes the site's `callable` event, once; the wrapper calls it when a factory yields a function. */
  report(s: SiteState): void {
    if (s.reported) return;
    s.reported = true;
    emit({ type: 'callable', id: s.id, name: s.name, kind: s.info.kind, site: s.site, traced: s.traced, time: now() });
  }
}
