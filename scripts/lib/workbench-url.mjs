// The URL that opens the code-server workbench on a folder, with an optional smoke-test-driver payload
// (honoured only when code-server runs with `--vscode-option enable-smoke-test-driver`).

/** A path on the server machine as a vscode-remote URI of this server (the page's host:port). */
export function remoteUri(server, absPath) {
  return `vscode-remote://${server.authority}${absPath}`;
}

/**
 * @param {{ url: string, authority: string }} server
 * @param {{ folder?: string, extensionDevelopmentPath?: string, extensionTestsPath?: string }} options
 */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const params = new URLSearchParams();
  if (folder) params.set('folder', folder);
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(server, extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(server, extensionTestsPath)]);
  if (payload.length) {
    payload.push(['skipWelcome', 'true']);
    params.set('payload', JSON.stringify(payload));
  }
  return `${server.url}/?${params}`;
}
