import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { AuditReport } from '../../server/src/engine/audit/report';
import type { ExtensionToWebview, WebviewToExtension } from '../../server/src/protocol';

/** The audit panel: a webview with a strict CSP that renders a report once its script is ready. */
export class AuditPanel {
  /** Opens the panel; resolves once the webview has the report (or the panel was closed first). */
  static show(extensionUri: vscode.Uri, report: AuditReport): Promise<void> {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel('parity.audit', `Audit: ${report.file.split(/[\\/]/).pop()}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [dist],
    });
    const delivered = new Promise<void>((resolve) => {
      panel.webview.onDidReceiveMessage(async (message: WebviewToExtension) => {
        if (message.type !== 'ready') return;
        const reply: ExtensionToWebview = { type: 'report', report };
        await panel.webview.postMessage(reply);
        resolve();
      });
      panel.onDidDispose(() => resolve());
    });
    panel.webview.html = html(panel.webview, vscode.Uri.joinPath(dist, 'webview.js'));
    return delivered;
  }
}

function html(webview: vscode.Webview, script: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Parity audit</title>
<style nonce="${nonce}">
  body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); }
  table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
  th, td { border-bottom: 1px solid var(--vscode-panel-border); padding: 2px 10px; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  .small { color: var(--vscode-editorWarning-foreground); }
  .missing { color: var(--vscode-descriptionForeground); }
</style>
</head>
<body>
<main id="root"></main>
<script nonce="${nonce}" src="${webview.asWebviewUri(script).toString()}"></script>
</body>
</html>`;
}
