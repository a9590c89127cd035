// A panel bundle for the shell's test (webview-render.test.ts): the registered views and one more, a
// probe view that says what it was given and how often it rendered — a later view is registered so.
import { startPanel } from '../../src/webview/start-panel';
import type { PanelView } from '../../src/webview/view';
import { VIEWS } from '../../src/webview/views';

const probeView: PanelView = {
  id: 'probe',
  title: 'Probe',
  icon: 'beaker',
  badge: (run) => run.model.eventCount,
  mount: (_context, saved) => {
    const element = document.createElement('p');
    element.className = 'probe';
    let renders = 0;
    return {
      element,
      render: (run) => {
        renders++;
        element.textContent = `${run.title}: ${run.model.eventCount} events, ${run.model.calls.length} calls, render ${renders}, saved ${JSON.stringify(saved ?? null)}`;
      },
      save: () => ({ renders }),
    };
  },
};

startPanel([...VIEWS, probeView]);
