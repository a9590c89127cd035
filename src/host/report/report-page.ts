// An HTML report as one self-contained page: the panel's bundle and styles inline, the run's events as
// JSON in a `<script type="application/json">`, and a CSP that allows nothing from anywhere (no
// network, no other file): the inline scripts and styles by their SHA-256, fonts and images as data: URLs.
import { createHash } from 'node:crypto';
import { embeddedJson, REPORT_DATA_ID, type ReportData } from '../../protocol/report-data';
import type { ReportAssets } from './report-assets';

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Inline code that could end its element early or open an HTML comment in it would break the page: refuse it. */
function inline(code: string, tag: 'script' | 'style'): string {
  if (new RegExp(`</${tag}|<!--`, 'i').test(code)) throw new Error(`a ${tag} for the report holds "</${tag}" or "<!--" and cannot be inlined`);
  return code;
}

export function reportPage(assets: ReportAssets, data: ReportData): string {
  const scripts = assets.scripts.map((s) => inline(s, 'script'));
  const styles = assets.styles.map((s) => inline(s, 'style'));
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')}`,
    `style-src ${styles.map(sha256).join(' ')}`,
    'font-src data:',
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = `Trainspect report: ${data.title}`.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en" data-theme="light">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="generator" content="Trainspect">
<title>${title}</title>
${styles.map((s) => `<style>${s}</style>`).join('\n')}
<script type="application/json" id="${REPORT_DATA_ID}">${embeddedJson(data)}</script>
</head>
<body>
<noscript><p>This Trainspect report is drawn by its own scripts (inline; it loads nothing): open it in a browser with JavaScript on. <code>trainspect show</code> prints the same run in a terminal.</p></noscript>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`;
}
