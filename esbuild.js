// Builds every bundle of Trainspect. `node esbuild.js [group...] [--watch] [--production]`
// where a group is one of: extension, runtime, cli, webview, tests (default: all).
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const { shipTsx } = require('./scripts/lib/ship-tsx.cjs');

const args = process.argv.slice(2);
const watch = args.includes('--watch');
const production = args.includes('--production');
const wanted = args.filter((a) => !a.startsWith('--'));

// A production build (what `npm run package` and `npm pack` ship) has no source maps: nothing reads them.
const node = { platform: 'node', target: 'node20', bundle: true, sourcemap: !production, logLevel: 'warning' };

/** Keeps the preload's `require('./instrumenter')` a require of dist/runtime/instrumenter.js instead of bundling it. */
const instrumenterApart = {
  name: 'instrumenter-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/instrumenter$/ }, () => ({ path: './instrumenter.js', external: true }));
  },
};

/** @type {Record<string, import('esbuild').BuildOptions[]>} */
const groups = {
  extension: [
    { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension/extension.js', format: 'cjs', external: ['vscode'], minify: production },
  ],
  runtime: [
    // Loaded into the user's process with --require: CommonJS hooks, the wrapper, the event pipe.
    { ...node, entryPoints: ['src/runtime/preload.ts'], outfile: 'dist/runtime/preload.js', format: 'cjs', plugins: [instrumenterApart] },
    // The parser and the transform, which the preload loads only when a file needs them (load-instrumenter.ts).
    { ...node, entryPoints: ['src/runtime/instrumenter.ts'], outfile: 'dist/runtime/instrumenter.js', format: 'cjs' },
    // Loaded with --import after tsx (if any), so that its ESM hooks see JavaScript.
    { ...node, entryPoints: ['src/runtime/esm-register.ts'], outfile: 'dist/runtime/esm-register.js', format: 'cjs' },
    // The ESM hooks module itself, loaded by module.register() on the loader thread.
    { ...node, entryPoints: ['src/runtime/esm-loader.ts'], outfile: 'dist/runtime/esm-loader.mjs', format: 'esm' },
  ],
  cli: [
    { ...node, entryPoints: ['src/cli/trainspect.ts'], outfile: 'dist/cli/trainspect.js', format: 'cjs', banner: { js: '#!/usr/bin/env node' } },
  ],
  webview: [
    { entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview/main.js', bundle: true, format: 'iife', platform: 'browser', target: 'es2022', sourcemap: !production, minify: production, logLevel: 'warning' },
    // The comparison panel (Trainspect: Compare Runs), a webview of its own.
    { entryPoints: ['src/webview/compare/main.ts'], outfile: 'dist/webview/compare.js', bundle: true, format: 'iife', platform: 'browser', target: 'es2022', sourcemap: !production, minify: production, logLevel: 'warning' },
    // The HTML report's stand-in for VS Code, run before main.js in the report's page (src/host/report).
    { entryPoints: ['src/webview/report-host.ts'], outfile: 'dist/webview/report-host.js', bundle: true, format: 'iife', platform: 'browser', target: 'es2022', sourcemap: !production, minify: production, logLevel: 'warning' },
  ],
  tests: [
    // The suite that runs inside a real VS Code extension host (code-server or @vscode/test-electron);
    // workspace/ holds the scripts the suite opens, which run as they are.
    { ...node, entryPoints: listTs('test/vscode'), outdir: 'out/test/vscode', outbase: 'test/vscode', format: 'cjs', bundle: false },
  ],
};

function listTs(dir) {
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.ts') && !f.startsWith(`workspace${path.sep}`))
    .map((f) => path.join(dir, f));
}

function copyCodicons() {
  const from = path.join(__dirname, 'node_modules/@vscode/codicons/dist');
  const to = path.join(__dirname, 'dist/webview/codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, file), path.join(to, file));
}

function removeSourceMaps(dir) {
  if (!fs.existsSync(dir)) return;
  for (const file of fs.readdirSync(dir, { recursive: true })) if (file.endsWith('.map')) fs.rmSync(path.join(dir, file));
}

async function main() {
  const names = wanted.length ? wanted : Object.keys(groups);
  const unknown = names.filter((n) => !groups[n]);
  if (unknown.length) throw new Error(`unknown build group(s): ${unknown.join(', ')}; known: ${Object.keys(groups).join(', ')}`);
  const options = names.flatMap((n) => groups[n]);
  // A production build leaves no map in dist/, not even an earlier build's: nothing ships one.
  if (production) removeSourceMaps(path.join(__dirname, 'dist'));
  if (names.includes('webview')) copyCodicons();
  // TypeScript support travels with the runtime: tsx over esbuild-wasm (scripts/lib/ship-tsx.cjs).
  if (names.includes('runtime')) shipTsx();
  if (watch) {
    for (const o of options) await (await esbuild.context(o)).watch();
    console.log('[esbuild] watching…');
    return;
  }
  await Promise.all(options.map((o) => esbuild.build(o)));
}

main().catch((error) => {
  console.error(error.message || error);
  process.exit(1);
});
