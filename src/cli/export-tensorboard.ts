// `trainspect export --tensorboard <logdir> <trace.jsonl>` (docs/cli.md): the trace's scalars as
// TensorBoard event files. Damaged lines are skipped and named; what could be read is still written.
import * as path from 'node:path';
import { exportTensorBoard, LogdirError } from '../host/tensorboard/export';
import { EXIT_CODES, relativeIfInside } from './format';
import { visible } from './terminal-text';
import { say, traceCommandFailed } from './trace-command';

export async function exportTensorBoardCommand(file: string, logdir: string): Promise<number> {
  let result;
  try {
    result = await exportTensorBoard(file, logdir);
  } catch (error) {
    return traceCommandFailed(error, file, (e): e is LogdirError => e instanceof LogdirError);
  }
  const shown = relativeIfInside(result.logdir, process.cwd()) || '.';
  if (result.files.length === 0) say(`note: ${visible(file)} holds no losses or metrics (no fit call and no custom loop step); nothing was written.`);
  else {
    const folders = [...new Set(result.files.map((f) => path.dirname(f)))].map((f) => `${f}/`).join(', ');
    say(`wrote ${result.scalars.toLocaleString('en-US')} scalar${result.scalars === 1 ? '' : 's'} to ${visible(shown)} (${visible(folders)})`);
    say(`open it with: tensorboard --logdir ${visible(shown)}`);
  }
  if (result.skipped.length === 0) return 0;
  const lines = result.skipped.slice(0, 5).map((s) => `${s.line} (${visible(s.cut ? 'cut off mid-line' : s.reason)})`).join(', ')
    + (result.skipped.length > 5 ? `, … (${result.skipped.length.toLocaleString('en-US')} in all)` : '');
  say(`error: ${visible(file)} is damaged: line${result.skipped.length === 1 ? '' : 's'} ${lines} could not be read and ${result.skipped.length === 1 ? 'was' : 'were'} skipped; the rest was exported.`);
  return EXIT_CODES.badTrace;
}
