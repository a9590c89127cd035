// The run model's switch over event types is exhaustive at compile time: the TypeScript compiler,
// given events.ts with one more event type, rejects run-model/index.ts until that type has its case.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');
const EVENTS = path.join(ROOT, 'src/protocol/events.ts');
const MODEL = path.join(ROOT, 'src/protocol/run-model/index.ts');

/** The compiler's errors in the run model, with events.ts as it is or with `extra` added to the TraceEvent union. */
function modelErrors(extra?: string): string[] {
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, noEmit: true, types: [], lib: ['lib.es2022.d.ts'], skipLibCheck: true };
  const host = ts.createCompilerHost(options);
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) => {
    if (extra === undefined || path.resolve(file) !== EVENTS) return original(file, language, ...rest);
    const source = fs.readFileSync(EVENTS, 'utf8').replace(/export type TraceEvent =\s*\|?/, `export type TraceEvent = ${extra} |`);
    return ts.createSourceFile(file, source, language);
  };
  const program = ts.createProgram([MODEL], options, host);
  return ts.getPreEmitDiagnostics(program).filter((d) => d.file && path.resolve(d.file.fileName) === MODEL).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('run model: every event type is handled', function () {
  this.timeout(60_000);

  it('compiles as it is, and not once the trace has an event type it does not handle', () => {
    assert.deepEqual(modelErrors(), []);
    const errors = modelErrors("{ type: 'gradients'; norm: number; time: number }");
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /'\{ type: "gradients"; norm: number; time: number; \}' is not assignable to type 'never'/);
  });
});
