import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ColumnsStore } from './columns-store';

/** What every command needs. */
export interface ParityContext {
  client: LanguageClient;
  log: vscode.LogOutputChannel;
  status: vscode.StatusBarItem;
  columns: ColumnsStore;
  /** Database passwords (Audit Database Table…). */
  secrets: vscode.SecretStorage;
  /** The key passwords are sealed with for the language server (common/sealed-secret.ts). */
  sealKey: string;
}
