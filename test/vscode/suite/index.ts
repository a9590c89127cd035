// Entry point VS Code loads as `extensionTestsPath`: runs every *.test.js next to this file with mocha
// (tdd interface) inside the real extension host, and rejects when a test failed, which the host turns
// into a non-zero exit code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 60_000, slow: 10_000 });
  const grep = process.env.TRAINSPECT_TEST_GREP;
  if (grep) mocha.grep(grep);
  // Under code-server every line the workbench logs reaches the runner; a tag tells the report apart.
  const tag = process.env.TRAINSPECT_TEST_LOG_TAG;
  if (tag) {
    (Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void }).consoleLog = (...args) =>
      console.log(format(...args).split('\n').map((line) => tag + line).join('\n'));
  }
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
