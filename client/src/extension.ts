import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { FileColumnsNotification } from '../../common/protocol';
import { ColumnsStore } from './columns-store';
import { auditFile } from './commands/audit';
import { compareMethods } from './commands/compare';
import { configureColumns } from './commands/configure';
import { exportContent, exportThrough } from './commands/export';
import { ignoreProxy, markSensitive } from './commands/leakage-fixes';
import { runMitigation } from './commands/mitigate';
import { activeContent, panelHandlers } from './commands/show';
import type { ParityContext } from './context';
import { PANEL_VIEW_TYPE, ReportPanel, setExtensionRoot } from './panel';

let client: LanguageClient | undefined;

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up (and says so once). */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 3 * 60_000;

export async function activate(context: vscode.ExtensionContext): Promise<ParityContext> {
  setExtensionRoot(context.extensionUri);
  const log = vscode.window.createOutputChannel('Parity', { log: true });
  const status = vscode.window.createStatusBarItem('parity.job', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Parity job';
  const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const restarts: number[] = [];
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', pattern: '**/*.csv' },
      { scheme: 'file', language: 'python' },
    ],
    synchronize: { configurationSection: 'parity' },
    outputChannel: log,
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        const now = Date.now();
        restarts.push(now);
        while (restarts.length > 0 && now - restarts[0]! > RESTART_WINDOW_MS) restarts.shift();
        if (restarts.length <= MAX_RESTARTS) {
          log.warn(`the language server stopped; restarting (${restarts.length} of ${MAX_RESTARTS})`);
          return { action: CloseAction.Restart, message: restarts.length === 1 ? 'Parity: the language server stopped and was restarted.' : undefined };
        }
        return { action: CloseAction.DoNotRestart, message: `Parity: the language server stopped ${restarts.length} times in 3 minutes and was not restarted; see the Parity log. Reload the window to start it again.` };
      },
    },
  };
  const languageClient = new LanguageClient('parity', 'Parity', serverOptions, clientOptions);
  client = languageClient;
  exportThrough(languageClient);
  const parity: ParityContext = { client: languageClient, log, status, columns: new ColumnsStore(context.workspaceState) };
  // A (re)started server learns the column roles remembered for each file.
  languageClient.onDidChangeState((change) => {
    if (change.newState !== State.Running) return;
    for (const { uri, options } of parity.columns.all()) void languageClient.sendNotification(FileColumnsNotification, { uri, options });
  });
  context.subscriptions.push(
    log,
    status,
    vscode.commands.registerCommand('parity.auditFile', (target?: unknown, options?: unknown) => auditFile(parity, target, options)),
    vscode.commands.registerCommand('parity.configureColumns', (target?: unknown, given?: unknown) => configureColumns(parity, target, given)),
    vscode.commands.registerCommand('parity.runMitigation', (target?: unknown, preset?: unknown) => runMitigation(parity, target, preset)),
    vscode.commands.registerCommand('parity.compareMethods', (target?: unknown, params?: unknown) => compareMethods(parity, target, params)),
    vscode.commands.registerCommand('parity.markSensitive', (args?: unknown) => markSensitive(parity, args)),
    vscode.commands.registerCommand('parity.ignoreProxy', (args?: unknown) => ignoreProxy(parity, args)),
    vscode.commands.registerCommand('parity.exportReport', (format?: unknown, target?: unknown) =>
      exportContent(activeContent(), typeof format === 'string' ? (format as 'html' | 'markdown' | 'json') : undefined, target instanceof vscode.Uri ? target : undefined),
    ),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => ReportPanel.restore(panel, state, panelHandlers),
    }),
  );
  await languageClient.start();
  return parity;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
