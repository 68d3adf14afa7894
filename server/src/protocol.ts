/**
 * Every custom message of Parity, defined once: LSP requests between the VS Code client and the
 * language server, and the messages between the extension and its webview. The webview imports
 * this module for types only.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { AuditReport } from './engine/audit/report';

/** The audit settings the editor can pass; unset fields are inferred as on the command line. */
export interface AuditRequestOptions {
  label?: string;
  prediction?: string;
  score?: string;
  sensitive?: string[];
  positive?: string;
  threshold?: number;
  bootstrap?: number;
  seed?: number;
}

export interface AuditParams {
  /** A `file:` URI of a CSV or .csv.gz file. */
  uri: string;
  options?: AuditRequestOptions;
}

export const AuditRequest = new RequestType<AuditParams, AuditReport, void>('parity/audit');

/** Extension → webview. */
export type ExtensionToWebview = { type: 'report'; report: AuditReport } | { type: 'error'; message: string };

/** Webview → extension: `ready` once its script runs (the extension then sends the report). */
export type WebviewToExtension = { type: 'ready' };
