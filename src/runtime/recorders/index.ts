// Every recorder of the runtime; importing one registers it (registry.ts).
import './postmortem';
import './training';
import './pipeline';
import './health';
import './shapes';

export { startRecorders } from './registry';
