// CommonJS: instruments the user's files as Node compiles them, and lets observers see what other
// modules (e.g. @tensorflow/tfjs-layers) exported once they have run.
import Module from 'node:module';
import { instrument } from './instrument';
import { isUserFile } from './user-files';

type Compile = (this: Module, content: string, filename: string) => unknown;

export function installCjsHook(ownDir: string, afterCompile: (module: Module, filename: string) => void): void {
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  proto._compile = function _compile(this: Module, content: string, filename: string): unknown {
    const code = typeof content === 'string' && isUserFile(filename, ownDir) ? instrument(content, filename, false) : content;
    // Errors pass through untouched (not even their `stack` read), so Node prints them as before.
    const result = original.call(this, code, filename);
    try {
      afterCompile(this, filename);
    } catch {
      // observers never break loading
    }
    return result;
  };
}
