// fastai's `DataBlock.summary` question after a split: how many of each label landed in each part?
// When a splitter returns index arrays into items that are strings or numbers, each item's part is
// noted; every later call of another traced callable that takes such an item and returns a label (a
// string, number or boolean) is tallied — past the recorded calls too, since a labeller runs once per
// item. A callable that keeps being called with anything but the split's items (a decoder, a training
// callback) is not a labeller: once most of MISSES_TO_STOP calls or more missed, it is no longer
// followed, so that its probe hands its calls through again (wrap.ts) instead of costing every call of
// a function that runs per batch or per image an object and a look-up for the rest of the run.
// The counts are written when training begins, when the run reaches its limit (the host may stop
// it then) and when it ends; each write replaces the one before.
import type { SiteState } from './registry';
import type { SplitLabelsEvent } from '../protocol/events';
import { emit } from './event-writer';
import { now } from './clock';

/** Items beyond this many are not mapped to parts (the map would cost too much memory). */
const MAX_ITEMS = 1_000_000;
/** Labels beyond this many per labeller are not told apart (not a labeller, or not a useful count). */
const MAX_LABELS = 100;
/** Calls not counted (their item or result was no split item or label) after which a callable that counted fewer is not followed. */
export const MISSES_TO_STOP = 8;

type Label = string | number | boolean;
interface Tally {
  state: SiteState;
  perPart: Map<Label, number>[];
  labels: Set<Label>; // the distinct labels counted, at most MAX_LABELS
  counted: number;
  otherLabels: number; // items whose label came after MAX_LABELS distinct ones
}
interface CurrentSplit {
  splitSeq: number;
  splitter: SiteState;
  parts: number;
  partsOf: Map<string | number, number[]>;
  tallies: Map<SiteState, Tally>;
  /** Calls of each callable that were not counted, and the callables no longer followed. */
  misses: Map<SiteState, number>;
  notLabellers: Set<SiteState>;
}

const isKey = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';
const isLabel = (v: unknown): v is Label => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

export class SplitLabels {
  private current: CurrentSplit | undefined;
  private written = true;

  /** Whether calls of `state` are being tallied now (so a labeller's probe stays on past its recorded calls). */
  wants(state: SiteState): boolean {
    const split = this.current;
    return split !== undefined && split.splitter !== state && !split.notLabellers.has(state);
  }

  /**
   * A recorded call's result was a split of `items` into `parts` (index arrays, already checked by
   * splitSummary). Reads own data properties only; items that are not strings or numbers end it.
   */
  noteSplit(splitSeq: number, splitter: SiteState, items: unknown, parts: unknown): void {
    try {
      if (!Array.isArray(items) || !Array.isArray(parts) || items.length > MAX_ITEMS) return;
      const partsOf = new Map<string | number, number[]>();
      for (let p = 0; p < parts.length; p++) {
        const part = Object.getOwnPropertyDescriptor(parts, p)?.value as ArrayLike<unknown>;
        for (let i = 0; i < part.length; i++) {
          const index = Array.isArray(part) ? Object.getOwnPropertyDescriptor(part, i)?.value : part[i];
          if (typeof index !== 'number' || index < 0 || index >= items.length) continue;
          const item = Object.getOwnPropertyDescriptor(items, index)?.value;
          if (!isKey(item)) return; // not items a labeller is called with one by one
          const known = partsOf.get(item);
          if (!known) partsOf.set(item, [p]);
          else if (!known.includes(p)) known.push(p);
        }
      }
      this.write(); // counts of an earlier split
      this.current = { splitSeq, splitter, parts: parts.length, partsOf, tallies: new Map(), misses: new Map(), notLabellers: new Set() };
    } catch {
      // not a split whose items can be followed
    }
  }

  /** A call of `state` with first argument `item` returned `label`. */
  tally(state: SiteState, item: unknown, label: unknown): void {
    const split = this.current;
    if (!split || split.splitter === state) return;
    const parts = isKey(item) ? split.partsOf.get(item) : undefined;
    if (!parts || !isLabel(label)) return this.notCounted(state);
    let tally = split.tallies.get(state);
    if (!tally) split.tallies.set(state, (tally = { state, perPart: Array.from({ length: split.parts }, () => new Map()), labels: new Set(), counted: 0, otherLabels: 0 }));
    if (!tally.labels.has(label) && tally.labels.size >= MAX_LABELS) tally.otherLabels++;
    else {
      tally.labels.add(label);
      for (const p of parts) tally.perPart[p].set(label, (tally.perPart[p].get(label) ?? 0) + 1);
    }
    tally.counted++;
    this.written = false;
  }

  /** A call of `state` that was not counted (an async one never is): past MISSES_TO_STOP, one that missed more often than it counted is let go. */
  notCounted(state: SiteState): void {
    const split = this.current;
    if (!split || split.splitter === state) return;
    const misses = (split.misses.get(state) ?? 0) + 1;
    split.misses.set(state, misses);
    if (misses >= MISSES_TO_STOP && misses > (split.tallies.get(state)?.counted ?? 0)) split.notLabellers.add(state);
  }

  /** Writes one `split-labels` event per labeller with what was counted since the last write. */
  write(): void {
    const split = this.current;
    if (!split || this.written) return;
    this.written = true;
    for (const tally of split.tallies.values()) {
      const event: SplitLabelsEvent = {
        type: 'split-labels', splitSeq: split.splitSeq, callableId: tally.state.id, callable: tally.state.name,
        items: split.partsOf.size, counted: tally.counted,
        parts: tally.perPart.map((m) => [...m].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))),
        time: now(),
      };
      if (tally.otherLabels) event.otherLabels = tally.otherLabels;
      emit(event);
    }
  }

  /** Stops tallying (the run is stopping): what was counted is written. */
  end(): void {
    this.write();
    this.current = undefined;
  }
}
