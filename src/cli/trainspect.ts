// `trainspect run [options] <script> [args...]`, `trainspect show <trace.jsonl>`, `export` and `report` (docs/cli.md).
// The script's stdout and stderr pass through unchanged; Trainspect's own lines go to stderr, each
// prefixed "[trainspect] ", so that the script's stdout stays exactly what it would be without us.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TraceFormatError } from '../protocol/trace-format';
import { applyEvent, createRunModel } from '../protocol/run-model';
import { packageRoot } from '../host/paths';
import { startTraceRun, type TraceRun } from '../host/runner';
import { readTrace } from '../host/trace-reader';
import { TraceFileError } from '../host/trace-writer';
import { exportTensorBoardCommand } from './export-tensorboard';
import { prepareReportFolder, ReportFileError } from '../host/report/write-report';
import { reportCommand } from './report';
import { EventFormatter, EXIT_CODES, exitCodeForRun, relativeIfInside } from './format';
import { OutputSink } from './output-sink';
import { visible } from './terminal-text';
import { MIN_MAX_TRACE_BYTES } from '../protocol/runtime-config';

const PREFIX = '[trainspect] ';

interface RunFlags {
  trace: string[];
  out?: string;
  maxCalls: number;
  keepRunning?: boolean;
  node?: string;
  quiet?: boolean;
  maxTraceBytes?: number;
  shapes?: 'compiled' | 'all' | 'off';
  /** false with --no-postmortem. */
  postmortem: boolean;
  report?: string;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

/** "67108864", "64MiB", "512KiB", "1GiB" (also KB/MB/GB, K/M/G: all powers of 1024). */
function byteSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(?:([KMG])(?:i?B)?)?$/i.exec(value.trim());
  const n = match ? Number(match[1]) * 1024 ** ' KMG'.indexOf((match[2] ?? ' ').toUpperCase()) : NaN;
  if (!Number.isFinite(n) || n < MIN_MAX_TRACE_BYTES) throw new InvalidArgumentError(`expected a size of at least 256KiB, e.g. 67108864 or 64MiB`);
  return Math.floor(n);
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

const useColor = (stream: NodeJS.WriteStream): boolean => Boolean(stream.isTTY) && !('NO_COLOR' in process.env);

/** .trainspect/<script name>-<time>.jsonl under the current folder. */
function defaultTraceFile(script: string): string {
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  return path.join(process.cwd(), '.trainspect', `${path.basename(script).replace(/\.[^.]*$/, '')}-${stamp}.jsonl`);
}

async function runCommand(script: string, args: string[], flags: RunFlags): Promise<number> {
  const traceFile = path.resolve(flags.out ?? defaultTraceFile(script));
  if (flags.report !== undefined) {
    // Found out now, not after an hour of training.
    try {
      prepareReportFolder(flags.report, traceFile);
    } catch (error) {
      if (!(error instanceof ReportFileError)) throw error;
      process.stderr.write(`${PREFIX}error: ${visible(error.message)}. Nothing was run.\n`);
      return EXIT_CODES.cannotWriteTrace;
    }
  }
  const model = createRunModel({ keepRunning: flags.keepRunning ?? false });
  const formatter = new EventFormatter({ cwd: process.cwd(), color: useColor(process.stderr), prefix: PREFIX, showOutput: false, showUncaught: false, maxStackFrames: 3, model });
  let run: TraceRun | undefined;
  // A reader of ours that goes away (`| head -1`) is passed on to the script, which then sees EPIPE.
  const sink = new OutputSink((stream) => run?.closeOutput(stream));
  try {
    run = startTraceRun({
      script, args, targets: flags.trace, maxCalls: flags.maxCalls, keepRunning: flags.keepRunning ?? false,
      nodePath: flags.node, traceFile, inheritStdin: true, maxTraceBytes: flags.maxTraceBytes,
      ...(flags.shapes ? { shapes: flags.shapes === 'off' ? false : flags.shapes === 'all' ? 'all' : true } : {}),
      ...(flags.postmortem ? {} : { postmortem: false }),
    });
  } catch (error) {
    if (!(error instanceof TraceFileError)) throw error;
    sink.own(`${PREFIX}error: cannot write the trace file ${traceFile}: ${visible(error.message)}. Nothing was run.\n`);
    return EXIT_CODES.cannotWriteTrace;
  }
  const traced = run;
  traced.on('stdout', (_text: string, chunk: Buffer) => sink.script('stdout', chunk));
  traced.on('stderr', (_text: string, chunk: Buffer) => sink.script('stderr', chunk));
  traced.on('event', (event) => {
    applyEvent(model, event);
    if (flags.quiet && (event.type === 'call' || event.type === 'run' || event.type === 'phase')) return;
    sink.own(formatter.format(event));
  });
  // Ctrl-C reaches only this process (the script has its own process group): pass the signal on to the
  // script's tree, so that its own SIGINT handlers run (SIGKILL follows if it is still there after 2 s).
  const onSignal = (signal: NodeJS.Signals): void => void traced.stop(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  const { traceError } = await traced.done;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, onSignal);
  const shownFile = relativeIfInside(traceFile, process.cwd());
  if (traceError) {
    sink.own(`${PREFIX}error: the trace could not be written to ${visible(shownFile)}: ${visible(traceError)}; it is incomplete.\n`);
    return EXIT_CODES.cannotWriteTrace;
  }
  sink.own(`${PREFIX}trace written to ${visible(shownFile)}\n`);
  if (flags.report !== undefined) {
    const reported = await reportCommand(traceFile, flags.report);
    if (reported !== 0) return reported;
  }
  return exitCodeForRun(model);
}

async function showCommand(file: string, flags: { output?: boolean }): Promise<number> {
  const formatter = new EventFormatter({ cwd: process.cwd(), color: useColor(process.stdout), prefix: '', showOutput: flags.output ?? false, showUncaught: true, maxStackFrames: 5 });
  const out = new StdoutWriter();
  const damaged: string[] = [];
  let cut: number | undefined;
  let events = 0;
  try {
    for await (const item of readTrace(file)) {
      if (item.kind === 'damaged') {
        if (item.cut) cut = item.line;
        else damaged.push(`${item.line} (${visible(item.reason)})`);
        continue;
      }
      events++;
      if (!(await out.write(formatter.format(item.event)))) return 0; // the reader went away (`| head`)
    }
  } catch (error) {
    // The message may quote the damaged line (JSON.parse does), so it is printed escaped.
    if (error instanceof TraceFormatError) {
      process.stderr.write(`${PREFIX}error: ${file} is not a Trainspect trace: ${visible(error.message)}\n`);
      return EXIT_CODES.badTrace;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    process.stderr.write(`${PREFIX}error: cannot read ${file}: ${visible((error as Error).message)}\n`);
    return EXIT_CODES.scriptNotFound;
  }
  if (cut === undefined && damaged.length === 0) return 0;
  const whole = `the ${events.toLocaleString('en-US')} whole event${events === 1 ? ' is' : 's are'} shown above`;
  if (damaged.length) {
    const lines = damaged.slice(0, 5).join(', ') + (damaged.length > 5 ? `, … (${damaged.length.toLocaleString('en-US')} in all)` : '');
    process.stderr.write(`${PREFIX}error: ${file} is damaged: line${damaged.length === 1 ? '' : 's'} ${lines} ${damaged.length === 1 ? 'is not an event and was' : 'are not events and were'} skipped; ${whole}.\n`);
  }
  if (cut !== undefined) {
    process.stderr.write(`${PREFIX}error: ${file} is cut off in the middle of line ${cut} (the run that wrote it was killed or ran out of disk space): the rest is damaged; ${whole}.\n`);
  }
  return EXIT_CODES.badTrace;
}

/** Writes to stdout with back-pressure; false once the reader has gone (EPIPE), then stops. */
class StdoutWriter {
  private gone = false;

  constructor() {
    process.stdout.on('error', () => (this.gone = true));
  }

  async write(text: string): Promise<boolean> {
    if (this.gone) return false;
    if (text && !process.stdout.write(text)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          process.stdout.off('drain', done).off('error', done).off('close', done);
          resolve();
        };
        process.stdout.on('drain', done).on('error', done).on('close', done);
      });
    }
    return !this.gone;
  }
}

/** After --help: where the docs are (shipped in the package) and what the exit codes mean (docs/cli.md). */
function helpFooter(): string {
  const doc = (name: string): string => path.join(packageRoot(), 'docs', name);
  const c = EXIT_CODES;
  return `
Exit codes of run: the script's own when it ends by itself; 0 when stopped at the call limit;
  128+n when signal n ended it; ${c.interrupted} after Ctrl-C; ${c.usage} usage error; ${c.scriptNotFound} script not found;
  ${c.internal} the script could not be run; ${c.cannotWriteTrace} the trace file (or --report's file) could not be written.
Exit codes of show: 0; ${c.badTrace} not a Trainspect trace; ${c.scriptNotFound} file not found; ${c.usage} usage error.
Exit codes of export: show's, and ${c.cannotWriteTrace} the logdir could not be written.
Exit codes of report: show's, and ${c.cannotWriteTrace} the report could not be written.

Docs:
  ${doc('cli.md')}  (commands, options, exit codes)
  ${doc('trace-format.md')}  (the .jsonl trace format)
`;
}


function version(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

function program(setExitCode: (code: number) => void): Command {
  const cli = new Command('trainspect')
    .description('Run a TensorFlow.js training script and record what its callables receive and return.')
    .version(version(), '-V, --version', "print Trainspect's version")
    .addHelpText('after', helpFooter)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`${PREFIX}${text}`) });
  cli.command('run')
    .description('run a script with Trainspect and print the calls of the traced callables')
    .argument('<script>', 'the script to run (.js, .cjs, .mjs, .ts, .mts, .cts)')
    .argument('[args...]', 'arguments for the script; put them after -- when they start with -')
    .addOption(new Option('-t, --trace <name>', 'a callable to trace: a name, or name@line; repeatable (default: every callable)').argParser(collect).default([]))
    .option('-o, --out <file>', 'where to write the trace (default: .trainspect/<script>-<time>.jsonl)')
    .addOption(new Option('-n, --max-calls <n>', 'calls recorded per callable').argParser(positiveInteger).default(3))
    .option('--keep-running', 'let the script go on after the call limit instead of stopping it')
    .option('--node <path>', 'the Node.js executable to run the script with (default: node on the PATH)')
    .option('-q, --quiet', 'do not print the calls (notices and the end are still printed)')
    .addOption(new Option('--max-trace-bytes <size>', 'the most bytes of events the trace keeps; then calls are no longer recorded (default: 64MiB)').argParser(byteSize))
    .option('--report <file>', 'when the run ends, also write its HTML report there (as `trainspect report` does)')
    .addOption(new Option('--shapes <files>', "whose calls' tensor shapes are recorded: compiled (TypeScript's calls and plain JavaScript's TF.js ops and layers: stacks unchanged), all (every call of plain JavaScript too: its stack columns move), off").choices(['compiled', 'all', 'off']).default('compiled'))
    .option('--no-postmortem', 'no post-mortem when the script fails: its stack and variables are not read (no inspector session in the script)')
    .action(async (script: string, args: string[], flags: RunFlags) => setExitCode(await runCommand(script, args, flags)));
  cli.command('show')
    .description('print a trace file written by `trainspect run`')
    .argument('<trace>', 'a .jsonl trace file')
    .option('--output', "also print the script's recorded output")
    .action(async (file: string, flags: { output?: boolean }) => setExitCode(await showCommand(file, flags)));
  cli.command('export')
    .description("write a trace's training scalars as TensorBoard event files (as tfjs-node's tf.node.tensorBoard() names them)")
    .argument('<trace>', 'a .jsonl trace file')
    .requiredOption('--tensorboard <logdir>', 'the TensorBoard log folder to write (made when missing)')
    .action(async (file: string, flags: { tensorboard: string }) => setExitCode(await exportTensorBoardCommand(file, flags.tensorboard)));
  cli.command('report')
    .description('write a trace as one self-contained HTML file with every view of the panel (no network, no other file)')
    .argument('<trace>', 'a .jsonl trace file')
    .argument('<out>', 'the .html file to write (replaced whole, or not at all)')
    .action(async (file: string, out: string) => setExitCode(await reportCommand(file, out)));
  return cli;
}

async function main(argv: string[]): Promise<void> {
  // A reader of ours that has gone (`| head`) is never a crash: what we would write there is lost anyway.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  let code = 0;
  try {
    await program((c) => (code = c)).parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      code = error.exitCode === 0 ? 0 : EXIT_CODES.usage;
    } else {
      process.stderr.write(`${PREFIX}internal error: ${(error as Error).stack ?? String(error)}\n`);
      code = EXIT_CODES.internal;
    }
  }
  // Not process.exit(): that could cut off output still on its way to a pipe.
  process.exitCode = code;
}

void main(process.argv);
