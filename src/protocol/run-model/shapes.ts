// Tensor shapes by call site, as the run model keeps them: each site's event and its latest
// cumulative stats, for the first MAX_SHAPE_SITES sites of a run (later sites are counted only).
import type { ShapeSiteEvent, ShapesEvent, SiteShapes } from '../events';

export const MAX_SHAPE_SITES = 10_000;

export interface ShapeSiteModel {
  site: ShapeSiteEvent;
  /** What the site produced so far; undefined until the first `shapes` event that names it. */
  shapes: SiteShapes | undefined;
}

export interface ShapesModel {
  sites: Map<number, ShapeSiteModel>; // by site id, in the order they first ran
  droppedSites: number;
}

export function createShapesModel(): ShapesModel {
  return { sites: new Map(), droppedSites: 0 };
}

export function applyShapeSiteEvent(model: ShapesModel, event: ShapeSiteEvent): void {
  if (model.sites.has(event.id)) return;
  if (model.sites.size >= MAX_SHAPE_SITES) model.droppedSites++;
  else model.sites.set(event.id, { site: event, shapes: undefined });
}

export function applyShapesEvent(model: ShapesModel, event: ShapesEvent): void {
  for (const stats of event.sites) {
    const entry = model.sites.get(stats.id);
    if (entry) entry.shapes = stats;
  }
}
