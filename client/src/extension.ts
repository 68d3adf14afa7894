import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import type { InputFix } from '../../common/input-errors';
import { FileColumnsNotification, LeakageSettingsNotification, type PanelContent } from '../../common/protocol';
import { newSealKey, SEAL_KEY_VARIABLE } from '../../common/sealed-secret';
import { auditDatabase, forgetDatabasePassword } from './commands/database';
import { ColumnsStore } from './columns-store';
import { auditFile } from './commands/audit';
import { compareMethods } from './commands/compare';
import { configureColumns } from './commands/configure';
import { exportContent, exportThrough } from './commands/export';
import { isExampleTarget, openExample, runOnExample } from './commands/example';
import { setPositiveMeans } from './commands/positive-means';
import { fixInput } from './commands/fix-input';
import { ignoreProxy, markSensitive } from './commands/leakage-fixes';
import { runMitigation } from './commands/mitigate';
import { focusedReport, panelHandlers, panelsAsk } from './commands/show';
import type { ParityContext } from './context';
import { PANEL_VIEW_TYPE, ReportPanel, setExtensionRoot } from './panel';
import { ServerStatus } from './server-status';
import { CANCEL_COMMAND, cancelRunningJobs } from './jobs';
import { BinaryDataFiles } from './binary-data-files';
import { walkthroughTicker } from './walkthrough';
import { watchSettings } from './stale-settings';

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
  // The server learns the key for sealed passwords from its environment, which it then clears.
  const sealKey = newSealKey();
  const env = { ...process.env, [SEAL_KEY_VARIABLE]: sealKey };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const restarts: number[] = [];
  const serverStatus = new ServerStatus();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', pattern: '**/*.csv' },
      // JSON Lines files are text; Parquet and Arrow files are followed by their tabs (BinaryDataFiles).
      { scheme: 'file', pattern: '**/*.{jsonl,ndjson}' },
      { scheme: 'file', language: 'python' },
      // Notebook cells, so that their diagnostics' quick fixes are asked of the server too.
      { notebook: 'jupyter-notebook', language: 'python' },
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
        serverStatus.stopped(`stopped ${restarts.length} times in 3 minutes`);
        void vscode.window
          .showErrorMessage(`Parity: the language server stopped ${restarts.length} times in 3 minutes and was not restarted.`, 'Restart Server', 'Show Log')
          .then((action) => {
            if (action === 'Restart Server') void vscode.commands.executeCommand('parity.restartServer');
            if (action === 'Show Log') log.show(true);
          });
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
  };
  const languageClient = new LanguageClient('parity', 'Parity', serverOptions, clientOptions);
  client = languageClient;
  exportThrough(languageClient);
  const parity: ParityContext = {
    client: languageClient,
    log,
    status,
    columns: new ColumnsStore(context.workspaceState),
    secrets: context.secrets,
    sealKey,
  };
  panelsAsk(parity);
  const binaryDataFiles = new BinaryDataFiles(languageClient);
  // an ignored proxy, its undo, new thresholds: every open audit's Proxies table follows at once
  languageClient.onNotification(LeakageSettingsNotification, () => ReportPanel.reloadProxies());
  languageClient.onDidChangeState((change) => {
    serverStatus.state(change.newState);
    // A (re)started server learns the column roles remembered for each file.
    if (change.newState !== State.Running) return;
    for (const { uri, options } of parity.columns.all()) void languageClient.sendNotification(FileColumnsNotification, { uri, options });
    binaryDataFiles.tellAll();
  });
  const tickWalkthrough = walkthroughTicker(context.extension, (target) => isExampleTarget(context, target));
  const command = (name: string, run: (...args: unknown[]) => unknown) =>
    vscode.commands.registerCommand(name, (...args: unknown[]) => {
      tickWalkthrough(name, args[0]);
      return run(...args);
    });
  context.subscriptions.push(
    log,
    status,
    watchSettings(),
    binaryDataFiles,
    serverStatus,
    command('parity.auditFile', (target, options) => auditFile(parity, target, options)),
    command('parity.auditDatabase', () => auditDatabase(parity)),
    command('parity.forgetDatabasePassword', () => forgetDatabasePassword(parity)),
    command('parity.configureColumns', (target, given) => configureColumns(parity, target, given)),
    command('parity.runMitigation', (target, preset) => runMitigation(parity, target, preset)),
    command('parity.compareMethods', (target, params) => compareMethods(parity, target, params)),
    command('parity.markSensitive', (args) => markSensitive(parity, args)),
    command('parity.setPositiveMeans', (content) => setPositiveMeans(parity, content as PanelContent)),
    command('parity.ignoreProxy', (args) => ignoreProxy(parity, args)),
    command('parity.fixInput', (args) => {
      const { uri, fix, choice } = (args ?? {}) as { uri?: string; fix?: InputFix; choice?: string };
      return uri && fix ? fixInput(parity, vscode.Uri.parse(uri), fix, choice) : undefined;
    }),
    command('parity.exportReport', (format, target) =>
      exportContent(
        focusedReport(),
        typeof format === 'string' ? (format as 'html' | 'markdown' | 'json') : undefined,
        target instanceof vscode.Uri ? target : undefined,
      ),
    ),
    command('parity.restartServer', async () => {
      restarts.length = 0;
      log.info('restarting the language server (Parity: Restart Server)');
      await (languageClient.state === State.Stopped ? languageClient.start() : languageClient.restart());
    }),
    command('parity.showLog', () => log.show(true)),
    command(CANCEL_COMMAND, () => cancelRunningJobs()),
    command('parity.openExample', () => openExample(context, parity)),
    // the tour found by its name in the palette (cold try 17 looked for it among Parity's commands)
    command('parity.getStarted', () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#parity.start`, false)),
    command('parity.auditExample', () => runOnExample(context, parity, 'parity.auditFile')),
    command('parity.mitigateExample', () => runOnExample(context, parity, 'parity.runMitigation')),
    command('parity.compareExample', () => runOnExample(context, parity, 'parity.compareMethods')),
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
