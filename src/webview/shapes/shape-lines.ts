// The run's shape sites grouped as the Shapes view lists them: by file (in the order files first ran),
// then by line, each line's sites by column.
import type { ShapeSiteModel, ShapesModel } from '../../protocol/run-model';

export interface ShapeLine {
  file: string;
  line: number;
  sites: ShapeSiteModel[];
}

export interface ShapeFile {
  file: string;
  lines: ShapeLine[];
}

export function shapeFiles(model: ShapesModel): ShapeFile[] {
  const files = new Map<string, Map<number, ShapeSiteModel[]>>();
  for (const entry of model.sites.values()) {
    const { file, line } = entry.site.site;
    let lines = files.get(file);
    if (!lines) files.set(file, (lines = new Map()));
    const sites = lines.get(line);
    if (sites) sites.push(entry);
    else lines.set(line, [entry]);
  }
  return [...files].map(([file, lines]) => ({
    file,
    lines: [...lines].sort(([a], [b]) => a - b).map(([line, sites]) => ({ file, line, sites: sites.sort((a, b) => a.site.site.column - b.site.site.column) })),
  }));
}

/** What a view's render compares to know whether the shapes changed: sites known and calls counted. */
export function shapesVersion(model: ShapesModel): string {
  let calls = 0;
  for (const entry of model.sites.values()) calls += entry.shapes?.calls ?? 0;
  return `${model.sites.size}/${model.droppedSites}/${calls}`;
}
