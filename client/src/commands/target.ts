import * as path from 'node:path';
import * as vscode from 'vscode';
import { isParityOutput } from '../../../common/output-folders';
import type { PanelContent } from '../../../common/protocol';
import { DATABASE_SCHEME } from '../connections';
import { isDatabaseReport, ReportPanel } from '../panel';

/**
 * What each kind of command reads: an audit or Configure Columns a data file or a database table
 * (`table`), mitigations and comparisons a data file (`file`).
 */
export type FileKinds = 'file' | 'table';

/** How the workspace's data files are offered: `exclude` left out; Parity's own outputs left out with `withoutOutputs` (Browse… still reaches them). */
export interface PickOptions {
  exclude?: vscode.Uri;
  withoutOutputs?: boolean;
}
const DATA_FILE = /\.(csv(\.gz)?|parquet|jsonl|ndjson|arrow|feather)$/i;
const DESCRIPTION = 'a data file on disk (.csv, .csv.gz, .parquet, .jsonl, .ndjson, .arrow or .feather)';
const GLOB = '**/*.{csv,csv.gz,parquet,jsonl,ndjson,arrow,feather}';
const EXTENSIONS = ['csv', 'gz', 'parquet', 'jsonl', 'ndjson', 'arrow', 'feather'];

/**
 * The data file a command acts on: the Explorer's clicked file, else the active editor's file,
 * else one the user picks among the workspace's CSV files (or from disk), so every command works
 * from the palette. The Explorer passes (clicked uri, selected uris); programmatic callers pass
 * (uri, options). Undefined when the user picked nothing.
 */
export async function targetFile(target: unknown, purpose: string, kinds: FileKinds = 'file', pick: PickOptions = {}): Promise<vscode.Uri | undefined> {
  if (target instanceof vscode.Uri) {
    if (target.scheme === 'file' && DATA_FILE.test(target.path)) return target;
    if (target.scheme === DATABASE_SCHEME && kinds === 'table') return target;
    void vscode.window.showErrorMessage(`Parity: ${path.basename(target.path)} is not ${DESCRIPTION}.`);
    return undefined;
  }
  // Parquet and Arrow files open in a binary editor, which has no text document: the tab tells.
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const active =
    vscode.window.activeTextEditor?.document.uri ?? (tab instanceof vscode.TabInputText || tab instanceof vscode.TabInputCustom ? tab.uri : undefined);
  if (active?.scheme === 'file' && DATA_FILE.test(active.path)) return active;
  // a report panel in front: the file it reports on (Configure Columns from the palette, cold try 10)
  const shown = ReportPanel.active()?.shown.content;
  const reported = shown ? reportedFile(shown) : undefined;
  if (reported && (reported.scheme === 'file' || kinds === 'table') && reported.toString() !== pick.exclude?.toString()) return reported;
  return pickDataFile(purpose, pick);
}

/** The data file (or table) a report is about: an audit's, a mitigation's or a comparison's training file. */
function reportedFile(content: PanelContent): vscode.Uri | undefined {
  if (content.kind === 'comparison') return content.comparison.files ? vscode.Uri.file(content.comparison.files.train) : undefined;
  if (content.kind === 'mitigation') {
    const file = content.report.comparedIn?.train ?? content.report.files.inputs['train'] ?? content.report.files.inputs['data'];
    return file ? vscode.Uri.file(file) : undefined;
  }
  if (content.request) return vscode.Uri.parse(content.request.uri);
  return isDatabaseReport(content.report.file) ? undefined : vscode.Uri.file(content.report.file);
}

/** Asks for a data file: the workspace's (see PickOptions), by path, or any file on disk. */
export async function pickDataFile(purpose: string, options: PickOptions = {}): Promise<vscode.Uri | undefined> {
  const all = await workspaceDataFiles(options.exclude);
  const found = options.withoutOutputs ? all.filter((uri) => !isParityOutput(uri.fsPath)) : all;
  const hidden = all.length - found.length;
  const what = 'a data file';
  const beyond = hidden > 0 ? `${what} outside the workspace, or one of Parity's own outputs` : `${what} outside the workspace`;
  const browse = { label: '$(folder-opened) Browse…', description: beyond, uri: undefined as vscode.Uri | undefined };
  const items = [
    ...found.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(path.dirname(uri.fsPath)), uri })),
    browse,
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: `Parity: ${purpose}`,
    placeHolder:
      found.length > 0
        ? `${what} of the workspace`
        : hidden > 0
          ? `no ${what.slice(2)} in the workspace but Parity's own outputs: browse for one`
          : `no ${what.slice(2)} in the workspace: browse for one`,
    matchOnDescription: true,
  });
  if (!pick) return undefined;
  return pick.uri ?? browseDataFile(purpose);
}

/** The workspace's data files (at most 200, by path), without `exclude`. */
export async function workspaceDataFiles(exclude?: vscode.Uri): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles(GLOB, '**/{node_modules,.git}/**', 200);
  return found.filter((uri) => uri.toString() !== exclude?.toString()).sort((a, b) => a.path.localeCompare(b.path));
}

/** VS Code's open dialog, for a data file outside the workspace. */
export async function browseDataFile(purpose: string): Promise<vscode.Uri | undefined> {
  const filters = { 'Data files': EXTENSIONS };
  const chosen = await vscode.window.showOpenDialog({ title: `Parity: ${purpose}`, canSelectMany: false, filters });
  return chosen?.[0];
}

/**
 * A plain options object. Menus pass other second arguments: the Explorer the selected uris (an
 * array), an editor title button its editor group (`{ groupId }`), which is no option.
 */
export function plainObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof vscode.Uri) && !('groupId' in value)
    ? (value as Record<string, unknown>)
    : undefined;
}
