import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ResponseError, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import type { AuditReport } from '../../server/src/engine/audit/report';
import { AuditRequest, AuditRequestOptions } from '../../server/src/protocol';
import { AuditPanel } from './auditPanel';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Parity', { log: true });
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', pattern: '**/*.{csv,csv.gz}' }],
    outputChannel: log,
  };
  client = new LanguageClient('parity', 'Parity', serverOptions, clientOptions);
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('parity.auditFile', (uri?: vscode.Uri, options?: AuditRequestOptions) => auditFile(context, log, uri, options)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/** Audits a file and shows the panel; resolves to the report (undefined on error) for callers and tests. */
async function auditFile(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  clicked?: vscode.Uri,
  options?: AuditRequestOptions,
): Promise<AuditReport | undefined> {
  const uri = clicked ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri || !client) {
    void vscode.window.showErrorMessage('Parity: select a CSV file to audit.');
    return undefined;
  }
  const name = vscode.workspace.asRelativePath(uri);
  log.info(`audit ${uri.toString()}`);
  try {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Parity: auditing ${name}`, cancellable: true },
      (_progress, token) => client!.sendRequest(AuditRequest, { uri: uri.toString(), options }, token),
    );
    await AuditPanel.show(context.extensionUri, report);
    return report;
  } catch (error) {
    const message = error instanceof ResponseError || error instanceof Error ? error.message : String(error);
    log.error(`audit of ${uri.toString()} failed: ${message}`);
    void vscode.window.showErrorMessage(`Parity: ${message}`);
    return undefined;
  }
}
