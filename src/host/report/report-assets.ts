// What an HTML report inlines: the panel's own bundle and stylesheet, the codicons with their font as
// a data: URL, and the report's stand-in host, theme and bar styles, read from Trainspect's package.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../paths';

export interface ReportAssets {
  /** dist/webview/report-host.js, then the panel's dist/webview/main.js, as esbuild built them. */
  scripts: string[];
  /** Codicons (font inlined), the report's theme, the panel's CSS, the report's own. */
  styles: string[];
}

let cached: { root: string; assets: ReportAssets } | undefined;

export function loadReportAssets(root = packageRoot()): ReportAssets {
  if (cached?.root === root) return cached.assets;
  const read = (...parts: string[]): string => fs.readFileSync(path.join(root, ...parts), 'utf8');
  const font = fs.readFileSync(path.join(root, 'dist', 'webview', 'codicons', 'codicon.ttf')).toString('base64');
  const codicons = read('dist', 'webview', 'codicons', 'codicon.css').replace(/url\("?\.\/codicon\.ttf[^)"]*"?\)/g, `url("data:font/ttf;base64,${font}")`);
  if (!codicons.includes('data:font/ttf')) throw new Error('codicon.css no longer names ./codicon.ttf: the report cannot inline the icons');
  const assets: ReportAssets = {
    scripts: [read('dist', 'webview', 'report-host.js'), read('dist', 'webview', 'main.js')].map(withoutSourceMap),
    styles: [codicons, read('media', 'report-themes.css'), read('media', 'panel.css'), read('media', 'report.css')],
  };
  cached = { root, assets };
  return assets;
}

/** A development build's map comment: the report carries no map file, and a viewer must not ask for one. */
const withoutSourceMap = (script: string): string => script.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
