/**
 * Every custom message of Parity, defined once: LSP requests and notifications between the VS Code
 * client and the language server, and the messages between the extension and its webviews. The
 * webview imports this module for types only.
 */
import { NotificationType, NotificationType0, ProtocolRequestType, RequestType, RequestType0, WorkDoneProgressParams } from 'vscode-languageserver-protocol';
import type { AuditReport, PositiveMeans } from './reports/audit';
import type { ProxySeverity } from './reports/leakage';
import type { Comparison, TradeoffIntervals } from './reports/comparison';
import type { MitigationKind, MitigationReport } from './reports/mitigation';
import type { ParametersSchema } from './params';
import type { BaseModelInfo, LabelTask } from './method-tasks';

/** The audit settings the editor can pass; unset fields are inferred as on the command line. */
export interface AuditRequestOptions {
  label?: string;
  prediction?: string;
  score?: string;
  sensitive?: string[];
  positive?: string;
  /** Whether a positive prediction is a benefit or a harm (unset: not stated). */
  positiveMeans?: PositiveMeans;
  threshold?: number;
  /** Only the roles given here (Configure Columns saves every role, "(none)" included): nothing is inferred. */
  exactRoles?: boolean;
  /** `COLUMN=E1,E2,...` bin edges of numeric sensitive columns. */
  bins?: string[];
  bootstrap?: number;
  seed?: number;
  level?: number;
  minGroupSize?: number;
  /** As --min-label-count: classification groups with fewer rows of a label value are set aside. */
  minLabelCount?: number;
  /** As --task, --weight, --reference (`COLUMN=VALUE`, one per column), --groupings and --max-groups. */
  task?: 'classification' | 'multiclass' | 'regression' | 'dataset';
  weight?: string;
  reference?: string[];
  groupings?: ('each' | 'pairs' | 'full')[];
  maxGroups?: number;
}

export interface AuditParams extends WorkDoneProgressParams {
  /**
   * A `file:` URI of a CSV, .csv.gz, Parquet, JSON Lines or Arrow file; with `database`, the
   * editor's name for that table or query (a `parity-db:` URI, not read by the server).
   */
  uri: string;
  options?: AuditRequestOptions;
  database?: DatabaseTarget;
}

/** A table or query of a database (Parity: Audit Database Table…). */
export interface DatabaseTarget {
  /** `duckdb:PATH`, `postgres://USER@HOST:PORT/DB` or `clickhouse://USER@HOST:PORT/DB`, never with a password. */
  source: string;
  /** The password, sealed (common/sealed-secret.ts): it exists only inside the request. */
  sealedPassword?: string;
  /** What to read: one table (quoted as given) or a read-only query. */
  relation: { table: string } | { query: string };
}

/** Runs a full audit in a worker thread; reports work-done progress; cancellable. */
export const AuditRequest = new ProtocolRequestType<AuditParams, AuditReport, never, void, void>('parity/audit');

/** What Configure Columns offers: the file's columns with their inferred kinds and roles. */
export interface ColumnsResult {
  columns: {
    name: string;
    kind: string;
    /** Distinct values among the rows read; a lower bound when `moreValues` (counting stopped there). */
    distinct: number;
    moreValues?: boolean;
    /** The most frequent values (up to 5). */
    examples: string[];
    /** The role its name suggests ("score" for decile_score, "sensitive" for age), whether or not it was inferred: a score question says which are not named like one. */
    named?: string;
    /** A column named like a sensitive attribute: its kind's rank (race 0, sex 3, …; the order of the inferred names), the order a run starts ticking them in. */
    sensitiveRank?: number;
    /** Every value of a column with at most 20 (a label's), and the one inferred as positive. */
    values?: string[];
    positive?: string | undefined;
    /** Numeric columns: the range among the rows read. */
    min?: number;
    max?: number;
    /** Numeric columns of at most 20 values: their median among the rows read (where a cut of the label is suggested). */
    median?: number;
    /**
     * The groups an audit would form of this column as a sensitive attribute, largest first, with
     * their rows among those read: for a column of at most 20 values that is not binned.
     */
    groups?: { value: string; rows: number }[];
  }[];
  inferred: { role: string; column: string; reason: string }[];
  /**
   * When no name says which column is the label, the one the label question offers first, and
   * why (the file's last column); not inferred: the audit does not take it unasked.
   */
  suggestedLabel?: { column: string; reason: string };
  /** Rows read to describe the columns (the whole file, or its first rows when very long), and whether that was the whole file. */
  rowsRead: number;
  wholeFile: boolean;
}

/** `database`: the columns of that table or query; `uri` is then only the editor's name for it. */
export const ColumnsRequest = new RequestType<{ uri: string; database?: DatabaseTarget }, ColumnsResult, void>('parity/columns');

/** The tables and views a database offers to audit (read-only catalog queries), by name. */
export interface TablesResult {
  /** The database, as reports name it (no password). */
  where: string;
  /** `relation`: how to read it (a table of another schema is read by a query with its quoted name). */
  tables: { name: string; schema: string; kind: 'table' | 'view'; relation: DatabaseTarget['relation'] }[];
}

export const TablesRequest = new RequestType<Omit<DatabaseTarget, 'relation'>, TablesResult, void>('parity/tables');

/** A mitigation method as the editor offers it, with the JSON Schema of its parameters. */
export interface MitigationInfo {
  name: string;
  title: string;
  summary: string;
  /** What it does and when to use it, in plain words. */
  description: string;
  kind: MitigationKind;
  /** The labels it makes fair: a yes/no label (classification), a numeric target (regression), or both. */
  tasks: readonly LabelTask[];
  input: 'training-data' | 'model-output';
  /** A model-output method that, given none of its model-output columns, fits its own base model on a label of this task. */
  baseModel?: BaseModelInfo;
  parameters: ParametersSchema;
  /** For a method that takes minutes: how long, measured ("slow: 34 s on 10,000 rows with 2 groups, …"). */
  slow?: string;
}

export const MitigationsRequest = new RequestType0<MitigationInfo[], void>('parity/mitigations');

/** The JSON Schema of the audit's options or the comparison's parameters (for the editor's questions). */
export const ParametersRequest = new RequestType<{ command: 'audit' | 'compare' }, ParametersSchema, void>('parity/parameters');

/**
 * Runs `parity mitigate METHOD` with typed parameters, validated by the method's schema (the
 * keys of MitigationInfo.parameters, e.g. { train: '/abs/train.csv', label: 'y', sensitive: ['sex'],
 * tolerance: 0.01, sweep: true }).
 */
export interface MitigateParams extends WorkDoneProgressParams {
  method: string;
  params: Record<string, unknown>;
}

export const MitigateRequest = new ProtocolRequestType<MitigateParams, MitigationReport, never, void, void>('parity/mitigate');

/** `parity compare` with typed parameters: train, test, label, sensitive, positive?, methods?, fairnessMetric?, out?. */
export interface CompareParams extends WorkDoneProgressParams {
  params: Record<string, unknown>;
}

/** Runs `parity compare` in a worker thread; reports work-done progress per method; cancellable. */
export const CompareRequest = new ProtocolRequestType<CompareParams, Comparison, never, void, void>('parity/compare');

/**
 * Export Report: the rendered report, written by the server through Parity's output guard:
 * refused over any of `inputs` (the files the report was made from, links included), and
 * written to a temporary file renamed into place.
 */
export interface ExportParams {
  uri: string;
  text: string;
  inputs: string[];
}

export const ExportRequest = new RequestType<ExportParams, void, void>('parity/export');

/** The audited file and its sensitive columns and label: which columns leak those attributes. */
export interface ProxiesParams {
  /** A `file:` URI (a database's `parity-db:` URI gets `checked: false`). */
  uri: string;
  sensitive: string[];
  label: string | null;
  /** The audited score or prediction columns: not proxies (absent: none). */
  audited?: string[];
}

/**
 * The proxies of an audited file for its report panel: the language server's leakage figures (the
 * ones its diagnostics publish, measured once on a sample and kept), under the thresholds and
 * ignored proxies of the settings; or why they were not checked.
 */
export type ProxyFindings =
  | { checked: false; reason: string }
  | {
      checked: true;
      /** The rows measured: a seeded random sample of `totalRows` when `sampled`; those the file's first when `firstRows`. */
      sample: { rows: number; totalRows: number; sampled: boolean; firstRows?: true };
      /** Strong first, then by AUC. */
      proxies: { column: string; sensitive: string; severity: ProxySeverity; auc: number; cramersV: number }[];
      /** Sensitive attributes the columns predict together (joint AUC at or above the threshold), largest contributions first. */
      joint: { sensitive: string; auc: number; contributions: { column: string; importance: number }[] }[];
      /** Proxies left out because the user ignored them (setting parity.leakage.ignored). */
      ignored: number;
    };

export const ProxiesRequest = new RequestType<ProxiesParams, ProxyFindings, void>('parity/proxies');

/** The column roles the user chose for a file (Configure Columns), used by its diagnostics. */
export interface FileColumnsParams {
  uri: string;
  options: AuditRequestOptions | null;
}

export const FileColumnsNotification = new NotificationType<FileColumnsParams>('parity/fileColumns');

/**
 * A Parquet or Arrow file was opened in an editor tab (open: true) or its last tab closed: such
 * files have no text document, so the client says it, and their diagnostics follow as a CSV
 * file's follow its document.
 */
export const DataFileNotification = new NotificationType<{ uri: string; open: boolean }>('parity/dataFile');

/**
 * Server → client: the server applied new leakage settings (an ignored proxy, its undo, new
 * thresholds). The open audit panels ask for their proxies again: asked before, they could get
 * the settings the server held until then.
 */
export const LeakageSettingsNotification = new NotificationType0('parity/leakageSettings');

/** Extension → webview. `state` restores the view (tab, sort) after a reload. */
export type PanelContent = AuditContent | { kind: 'mitigation'; report: MitigationReport } | { kind: 'comparison'; comparison: ComparisonView };

export interface AuditContent {
  kind: 'audit';
  report: AuditReport;
  /** The request that made the report (the file or `parity-db:` URI and its options): an audit against another reference repeats it. */
  request?: { uri: string; options?: AuditRequestOptions };
  /** The file's proxies; undefined until the panel has asked for them. */
  proxies?: ProxyFindings;
  /** Settings changed since the audit ran, in words ("bootstrap resamples 200 → 50"): Audit again applies them. */
  staleSettings?: string[];
}

/** The trade-off view of a comparison: one series per method, the Pareto front marked. */
export interface ComparisonView {
  title: string;
  /** comparison.json's files: the panel is named after the training file and identified by the folder. */
  files?: { train: string; test: string; out: string };
  /** The rows every point is measured on, in words: the held-out file's name, or the held-out share of the training file. */
  scoredOn?: string;
  /** The warning when the held-out file holds many training rows (comparison.json's `sharedWithTraining`). */
  sharedRows?: string;
  fairnessMetric: string;
  reference: { accuracy: number | null; fairness: number | null; intervals?: TradeoffIntervals; largeGroups?: LargeGroupsFigure } | null;
  /** comparison.json's `largeGroups`: the groups of at least minGroupSize rows (absent from older comparisons). */
  largeGroups?: { minGroupSize: number; minLabelCount?: number; groups: number; allGroups: number };
  points: ComparisonViewPoint[];
  /** How the intervals were drawn (comparison.json's `bootstrap`), when there are any. */
  bootstrap?: Comparison['bootstrap'];
  /** Methods that failed, with their error (shown under the plot). */
  failed?: { method: string; error: string }[];
  /** Methods that ran but have no point to plot (a regression method: no accuracy nor a gap of decisions), each with why. */
  unplotted?: { method: string; reason: string }[];
  /** Which rows each method was fitted on (comparison.json's methods[].protocol.fittedOn). */
  fittedOn?: { method: string; rows: 'train' | 'train-out-of-fold' | 'test' }[];
  /** Methods whose report's "before" is their own unmitigated learner, not the unmitigated model (comparison.json's methods[].ownBaseline). */
  ownBaselines?: { method: string; baseline: string }[];
  /** The fairness criterion each method that has one was fitted for (comparison.json's methods[].criterion). */
  criteria?: { method: string; criterion: string }[];
}

export interface ComparisonViewPoint {
  method: string;
  parameter: string;
  value: number;
  accuracy: number | null;
  fairness: number | null;
  pareto: boolean;
  /** The run's report.json. */
  report?: string;
  /** The point's setting in that report's sweep (`tradeoff[sweepIndex]`); null: the run's own result. */
  sweepIndex?: number | null;
  /** Pareto-optimal points: the intervals of accuracy and fairness. */
  intervals?: TradeoffIntervals;
  /** The fairness gap over the groups of adequate size, with its own front and intervals. */
  largeGroups?: LargeGroupsFigure & { pareto: boolean };
}

/** A model's fairness gap over the groups of at least the comparison's minGroupSize rows, and the intervals of its accuracy and that gap. */
export interface LargeGroupsFigure {
  fairness: number | null;
  intervals?: TradeoffIntervals;
}

/** What the panel shows, saved by the webview and restored after a reload. */
export interface PanelViewState {
  /** The open tab of the view. */
  tab?: number;
  /** Audit: index of the grouping shown. */
  grouping?: number;
  /** Audit: the chosen reference group of that grouping (its values as JSON). */
  reference?: string;
  /** Per table id, the sorted column. */
  sorts?: Record<string, { column: string; descending: boolean }>;
  /** Mitigation: the sweep point shown as "after" (null: the run's own result). */
  sweepIndex?: number | null;
  /** Trade-off plots: every point, instead of the region around the front. */
  showAll?: boolean;
  /** Compare Methods (default all) and a mitigation's sweep (default large): the fairness gap plotted over all groups, or over those of adequate size. */
  groups?: 'all' | 'large';
  /** Trade-off plots: the window zoomed or panned to (absent: the default view), kept when the panel is hidden and shown again. */
  zoom?: { x: [number, number]; y: [number, number] };
  /** Audit: what an HTML or Markdown export holds, every grouping (default) or only the one shown. JSON always holds every grouping. */
  exportGroupings?: 'all' | 'shown';
}

/**
 * `keepView`: new content for what the page shows (a new run of the same audit, its proxies): the
 * page keeps its own view, which may be newer than the extension's `view` (its last report of it).
 */
export type ExtensionToWebview = { type: 'show'; content: PanelContent; view: PanelViewState; keepView?: boolean } | { type: 'error'; message: string };

/** The files a mitigation run writes beside its report.json that its panel opens. */
export type MitigationOutput = 'predictions' | 'model';

/** Webview → extension. */
export type WebviewToExtension =
  | { type: 'ready' }
  | { type: 'export'; format: ExportFormat }
  /** A trade-off point was clicked: open that run's report showing that setting as "after". */
  | { type: 'openReport'; path: string; sweepIndex: number | null; method: string; setting: string }
  /** From an audit: run a mitigation on the audited file. */
  | { type: 'runMitigation' }
  /** From an audit: a reference group was chosen (its values by column): audit again against it, for its intervals. */
  | { type: 'chooseReference'; group: Record<string, string> }
  /** From an audit without proxy findings: ask the language server for them. */
  | { type: 'proxies' }
  /** From a dataset audit without a label: Configure Columns of the audited file, then audit again. */
  | { type: 'configureColumns' }
  /** From a mitigation run: open one of the files it wrote beside report.json (the panel's report names it, not the page). */
  | { type: 'openOutput'; file: MitigationOutput }
  /** From an audit whose settings changed since it ran: the same audit again, with the settings of now. */
  | { type: 'auditAgain' }
  /** From an audit whose header says "not stated": say what a positive prediction means. */
  | { type: 'setPositiveMeans' }
  /** From an audit's Proxies table: the quick fixes of the proxy's diagnostic, for any file (Parquet and Arrow files have no editor to show them). */
  | { type: 'fixProxy'; fix: ProxyFix; column: string; sensitive: string }
  | { type: 'viewState'; view: PanelViewState };

export type ExportFormat = 'html' | 'markdown' | 'json';

/** Every report (audit, mitigation, comparison) exports in each of these. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['html', 'markdown', 'json'];

/** A proxy's quick fixes: make the column a sensitive attribute of the file, or stop flagging it as a proxy of that attribute. */
export type ProxyFix = 'markSensitive' | 'ignore';
