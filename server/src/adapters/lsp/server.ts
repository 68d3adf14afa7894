import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CancellationToken,
  CodeActionKind,
  createConnection,
  NotebookCellKind,
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
import { isIgnored } from '../../../../common/leakage-settings';
import { editorAdvice, type InputErrorData } from '../../../../common/input-errors';
import { formatInputError } from '../../engine/errors';
import { pipelineCodeActions } from './pipeline-diagnostics';
import { analyzeCode, cellDiagnostics, fileDiagnostics, type CodeDiagnosis, type PipelineContext, type PipelineLimits } from './pipeline';
import { LatestAnalysis } from './latest-analysis';
import { CsvDiagnostics } from './csv-diagnostics';
import { proxyCheckOptions } from './proxy-rows';
import { inputCodeActions } from './input-actions';
import { auditOptionsFrom, compareParamsFrom, mitigationParamsFrom } from './params';
import { writeExport } from './export';
import { describeParameters } from '../../params/schema';
import { DEFAULT_SETTINGS, ParitySettings, readSettings } from '../../../../common/settings';
import { forEditor } from '../../../../common/params';
import {
  AuditRequest,
  AuditRequestOptions,
  ColumnsRequest,
  CompareRequest,
  DataFileNotification,
  ExportRequest,
  FileColumnsNotification,
  MitigateRequest,
  MitigationInfo,
  MitigationsRequest,
  ParametersRequest,
  ProxiesRequest,
  LeakageSettingsNotification,
  TablesRequest,
} from '../../../../common/protocol';
import type { LeakageResult } from '../../../../common/reports/leakage';
import { proxyFindings } from './leakage-diagnostics';
import { databaseSource, databaseTables } from './databases';
import { AUDIT_OPTIONS } from '../../services/audit-params';
import { COMPARE_PARAMS } from '../../services/compare-params';
import { mitigationInfos } from '../../services/mitigation-infos';
import type { Job, JobResults } from '../worker/jobs';
import { JobError, runInWorker } from '../worker/pool';

// A request cancelled while it still waits in the connection's queue is answered at once and
// never dispatched.
const connection = createConnection(ProposedFeatures.all, {
  cancelUndispatched: (message: Message): ResponseMessage => ({
    jsonrpc: '2.0',
    id: (message as RequestMessage).id,
    error: new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled').toJson(),
  }),
});
const documents = new TextDocuments(TextDocument);
const notebooks = new NotebookDocuments(TextDocument);
let workspaceRoot: string | undefined;
let settings: ParitySettings = DEFAULT_SETTINGS;
/** Column roles chosen with Configure Columns, by file URI. */
const configuredColumns = new Map<string, AuditRequestOptions>();
const csvDiagnostics = new CsvDiagnostics(connection, () => settings, configuredColumns);

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
  const previous = JSON.stringify(settings);
  const previousLeakage = JSON.stringify(settings.leakage);
  settings = readSettings(await connection.workspace.getConfiguration('parity').catch(() => undefined));
  // Ignored proxies and thresholds apply at once, without a new check of the files.
  if (JSON.stringify(settings) !== previous) await csvDiagnostics.republish();
  if (JSON.stringify(settings.leakage) !== previousLeakage) void connection.sendNotification(LeakageSettingsNotification);
}

/**
 * Runs a job in a worker thread on behalf of a request: LSP cancellation aborts the job,
 * progress goes to the client's work-done progress, failures become error responses (the
 * server itself never goes down with a job).
 */
async function runJob<K extends Job['kind']>(
  job: Extract<Job, { kind: K }>,
  token: CancellationToken,
  progress?: WorkDoneProgressReporter,
  title = '',
): Promise<JobResults[K]> {
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
    if (failure.kind === 'usage') throw new ResponseError(ErrorCodes.InvalidParams, failure.message);
    if (failure.kind === 'input') {
      // In the editor's words when the editor can fix it; the client offers the fix from `data`.
      const message = failure.fix ? formatInputError(`${failure.detail}. ${editorAdvice(failure.fix)}`, failure.location) : failure.message;
      const data: InputErrorData = {
        detail: failure.detail,
        ...(failure.location ? { location: failure.location } : {}),
        ...(failure.fix ? { fix: failure.fix } : {}),
        ...(failure.database ? { database: failure.database } : {}),
      };
      throw new ResponseError(ErrorCodes.InvalidParams, message, data);
    }
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
  // A database table or query: the URL with its password and the relation, for this job only.
  const { file, relation } = params.database ? databaseSource(params.database) : { file: filePath(params.uri), relation: undefined };
  return runJob<'audit'>({ kind: 'audit', file, options: relation ? { ...options, relation } : options }, token, progress, 'Auditing');
});

connection.onRequest(ColumnsRequest, (params, token) =>
  runJob<'columns'>({ kind: 'columns', ...(params.database ? databaseSource(params.database) : { file: filePath(params.uri) }) }, token),
);

connection.onRequest(TablesRequest, (params, token) => databaseTables(params, token));

connection.onRequest(MitigationsRequest, (): MitigationInfo[] => mitigationInfos());

connection.onRequest(ParametersRequest, (params) => forEditor(describeParameters(params.command === 'audit' ? AUDIT_OPTIONS : COMPARE_PARAMS)));

connection.onRequest(MitigateRequest, (params, token) => {
  const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
  return runJob<'mitigate'>(
    { kind: 'mitigate', method: String(params.method), params: mitigationParamsFrom(String(params.method), params.params, settings), naming: 'title' },
    token,
    progress,
    `Running ${String(params.method)}`,
  );
});

connection.onRequest(CompareRequest, (params, token) => {
  const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
  return runJob<'compare'>({ kind: 'compare', options: compareParamsFrom(params.params, settings) }, token, progress, 'Comparing methods');
});

connection.onRequest(ExportRequest, writeExport);

// An audit panel's proxies: the figures the file's diagnostics have, or measured now (and kept for them).
connection.onRequest(ProxiesRequest, async (params, token) => {
  if (!settings.leakage.enabled) return { checked: false, reason: 'leakage checks are off (setting parity.leakage.enabled)' };
  if (!String(params.uri).startsWith('file:')) return { checked: false, reason: 'proxies are checked in data files, not in database tables or queries' };
  const sensitive = Array.isArray(params.sensitive) ? params.sensitive.map(String) : [];
  const label = typeof params.label === 'string' ? params.label : undefined;
  const audited = Array.isArray(params.audited) ? params.audited.map(String) : [];
  await csvDiagnostics.settled(params.uri);
  const result = await leakageOf(params.uri, filePath(params.uri), { sensitive, label, audited }, (job) => runJob<'leakage'>(job, token));
  return proxyFindings(result, settings.leakage);
});

/**
 * The leakage figures of a data file for these sensitive columns (with the label and the audited
 * score or prediction left out of the candidates): those its diagnostics measured when they cover
 * the columns, else measured now by `measure` and kept for the file's hovers, Python analyses and panels.
 */
async function leakageOf(
  uri: string,
  file: string,
  columns: { sensitive: readonly string[]; label: string | undefined; audited: readonly string[] },
  measure: (job: Extract<Job, { kind: 'leakage' }>) => Promise<LeakageResult> = (job) => runInWorker(job),
): Promise<LeakageResult> {
  const { sensitive, label, audited } = columns;
  const known = csvDiagnostics.leakageOf(uri);
  const knownAudited = (known?.audited ?? []).filter((a) => a.encodes === undefined).map((a) => a.column);
  if (
    known &&
    sensitive.every((column) => known.sensitive.includes(column)) &&
    (label === undefined || known.label === label) &&
    audited.length === knownAudited.length &&
    audited.every((column) => knownAudited.includes(column))
  )
    return known;
  const result = await measure({
    kind: 'leakage',
    file,
    options: proxyCheckOptions(settings, configuredColumns.get(uri), { sensitive, label, audited }),
  });
  csvDiagnostics.rememberLeakage(uri, result);
  return result;
}

connection.onNotification(FileColumnsNotification, (params) => {
  if (params.options) configuredColumns.set(params.uri, params.options);
  else configuredColumns.delete(params.uri);
  void csvDiagnostics.diagnose(params.uri, unsavedText(params.uri));
});

connection.onNotification(DataFileNotification, (params) => void (params.open ? csvDiagnostics.diagnose(params.uri) : csvDiagnostics.closed(params.uri)));

// Python files and notebooks are analysed once per version of their text (opening one is its
// first change); saving changes nothing to analyse.
documents.onDidOpen(({ document }) => {
  if (!isPython(document)) void csvDiagnostics.opened(document);
});
documents.onDidSave(({ document }) => {
  if (!isPython(document)) void csvDiagnostics.saved(document);
});
documents.onDidChangeContent(({ document }) => {
  if (isPython(document)) codeAnalyses.schedule(document.uri, TYPING_PAUSE_MS, (signal) => diagnosePythonFile(document.uri, signal));
  else csvDiagnostics.changed(document);
});
documents.onDidClose(({ document }) => {
  codeAnalyses.stop(document.uri);
  void csvDiagnostics.closed(document.uri);
});
notebooks.onDidOpen((notebook) => codeAnalyses.schedule(notebook.uri, TYPING_PAUSE_MS, (signal) => diagnoseNotebook(notebook.uri, signal)));
notebooks.onDidChange(({ notebookDocument }) =>
  codeAnalyses.schedule(notebookDocument.uri, TYPING_PAUSE_MS, (signal) => diagnoseNotebook(notebookDocument.uri, signal)),
);
notebooks.onDidClose((notebook) => {
  codeAnalyses.stop(notebook.uri);
  for (const cell of notebook.cells) void connection.sendDiagnostics({ uri: cell.document, diagnostics: [] });
});

function isPython(document: TextDocument): boolean {
  return document.languageId === 'python';
}

/** The editor's text of a CSV file while it has unsaved edits (undefined: read the file on disk). */
function unsavedText(uri: string): string | undefined {
  const document = documents.get(uri);
  return document && csvDiagnostics.isUnsaved(document) ? document.getText() : undefined;
}

connection.onHover((params) => csvDiagnostics.hover(params.textDocument.uri, params.position));

connection.onCodeAction((params) => [
  ...inputCodeActions(params.textDocument.uri, params.context.diagnostics),
  ...leakageCodeActions(params.textDocument.uri, params.context.diagnostics),
  ...pipelineCodeActions(params.textDocument.uri, params.context.diagnostics),
]);

const pipelineContext: PipelineContext = {
  get workspaceRoot() {
    return workspaceRoot;
  },
  wasmDir: __dirname,
  async datasetSensitive(file) {
    const uri = pathToFileURL(file).toString();
    const result = csvDiagnostics.leakageOf(uri);
    if (result) return { sensitive: result.sensitive, proxiesKnown: true };
    const sensitive =
      configuredColumns.get(uri)?.sensitive ??
      (await runInWorker({ kind: 'columns', file })).inferred.filter((r) => r.role === 'sensitive').map((r) => r.column);
    return { sensitive, proxiesKnown: false };
  },
  async datasetFacts(file, sensitive) {
    const uri = pathToFileURL(file).toString();
    let result = csvDiagnostics.leakageOf(uri);
    if (!result) {
      if (sensitive.length === 0) return { sensitive: [], proxies: [] };
      const configured = configuredColumns.get(uri);
      const audited = [configured?.score, configured?.prediction].filter((column): column is string => column !== undefined);
      result = await leakageOf(uri, file, { sensitive: [...sensitive], label: configured?.label, audited });
    }
    const proxies = result.flagged
      .filter((p) => !isIgnored(settings.leakage, p.column, p.sensitive))
      .map((p) => ({ column: p.column, sensitive: p.sensitive, severity: p.severity }));
    return { sensitive: result.sensitive, proxies };
  },
};

/** Python files and notebooks: one analysis at a time per document, of its latest version. */
const codeAnalyses = new LatestAnalysis();
/** How long typing must pause before the code is analysed again. */
const TYPING_PAUSE_MS = 300;

function pipelineLimits(): PipelineLimits {
  return { maxMegabytes: settings.leakage.maxPythonFileSize, budgetSeconds: settings.leakage.pythonTimeBudget };
}

async function diagnosePythonFile(uri: string, signal: AbortSignal): Promise<void> {
  const document = documents.get(uri);
  if (!document || !settings.leakage.enabled || !uri.startsWith('file:')) return;
  try {
    const publish = async (diagnosis: CodeDiagnosis) => {
      if (!signal.aborted) await connection.sendDiagnostics({ uri, diagnostics: fileDiagnostics(diagnosis) });
    };
    await publish(await analyzeCode(pipelineContext, fileURLToPath(uri), { python: document.getText() }, pipelineLimits(), signal, publish));
  } catch (error) {
    logCodeFailure(uri, error);
  }
}

/** A notebook is analysed from its code cells as the editor holds them; diagnostics go to each cell's document. */
async function diagnoseNotebook(uri: string, signal: AbortSignal): Promise<void> {
  const notebook = notebooks.getNotebookDocument(uri);
  if (!notebook || !settings.leakage.enabled || !uri.startsWith('file:')) return;
  try {
    // Indices count every cell, Markdown included, as the .ipynb does.
    const cells = notebook.cells.flatMap((cell, index) => {
      const document = cell.kind === NotebookCellKind.Code ? notebooks.getCellTextDocument(cell) : undefined;
      return document?.languageId === 'python' ? [{ index, source: document.getText() }] : [];
    });
    const publish = async (diagnosis: CodeDiagnosis) => {
      if (signal.aborted) return;
      const byCell = cellDiagnostics(diagnosis, cells[0]?.index ?? 0);
      await Promise.all(notebook.cells.map((cell, index) => connection.sendDiagnostics({ uri: cell.document, diagnostics: byCell.get(index) ?? [] })));
    };
    await publish(await analyzeCode(pipelineContext, fileURLToPath(uri), { cells }, pipelineLimits(), signal, publish));
  } catch (error) {
    logCodeFailure(uri, error);
  }
}

function logCodeFailure(uri: string, error: unknown): void {
  if (error instanceof JobError && error.failure.kind === 'cancelled') return; // a newer version is being analysed
  const detail =
    error instanceof JobError
      ? error.failure.kind === 'internal'
        ? (error.failure.stack ?? error.failure.message)
        : error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  connection.console.error(`pipeline diagnostics of ${uri} failed: ${detail}`);
}

function filePath(uri: unknown): string {
  try {
    return fileURLToPath(String(uri));
  } catch {
    throw new ResponseError(ErrorCodes.InvalidParams, `not a file on disk: ${String(uri)}`);
  }
}

connection.onShutdown(() => csvDiagnostics.dispose());

documents.listen(connection);
notebooks.listen(connection);
connection.listen();
