// What the commands that read a trace and write something from it (`export --tensorboard`, `report`)
// say and return when that fails: one wording and one exit code per cause (docs/cli.md).
import { TraceFormatError } from '../protocol/trace-format';
import { EXIT_CODES } from './format';
import { visible } from './terminal-text';

const PREFIX = '[trainspect] ';
export const say = (line: string): boolean => process.stderr.write(`${PREFIX}${line}\n`);

/**
 * Says why `error` stopped the command and returns its exit code: not a trace (65), the output not
 * writable (73, `isOutputError`), the trace not readable (66). Anything else is a bug of ours: rethrown.
 */
export function traceCommandFailed(error: unknown, trace: string, isOutputError: (error: unknown) => error is Error): number {
  if (error instanceof TraceFormatError) {
    say(`error: ${visible(trace)} is not a Trainspect trace: ${visible(error.message)}; nothing was written.`);
    return EXIT_CODES.badTrace;
  }
  if (isOutputError(error)) {
    say(`error: ${visible(error.message)}; nothing was written.`);
    return EXIT_CODES.cannotWriteTrace;
  }
  if (typeof (error as NodeJS.ErrnoException | undefined)?.code !== 'string') throw error;
  say(`error: cannot read ${visible(trace)}: ${visible((error as Error).message)}`);
  return EXIT_CODES.scriptNotFound;
}
