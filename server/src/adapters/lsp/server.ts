import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CancellationToken,
  CodeActionKind,
  Diagnostic,
  createConnection,
  MarkupKind,
  NotebookDocuments,
  TextDocuments,
  ErrorCodes,
  LSPErrorCodes,
  ProposedFeatures,
  Message,
  RequestMessage,
  ResponseError,
  ResponseMessage,
  TextDocumentSyncKind,
  WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { leakageCodeActions } from './leakage-actions';
import { csvLeakageDiagnostics, leakageHover } from './leakage-diagnostics';
import { isIgnored } from '../../../../common/leakage-settings';
import { pipelineCodeActions } from './pipeline-diagnostics';
import type { AuditOptions } from '../../engine/audit/options';
import type { LeakageResult } from '../../../../common/reports/leakage';
import { diagnoseNotebookFile, diagnosePythonSource, PipelineContext } from './pipeline';
import { auditDiagnostics, inputErrorDiagnostic } from './audit-diagnostics';
import { backgroundProgress } from './background-progress';
import { HeaderCells, readHeaderCells } from './header';
import { auditOptionsFrom, compareParamsFrom, mitigationParamsFrom } from './params';
import { writeExport } from './export';
import { describeParameters } from '../../params/schema';
import { DEFAULT_SETTINGS, ParitySettings, readSettings } from '../../../../common/settings';
import { MITIGATIONS } from '../../methods/registry';
import {
  AuditRequest,
  AuditRequestOptions,
  ColumnsRequest,
  CompareRequest,
  ExportRequest,
  FileColumnsNotification,
  MitigateRequest,
  MitigationInfo,
  MitigationsRequest,
} from '../../../../common/protocol';
import type { Diagnosis, Job, JobResults } from '../worker/jobs';
import { JobError, runInWorker } from '../worker/pool';

// A request cancelled while it still waits in the connection's queue is answered at once and
// never dispatched.
const connection = createConnection(ProposedFeatures.all, {
  cancelUndispatched: (message: Message): ResponseMessage => ({ jsonrpc: '2.0', id: (message as RequestMessage).id, error: new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled').toJson() }),
});
const documents = new TextDocuments(TextDocument);
const notebooks = new NotebookDocuments(TextDocument);
let workspaceRoot: string | undefined;
/** The header cells of each diagnosed CSV file (for hovers). */
const headers = new Map<string, HeaderCells>();
let settings: ParitySettings = DEFAULT_SETTINGS;
/** Column roles chosen with Configure Columns, by file URI. */
const configuredColumns = new Map<string, AuditRequestOptions>();
/** The latest leakage figures of each CSV file, for hovers and for pipeline code that loads it. */
const leakageResults = new Map<string, LeakageResult>();
/** The running diagnostics job of each file: a newer save cancels it. */
const diagnosing = new Map<string, AbortController>();

connection.onInitialize((params) => {
  workspaceRoot = params.workspaceFolders?.[0]?.uri ? fileURLToPath(params.workspaceFolders[0].uri) : undefined;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, save: true, change: TextDocumentSyncKind.Incremental },
      // Every cell, Markdown included: findings are placed by the cell's position in the .ipynb.
      notebookDocumentSync: { notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' } }], save: true },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'parity' },
  };
});

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
  // A request cancelled before it was dispatched gets a token that is already cancelled and
  // whose event never fires: check it, or the job would run to its end.
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
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
    if (failure.kind === 'busy' || failure.kind === 'memory') throw new ResponseError(LSPErrorCodes.RequestFailed, failure.message);
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
    title: method.title,
    summary: method.summary,
    description: method.description,
    kind: method.kind,
    input: method.input,
    parameters: describeParameters(method.params),
  })),
);

connection.onRequest(MitigateRequest, (params, token) => {
  const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
  return runJob<'mitigate'>({ kind: 'mitigate', method: String(params.method), params: mitigationParamsFrom(params.params, settings), naming: 'title' }, token, progress, `Running ${String(params.method)}`);
});

connection.onRequest(CompareRequest, (params, token) => {
  const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
  return runJob<'compare'>({ kind: 'compare', options: compareParamsFrom(params.params, settings) }, token, progress, 'Comparing methods');
});

connection.onRequest(ExportRequest, writeExport);

connection.onNotification(FileColumnsNotification, (params) => {
  if (params.options) configuredColumns.set(params.uri, params.options);
  else configuredColumns.delete(params.uri);
  void diagnose(params.uri);
});

documents.onDidOpen(({ document }) => void diagnoseDocument(document));
documents.onDidSave(({ document }) => void diagnoseDocument(document));
documents.onDidChangeContent(({ document }) => {
  if (document.languageId === 'python') schedulePipeline(document.uri, () => diagnosePipeline(document.uri, document.getText()));
});
documents.onDidClose(({ document }) => {
  diagnosing.get(document.uri)?.abort();
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});
notebooks.onDidOpen((notebook) => void diagnoseNotebook(notebook.uri));
notebooks.onDidSave((notebook) => void diagnoseNotebook(notebook.uri));

function diagnoseDocument(document: TextDocument): Promise<void> {
  return document.languageId === 'python' ? diagnosePipeline(document.uri, document.getText()) : diagnose(document.uri);
}

// Hovers on a CSV header cell show the column's leakage figures (header read from disk).
connection.onHover((params) => {
  const result = leakageResults.get(params.textDocument.uri);
  const header = headers.get(params.textDocument.uri);
  if (!result || !header || params.position.line !== header.line) return null;
  const index = header.cells.findIndex((cell) => params.position.character >= cell.start && params.position.character <= cell.end);
  const column = index >= 0 ? result.columnNames[index] : undefined;
  const text = column === undefined ? undefined : leakageHover(result, column);
  return text ? { contents: { kind: MarkupKind.Markdown, value: text } } : null;
});

connection.onCodeAction((params) => [
  ...leakageCodeActions(params.textDocument.uri, params.context.diagnostics),
  ...pipelineCodeActions(params.textDocument.uri, params.context.diagnostics),
]);

/** Publishes the diagnostics of a CSV file from a quick audit (bootstrap off, first rows only). */
async function diagnose(uri: string): Promise<void> {
  if (!settings.diagnostics.enabled || !/\.csv$/i.test(uri) || !uri.startsWith('file:')) return;
  diagnosing.get(uri)?.abort();
  const controller = new AbortController();
  diagnosing.set(uri, controller);
  const configured = configuredColumns.get(uri);
  const options: AuditOptions = { ...auditOptionsFrom(configured, settings), bootstrap: 0, maxRows: settings.diagnostics.maxRows };
  const progress = backgroundProgress(connection, `Parity: checking ${path.basename(filePath(uri))}`);
  try {
    const file = filePath(uri);
    const leakage = { enabled: settings.leakage.enabled, sampleSize: settings.leakage.sampleSize, jointRows: settings.leakage.jointSampleSize };
    const publish = async (diagnosis: Diagnosis) => {
      const diagnostics = await diagnosticsOf(uri, file, diagnosis);
      if (!controller.signal.aborted) await connection.sendDiagnostics({ uri, diagnostics });
    };
    let published = Promise.resolve();
    const diagnosis = await runInWorker(
      { kind: 'diagnose', file, options, configured: configured !== undefined, leakage },
      { signal: controller.signal, onProgress: (p) => progress.report(p), onPartial: (first) => (published = publish(first)) },
    );
    await published; // the first look never lands after the full diagnosis
    await publish(diagnosis);
  } catch (error) {
    if (error instanceof JobError && error.failure.kind === 'input') {
      await connection.sendDiagnostics({ uri, diagnostics: [inputErrorDiagnostic(error.failure.message, error.failure.location, [], undefined)] });
    } else if (!(error instanceof JobError && error.failure.kind === 'cancelled')) {
      connection.console.error(`diagnostics of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  } finally {
    progress.done();
    if (diagnosing.get(uri) === controller) diagnosing.delete(uri);
  }
}

/** The diagnostics of a CSV file from its diagnosis; remembers its header and leakage figures for hovers. */
async function diagnosticsOf(uri: string, file: string, diagnosis: Diagnosis): Promise<Diagnostic[]> {
  const header = await readHeaderCells(file, diagnosis.headerLine, diagnosis.delimiter).catch(() => undefined);
  if (header) headers.set(uri, header);
  if (diagnosis.leakage) leakageResults.set(uri, diagnosis.leakage);
  else leakageResults.delete(uri);
  if (diagnosis.report) {
    return [
      ...auditDiagnostics(diagnosis.report, diagnosis.columns, header),
      ...(diagnosis.leakage && header ? csvLeakageDiagnostics(uri, header.line, header.text, diagnosis.leakage, settings.leakage) : []),
    ];
  }
  return diagnosis.failure?.kind === 'input' && (diagnosis.relevant || diagnosis.failure.location?.line !== undefined)
    ? [inputErrorDiagnostic(diagnosis.failure.message, diagnosis.failure.location, diagnosis.columns, header)]
    : [];
}

const pipelineContext: PipelineContext = {
  get workspaceRoot() {
    return workspaceRoot;
  },
  wasmDir: __dirname,
  async datasetFacts(file) {
    const uri = pathToFileURL(file).toString();
    let result = leakageResults.get(uri);
    if (!result) {
      const sensitive = configuredColumns.get(uri)?.sensitive ?? (await runInWorker({ kind: 'columns', file })).inferred.filter((r) => r.role === 'sensitive').map((r) => r.column);
      if (sensitive.length === 0) return { sensitive: [], proxies: [] };
      result = await runInWorker({ kind: 'leakage', file, options: { sensitive, label: configuredColumns.get(uri)?.label, sampleSize: settings.leakage.sampleSize } });
      leakageResults.set(uri, result);
    }
    const proxies = result.flagged.filter((p) => !isIgnored(settings.leakage, p.column, p.sensitive)).map((p) => ({ column: p.column, sensitive: p.sensitive, severity: p.severity }));
    return { sensitive: result.sensitive, proxies };
  },
};

/** Pending re-analyses of edited Python files: typing pauses before the code is parsed again. */
const pipelineTimers = new Map<string, NodeJS.Timeout>();

function schedulePipeline(uri: string, run: () => Promise<void>): void {
  clearTimeout(pipelineTimers.get(uri));
  pipelineTimers.set(uri, setTimeout(() => void run(), 400));
}

async function diagnosePipeline(uri: string, text: string): Promise<void> {
  if (!settings.leakage.enabled || !uri.startsWith('file:')) return;
  try {
    await connection.sendDiagnostics({ uri, diagnostics: await diagnosePythonSource(pipelineContext, fileURLToPath(uri), text) });
  } catch (error) {
    connection.console.error(`pipeline diagnostics of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

/** A notebook is analysed from its saved .ipynb; diagnostics go to each cell's document. */
async function diagnoseNotebook(uri: string): Promise<void> {
  const notebook = notebooks.getNotebookDocument(uri);
  if (!notebook || !settings.leakage.enabled || !uri.startsWith('file:')) return;
  try {
    const file = fileURLToPath(uri);
    const byCell = await diagnoseNotebookFile(pipelineContext, file, await readFile(file, 'utf8'));
    // The .ipynb counts every cell; the editor's notebook lists them in the same order.
    await Promise.all(notebook.cells.map((cell, index) => connection.sendDiagnostics({ uri: cell.document, diagnostics: byCell.get(index) ?? [] })));
  } catch (error) {
    connection.console.error(`notebook diagnostics of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

function filePath(uri: unknown): string {
  try {
    return fileURLToPath(String(uri));
  } catch {
    throw new ResponseError(ErrorCodes.InvalidParams, `not a file on disk: ${String(uri)}`);
  }
}

documents.listen(connection);
notebooks.listen(connection);
connection.listen();
