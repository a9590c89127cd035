// The panel's webview bundle (esbuild's entry point): the shell with the registered views.
import { startPanel } from './start-panel';
import { VIEWS } from './views';

startPanel(VIEWS);
