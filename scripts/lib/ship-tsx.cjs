// Copies tsx into dist/tsx with esbuild-wasm in place of esbuild, so that Trainspect runs TypeScript
// on every platform with no native binary and no per-platform package (see docs/packaging.md).
// tsx's own files are copied as they are, except that each `esbuild` module specifier becomes
// `#esbuild`, which dist/tsx/package.json's "imports" maps to the copied esbuild-wasm. Same tsx, same
// esbuild version, so the JavaScript and source maps are byte for byte those of plain tsx.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
/** Every way tsx's built files name the esbuild package. */
const SPECIFIER = /\b(from|import)"esbuild"|\b(import|require)\("esbuild"\)/g;
/** esbuild-wasm starts its WebAssembly service with `node` from PATH; the traced process's own Node is surer. */
const SERVICE_COMMAND = 'return ["node", [path2.join(__dirname, "..", "bin", "esbuild")]];';
const SERVICE_COMMAND_FIXED = 'return [process.execPath, [path2.join(__dirname, "..", "bin", "esbuild")]];';
const WASM_FILES = ['package.json', 'LICENSE.md', 'lib/main.js', 'bin/esbuild', 'esbuild.wasm', 'wasm_exec.js', 'wasm_exec_node.js'];

function manifestOf(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
}

function packageDir(name, from = ROOT) {
  return path.dirname(require.resolve(`${name}/package.json`, { paths: [from] }));
}

/** Builds dist/tsx; returns it. Throws when tsx's files no longer look the way this expects. */
function shipTsx(outDir = path.join(ROOT, 'dist', 'tsx')) {
  const tsxDir = packageDir('tsx');
  const wasmDir = packageDir('esbuild-wasm');
  // The esbuild that plain tsx uses here: esbuild-wasm must be the same version for the same output.
  const nativeVersion = manifestOf(packageDir('esbuild', tsxDir)).version;
  const wasmVersion = manifestOf(wasmDir).version;
  if (nativeVersion !== wasmVersion) throw new Error(`esbuild-wasm ${wasmVersion} differs from the esbuild ${nativeVersion} tsx uses: install esbuild-wasm@${nativeVersion}`);

  fs.rmSync(outDir, { recursive: true, force: true });
  let rewritten = 0;
  for (const file of fs.readdirSync(path.join(tsxDir, 'dist'), { recursive: true })) {
    const from = path.join(tsxDir, 'dist', file);
    if (!fs.statSync(from).isFile() || /\.d\.[cm]?ts$/.test(file)) continue;
    const to = path.join(outDir, 'dist', file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    const code = fs.readFileSync(from, 'utf8');
    const fixed = code.replace(SPECIFIER, (match) => (rewritten++, match.replace('"esbuild"', '"#esbuild"')));
    fs.writeFileSync(to, fixed, { mode: fs.statSync(from).mode });
  }
  if (rewritten === 0) throw new Error(`no esbuild import found in ${tsxDir}/dist: tsx changed, check scripts/lib/ship-tsx.cjs`);

  const manifest = manifestOf(tsxDir);
  manifest.imports = { ...manifest.imports, '#esbuild': './esbuild-wasm/lib/main.js' };
  delete manifest.dependencies;
  delete manifest.optionalDependencies;
  fs.writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.copyFileSync(path.join(tsxDir, 'LICENSE'), path.join(outDir, 'LICENSE'));

  for (const file of WASM_FILES) {
    const to = path.join(outDir, 'esbuild-wasm', file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(wasmDir, file), to);
  }
  const main = path.join(outDir, 'esbuild-wasm', 'lib', 'main.js');
  const code = fs.readFileSync(main, 'utf8');
  if (code.split(SERVICE_COMMAND).length !== 2) throw new Error(`esbuild-wasm's service command changed: check scripts/lib/ship-tsx.cjs`);
  fs.writeFileSync(main, code.replace(SERVICE_COMMAND, SERVICE_COMMAND_FIXED));
  return { outDir, rewritten, tsx: manifest.version, esbuild: wasmVersion };
}

module.exports = { shipTsx };
