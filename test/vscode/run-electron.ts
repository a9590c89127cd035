// `npm run test:electron`: the same suite in a desktop VS Code that @vscode/test-electron downloads.
// Needs internet access to update.code.visualstudio.com (not available on the CI machines, which use
// scripts/test-vscode.mjs and code-server instead).
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '../../..');
  try {
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      launchArgs: [path.join(repoRoot, 'test/vscode/workspace'), '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (error) {
    console.error(`The extension tests failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

void main();
