import { fileURLToPath } from 'node:url';
import {
  CancellationToken,
  createConnection,
  ErrorCodes,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import type { AuditOptions } from './engine/audit/options';
import { auditDiagnostics, inputErrorDiagnostic } from './lsp/audit-diagnostics';
import { readHeaderCells } from './lsp/header';
import { auditOptionsFrom, flagValuesFrom } from './lsp/params';
import { DEFAULT_SETTINGS, ParitySettings, readSettings } from './lsp/settings';
import { MITIGATIONS } from './mitigations/registry';
import {
  AuditRequest,
  AuditRequestOptions,
  ColumnsRequest,
  FileColumnsNotification,
  MitigateRequest,
  MitigationInfo,
  MitigationsRequest,
} from './protocol';
import type { Job, JobResults } from './worker/jobs';
import { JobError, runInWorker } from './worker/pool';

const connection = createConnection(ProposedFeatures.all);
let settings: ParitySettings = DEFAULT_SETTINGS;
/** Column roles chosen with Configure Columns, by file URI. */
const configuredColumns = new Map<string, AuditRequestOptions>();
/** The running diagnostics job of each file: a newer save cancels it. */
const diagnosing = new Map<string, AbortController>();

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: { openClose: true, save: true, change: TextDocumentSyncKind.None } },
  serverInfo: { name: 'parity' },
}));

connection.onInitialized(() => {
  void refreshSettings();
});

connection.onDidChangeConfiguration(() => {
  void refreshSettings();
});

async function refreshSettings(): Promise<void> {
  settings = readSettings(await connection.workspace.getConfiguration('parity').catch(() => undefined));
}

/**
 * Runs a job in a worker thread on behalf of a request: LSP cancellation aborts the job,
 * progress goes to the client's work-done progress, failures become error responses (the
 * server itself never goes down with a job).
 */
async function runJob<K extends Job['kind']>(job: Extract<Job, { kind: K }>, token: CancellationToken, progress?: WorkDoneProgressReporter, title = ''): Promise<JobResults[K]> {
  const controller = new AbortController();
  const cancellation = token.onCancellationRequested(() => controller.abort());
  progress?.begin(title, 0, undefined, true);
  try {
    return await runInWorker(job, {
      signal: controller.signal,
      onProgress: (p) => progress?.report(p.fraction === undefined ? 0 : Math.min(100, Math.round(p.fraction * 100)), p.message),
    });
  } catch (error) {
    if (!(error instanceof JobError)) throw new ResponseError(ErrorCodes.InternalError, String(error));
    const failure = error.failure;
    if (failure.kind === 'cancelled') throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    if (failure.kind === 'input' || failure.kind === 'usage') throw new ResponseError(ErrorCodes.InvalidParams, failure.message);
    connection.console.error(`${job.kind} failed: ${failure.stack ?? failure.message}`);
    throw new ResponseError(ErrorCodes.InternalError, `${job.kind} failed: ${failure.message}`);
  } finally {
    progress?.done();
    cancellation.dispose();
  }
}

connection.onRequest(AuditRequest, (params, token) => {
  const options = auditOptionsFrom(params.options, settings);
  const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
  return runJob<'audit'>({ kind: 'audit', file: filePath(params.uri), options }, token, progress, 'Auditing');
});

connection.onRequest(ColumnsRequest, (params, token) => runJob<'columns'>({ kind: 'columns', file: filePath(params.uri) }, token));

connection.onRequest(MitigationsRequest, (): MitigationInfo[] =>
  MITIGATIONS.map((method) => ({
    name: method.name,
    summary: method.summary,
    kind: method.kind,
    input: method.input,
    flags: Object.entries(method.flags).map(([name, spec]) => ({ name, type: spec.type, describe: spec.describe })),
  })),
);

connection.onRequest(MitigateRequest, (params, token) => {
  const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
  return runJob<'mitigate'>({ kind: 'mitigate', method: String(params.method), values: flagValuesFrom(params.values) }, token, progress, `Running ${String(params.method)}`);
});

connection.onNotification(FileColumnsNotification, (params) => {
  if (params.options) configuredColumns.set(params.uri, params.options);
  else configuredColumns.delete(params.uri);
  void diagnose(params.uri);
});

connection.onDidOpenTextDocument((params) => void diagnose(params.textDocument.uri));
connection.onDidSaveTextDocument((params) => void diagnose(params.textDocument.uri));
connection.onDidCloseTextDocument((params) => {
  diagnosing.get(params.textDocument.uri)?.abort();
  void connection.sendDiagnostics({ uri: params.textDocument.uri, diagnostics: [] });
});

/** Publishes the diagnostics of a CSV file from a quick audit (bootstrap off, first rows only). */
async function diagnose(uri: string): Promise<void> {
  if (!settings.diagnostics.enabled || !/\.csv$/i.test(uri) || !uri.startsWith('file:')) return;
  diagnosing.get(uri)?.abort();
  const controller = new AbortController();
  diagnosing.set(uri, controller);
  const configured = configuredColumns.get(uri);
  const options: AuditOptions = { ...auditOptionsFrom(configured, settings), bootstrap: 0, maxRows: settings.diagnostics.maxRows };
  try {
    const file = filePath(uri);
    const diagnosis = await runInWorker({ kind: 'diagnose', file, options, configured: configured !== undefined }, { signal: controller.signal });
    const header = await readHeaderCells(file, diagnosis.headerLine, diagnosis.delimiter).catch(() => undefined);
    const diagnostics = diagnosis.report
      ? auditDiagnostics(diagnosis.report, diagnosis.columns, header)
      : diagnosis.failure?.kind === 'input' && (configured || diagnosis.failure.location?.line !== undefined)
        ? [inputErrorDiagnostic(diagnosis.failure.message, diagnosis.failure.location, diagnosis.columns, header)]
        : [];
    if (!controller.signal.aborted) await connection.sendDiagnostics({ uri, diagnostics });
  } catch (error) {
    if (error instanceof JobError && error.failure.kind === 'input') {
      await connection.sendDiagnostics({ uri, diagnostics: [inputErrorDiagnostic(error.failure.message, error.failure.location, [], undefined)] });
    } else if (!(error instanceof JobError && error.failure.kind === 'cancelled')) {
      connection.console.error(`diagnostics of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  } finally {
    if (diagnosing.get(uri) === controller) diagnosing.delete(uri);
  }
}

function filePath(uri: unknown): string {
  try {
    return fileURLToPath(String(uri));
  } catch {
    throw new ResponseError(ErrorCodes.InvalidParams, `not a file on disk: ${String(uri)}`);
  }
}

connection.listen();
