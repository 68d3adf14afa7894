import * as vscode from 'vscode';

/**
 * The CSV a command acts on: the Explorer's clicked file, else the active editor's file. The
 * Explorer passes (clicked uri, selected uris); programmatic callers pass (uri, options).
 */
export function targetFile(target: unknown): vscode.Uri | undefined {
  const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file' || !/\.csv(\.gz)?$/i.test(uri.path)) {
    void vscode.window.showErrorMessage('Parity: select a CSV file on disk (.csv or .csv.gz).');
    return undefined;
  }
  return uri;
}

/** A plain options object (the Explorer's second argument, the selected uris, is an array). */
export function plainObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof vscode.Uri) ? (value as Record<string, unknown>) : undefined;
}
