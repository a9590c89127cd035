// The panel's HTML: a strict CSP (scripts and inline styles only with this load's nonce), our script,
// our stylesheet and the codicons. No data goes in here; the webview gets it by message.
import { randomBytes } from 'node:crypto';

export interface PanelResources {
  cspSource: string; // webview.cspSource
  script: string; // webview URIs, as strings
  stylesheet: string;
  codicons: string;
}

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

export function panelHtml(r: PanelResources, nonce = newNonce()): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${r.cspSource} 'nonce-${nonce}'`,
    `font-src ${r.cspSource}`,
    `img-src ${r.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${r.codicons}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${r.stylesheet}">
<title>Trainspect</title>
</head>
<body>
<script nonce="${nonce}" src="${r.script}"></script>
</body>
</html>`;
}
