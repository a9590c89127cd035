// Instruments one user file, or returns it untouched with a `transform-failed` notice when it cannot
// be parsed, so that the user's own SyntaxError (if any) appears exactly as without Trainspect.
import { emit } from './event-writer';
import { now } from './clock';
import { parsesAsModule, transformSource } from './transform';

export function instrument(code: string, file: string, module: boolean): string {
  try {
    return transformSource(code, file, module)?.code ?? code;
  } catch (error) {
    // ES module syntax read by the CommonJS loader: Node finds that out too and loads the file as an
    // ES module, through the ESM hook, which instruments it then.
    if (!module && parsesAsModule(code)) return code;
    const reason = error instanceof Error ? error.message : String(error);
    emit({ type: 'notice', level: 'warning', code: 'transform-failed', message: `${file} was not instrumented and ran as is: ${reason}`, time: now() });
    return code;
  }
}
