// Every recorder of the runtime; importing one registers it (registry.ts).
import './training';

export { startRecorders } from './registry';
