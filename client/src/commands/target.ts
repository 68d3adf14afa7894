import * as path from 'node:path';
import * as vscode from 'vscode';

const DATA_FILE = /\.csv(\.gz)?$/i;

/**
 * The data file a command acts on: the Explorer's clicked file, else the active editor's file,
 * else one the user picks among the workspace's CSV files (or from disk), so every command works
 * from the palette. The Explorer passes (clicked uri, selected uris); programmatic callers pass
 * (uri, options). Undefined when the user picked nothing.
 */
export async function targetFile(target: unknown, purpose: string): Promise<vscode.Uri | undefined> {
  if (target instanceof vscode.Uri) {
    if (target.scheme === 'file' && DATA_FILE.test(target.path)) return target;
    void vscode.window.showErrorMessage(`Parity: ${path.basename(target.path)} is not a CSV file on disk (.csv or .csv.gz).`);
    return undefined;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && DATA_FILE.test(active.path)) return active;
  return pickDataFile(purpose);
}

/** Asks for a CSV file: the workspace's, most recently changed first, or any file on disk. */
export async function pickDataFile(purpose: string, exclude?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const found = await workspaceDataFiles(exclude);
  const browse = { label: '$(folder-opened) Browse…', description: 'a CSV file outside the workspace', uri: undefined as vscode.Uri | undefined };
  const items = [
    ...found.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(path.dirname(uri.fsPath)), uri })),
    browse,
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: `Parity: ${purpose}`,
    placeHolder: found.length > 0 ? 'a CSV file of the workspace' : 'no CSV file in the workspace: browse for one',
    matchOnDescription: true,
  });
  if (!pick) return undefined;
  return pick.uri ?? browseDataFile(purpose);
}

/** The workspace's CSV files (at most 200, by path), without `exclude`. */
export async function workspaceDataFiles(exclude?: vscode.Uri): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles('**/*.{csv,csv.gz}', '**/{node_modules,.git}/**', 200);
  return found.filter((uri) => uri.toString() !== exclude?.toString()).sort((a, b) => a.path.localeCompare(b.path));
}

/** VS Code's open dialog, for a CSV file outside the workspace. */
export async function browseDataFile(purpose: string): Promise<vscode.Uri | undefined> {
  const chosen = await vscode.window.showOpenDialog({ title: `Parity: ${purpose}`, canSelectMany: false, filters: { 'CSV files': ['csv', 'gz'] } });
  return chosen?.[0];
}

/** A plain options object (the Explorer's second argument, the selected uris, is an array). */
export function plainObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof vscode.Uri)
    ? (value as Record<string, unknown>)
    : undefined;
}
