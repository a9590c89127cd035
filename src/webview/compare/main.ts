// The comparison panel's browser code (its own bundle, esbuild's entry): shows the comparison the host
// sends, says what it rendered, and saves it (bounded: curves are thinned before they are sent) with the
// charts' settings to come back after the panel is hidden or the window reloads. Imports only the protocol.
import { isComparisonView, type ComparisonView } from '../../protocol/comparison-view';
import { isHostToCompareMessage, type CompareToHostMessage } from '../../protocol/webview-messages';
import type { ChartSettings } from '../training/training-charts';
import { ComparisonPage } from './comparison-page';
import compareCss from './compare.css' with { type: 'text' };

interface VsCodeApi {
  postMessage(message: CompareToHostMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedComparison { comparison?: ComparisonView; settings?: Partial<ChartSettings> }

const vscode = acquireVsCodeApi();
const saved = (vscode.getState() ?? {}) as SavedComparison;
const save = (): void => vscode.setState({ comparison: page.comparison, settings: page.settings } satisfies SavedComparison);
const page = new ComparisonPage(typeof saved.settings === 'object' ? saved.settings : {}, save);

const show = (comparison: ComparisonView): void => {
  const { charts, rows } = page.show(comparison);
  save();
  vscode.postMessage({ type: 'comparison-shown', labels: comparison.runs.map((r) => r.label), charts, rows });
};

const sheet = new CSSStyleSheet();
sheet.replaceSync(compareCss);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
document.body.append(page.element);
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostToCompareMessage(event.data)) show(event.data.comparison);
});
if (isComparisonView(saved.comparison)) show(saved.comparison);
vscode.postMessage({ type: 'ready' });
