import * as vscode from 'vscode';
import { FileColumnsNotification } from '../../../common/protocol';
import type { ParityContext } from '../context';

/**
 * Quick fix "mark as sensitive": adds the column to the file's sensitive attributes: the configured
 * ones or, when none are, those the check found (`alreadySensitive`), which would otherwise be lost.
 */
export async function markSensitive(context: ParityContext, args: unknown): Promise<void> {
  const { uri, column, alreadySensitive } = (args ?? {}) as { uri?: string; column?: string; alreadySensitive?: unknown };
  if (typeof uri !== 'string' || typeof column !== 'string') return;
  const file = vscode.Uri.parse(uri);
  const current = context.columns.get(file) ?? {};
  const found = Array.isArray(alreadySensitive) ? alreadySensitive.filter((name): name is string => typeof name === 'string') : [];
  const sensitive = [...new Set([...(current.sensitive ?? found), column])];
  const options = { ...current, sensitive };
  await context.columns.set(file, options);
  await context.client.sendNotification(FileColumnsNotification, { uri, options });
  context.log.info(`${file.fsPath}: ${column} marked as sensitive (${sensitive.join(', ')})`);
}

/** Quick fix "ignore this warning": persisted in the workspace setting `parity.leakage.ignored`. */
export async function ignoreProxy(context: ParityContext, args: unknown): Promise<void> {
  const { column, sensitive } = (args ?? {}) as { column?: string; sensitive?: string };
  if (typeof column !== 'string') return;
  const configuration = vscode.workspace.getConfiguration('parity.leakage');
  const ignored = configuration.get<{ column: string; sensitive?: string }[]>('ignored') ?? [];
  if (ignored.some((entry) => entry.column === column && entry.sensitive === sensitive)) return;
  const created = await settingsFileCreated();
  await configuration.update(
    'ignored',
    [...ignored, { column, ...(typeof sensitive === 'string' ? { sensitive } : {}) }],
    vscode.ConfigurationTarget.Workspace,
  );
  const what = `\`${column}\`${typeof sensitive === 'string' ? ` as a proxy of \`${sensitive}\`` : ''}`;
  context.log.info(`proxy warning ignored: ${what}`);
  // The setting lands in the workspace's .vscode/settings.json: say so, and offer the way back.
  void vscode.window
    .showInformationMessage(
      `Parity: ${what} is no longer flagged in this workspace (parity.leakage.ignored in .vscode/settings.json).`,
      'Undo',
      'Open Settings',
    )
    .then(async (action) => {
      if (action === 'Undo') {
        await configuration.update('ignored', ignored.length > 0 ? ignored : undefined, vscode.ConfigurationTarget.Workspace);
        await created?.removeIfEmpty();
      }
      if (action === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile');
    });
}

/**
 * The folder's .vscode/settings.json (and .vscode) when the Ignore about to be saved creates them: Undo
 * removes what it left empty, where VS Code would keep a settings file holding only `{}`. Undefined
 * when they exist already, or the workspace's settings live in a .code-workspace file.
 */
async function settingsFileCreated(): Promise<{ removeIfEmpty(): Promise<void> } | undefined> {
  const folders = vscode.workspace.workspaceFolders;
  if (vscode.workspace.workspaceFile !== undefined || folders?.length !== 1) return undefined;
  const folder = vscode.Uri.joinPath(folders[0]!.uri, '.vscode');
  const file = vscode.Uri.joinPath(folder, 'settings.json');
  const exists = (uri: vscode.Uri) =>
    vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
  if (await exists(file)) return undefined;
  const folderCreated = !(await exists(folder));
  return {
    async removeIfEmpty() {
      const text = await vscode.workspace.fs.readFile(file).then(
        (bytes) => Buffer.from(bytes).toString('utf8'),
        () => undefined,
      );
      // only what VS Code leaves of a key it removed: an empty object, nothing the user wrote since
      if (text === undefined || !/^\s*\{\s*\}\s*$/.test(text)) return;
      await vscode.workspace.fs.delete(file);
      if (folderCreated && (await vscode.workspace.fs.readDirectory(folder)).length === 0) await vscode.workspace.fs.delete(folder);
    },
  };
}
