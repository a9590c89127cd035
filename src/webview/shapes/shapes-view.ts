// The Shapes view: the tensor shapes each call site of the user's files produced across the run (the
// run model's `shapes`), by file and line; "Trainspect: Show Shape Timeline" (a show-shapes message)
// selects a line. Drawn again only when the shapes changed.
import { plural } from '../../protocol/call-text';
import { h, icon } from '../dom';
import { shortPath, type Reveal } from '../site';
import type { PanelRun } from '../state';
import type { MountedView, PanelView, ViewContext } from '../view';
import { renderShapeLine } from './render-shape-line';
import { shapeFiles, shapesVersion } from './shape-lines';
import shapesCss from './shapes.css' with { type: 'text' };

export const shapesView: PanelView = {
  id: 'shapes',
  title: 'Shapes',
  icon: 'symbol-array',
  badge: (run) => run.model.shapes.sites.size || undefined,
  mount: (context) => new ShapesView(context),
};

interface LineTarget { file: string; line: number }
const isLineTarget = (t: unknown): t is LineTarget =>
  typeof t === 'object' && t !== null && typeof (t as LineTarget).file === 'string' && typeof (t as LineTarget).line === 'number';

class ShapesView implements MountedView {
  readonly element: HTMLElement;
  private readonly emptyNote = h('p', { class: 'empty' });
  private readonly selectionNote = h('p', { class: 'empty shape-selection-note' });
  private readonly fileList = h('div', { class: 'shape-files' });
  private readonly reveal: Reveal;
  private run: PanelRun | undefined;
  private version = '';
  private target: LineTarget | undefined;

  constructor(context: ViewContext) {
    installStyles();
    this.reveal = (site) => context.post({ type: 'reveal-site', site });
    this.element = h('div', { class: 'shapes-view' }, this.emptyNote, this.selectionNote, this.fileList);
  }

  render(run: PanelRun): void {
    const version = shapesVersion(run.model.shapes);
    const live = run.model.status !== 'finished';
    this.emptyNote.hidden = run.model.shapes.sites.size > 0;
    this.emptyNote.replaceChildren(live
      ? h('span', {}, icon('loading', 'codicon-modifier-spin'), ' Waiting for the calls of your files to produce tensors…')
      : 'No tensor shapes were recorded in this run. They are recorded at the calls in TypeScript files and at the TF.js ops and layers of plain JavaScript files; the setting trainspect.shapes: all (the CLI\'s --shapes all) records every call of plain JavaScript too.');
    if (run === this.run && version === this.version) return;
    this.run = run;
    this.version = version;
    const cwd = run.model.run?.cwd;
    const { droppedSites } = run.model.shapes;
    this.fileList.replaceChildren(
      ...shapeFiles(run.model.shapes).map(({ file, lines }) => h('section', { class: 'shape-file', attrs: { 'aria-label': shortPath(file, cwd) } },
        h('h3', { class: 'shape-file-name' }, icon('file-code'), ' ', shortPath(file, cwd), h('span', { class: 'shape-file-facts' }, plural(lines.length, 'line'))),
        ...lines.map((line) => renderShapeLine(line, cwd, this.reveal)))),
      ...(droppedSites > 0 ? [h('p', { class: 'empty' }, `${plural(droppedSites, 'more site')} ran; the run keeps the first ${run.model.shapes.sites.size.toLocaleString('en-US')}.`)] : []));
    this.showTarget(false);
  }

  select(target: unknown): void {
    if (!isLineTarget(target)) return;
    this.target = target;
    this.showTarget(true);
  }

  /** Marks the target line (scrolled into view when just asked for), or says it has no shapes. */
  private showTarget(scroll: boolean): void {
    const target = this.target;
    let found: HTMLElement | undefined;
    for (const section of this.fileList.querySelectorAll<HTMLElement>('.shape-line')) {
      const selected = !!target && section.dataset.file === target.file && section.dataset.line === String(target.line);
      section.classList.toggle('selected', selected);
      if (selected) {
        section.setAttribute('aria-current', 'true');
        found = section;
      } else section.removeAttribute('aria-current');
    }
    this.selectionNote.hidden = !target || !!found || !this.run;
    if (target && !found) this.selectionNote.textContent = `No tensor shapes recorded at ${shortPath(target.file, this.run?.model.run?.cwd)}:${target.line}.`;
    if (found && scroll) found.scrollIntoView({ block: 'nearest' });
  }
}

let stylesInstalled = false;

function installStyles(): void {
  if (stylesInstalled) return;
  stylesInstalled = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(shapesCss);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
