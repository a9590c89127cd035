// Paths and source links as every view shows them: relative to the run's folder, one click to the line.
import type { SourceSite } from '../protocol/events';
import { h } from './dom';

export type Reveal = (site: SourceSite) => void;

/** A path shown relative to the run's folder when it lies inside it. */
export function shortPath(file: string, cwd: string | undefined): string {
  const sep = file.includes('\\') && !file.includes('/') ? '\\' : '/';
  if (cwd) {
    const base = cwd.endsWith(sep) ? cwd : cwd + sep;
    if (file.startsWith(base)) return file.slice(base.length);
  }
  return file;
}

export function siteLink(site: SourceSite, cwd: string | undefined, reveal: Reveal): HTMLButtonElement {
  const text = `${shortPath(site.file, cwd)}:${site.line}:${site.column}`;
  return h('button', {
    class: 'link site',
    title: `Open ${site.file} at line ${site.line}`,
    attrs: { type: 'button', 'aria-label': `Open ${text}` },
    onClick: () => reveal(site),
  }, text);
}
