/**
 * The audit result: the JSON written by `parity audit --format json` and sent to the editor.
 * Documented in docs/audit-json.md; bump SCHEMA_VERSION on any incompatible change.
 * Metric values that cannot be estimated are null, with the reason in the matching `notes` entry.
 */
export type TaskKind = 'classification' | 'multiclass' | 'regression' | 'dataset';

export type Role = 'label' | 'prediction' | 'score' | 'sensitive';

export interface RoleInference {
  role: Role;
  column: string;
  /** Why the column was chosen, e.g. "name matches 'race'". */
  reason: string;
}

export const SCHEMA_VERSION = 2;

/** A regression audit's per-group metrics, in the order reports list them. */
export const REGRESSION_METRICS = [
  'mean_target',
  'mean_prediction',
  'mean_error',
  'mean_absolute_error',
  'mean_squared_error',
  'root_mean_squared_error',
  'r2',
] as const;

/**
 * What a positive prediction means for the person it is about: a benefit (a loan granted) or a
 * harm (predicted to reoffend). It decides which side of a selection-rate gap is disadvantaged.
 */
/** The group of the rows whose sensitive value is empty: audited as a group of its own, never dropped. */
export const MISSING_GROUP = '(missing)';

export const POSITIVE_MEANINGS = ['benefit', 'harm'] as const;
export type PositiveMeans = (typeof POSITIVE_MEANINGS)[number];

export type Interval = [number, number];

export interface AuditReport {
  schemaVersion: typeof SCHEMA_VERSION;
  file: string;
  /**
   * A database audit of a query: the query's text, with any password, secret or token in it
   * replaced by *** (the connection's own password never appears). Absent for files and tables.
   */
  query?: string;
  /** When the audit ran: an ISO 8601 date-time in UTC (e.g. "2025-03-04T09:05:12.345Z"). Absent from older reports. */
  ranAt?: string;
  /** Data rows read from the file. */
  rows: number;
  /** Rows that entered the metrics (rows with a missing label, prediction or score are left out). */
  rowsUsed: number;
  /**
   * Who counted the rows: a database or DuckDB (a GROUP BY where the data lives; only `recordsRead`
   * aggregated records travelled), or Parity itself reading every row (`recordsRead` = rows).
   * Absent from older reports.
   */
  counting?: { by: 'duckdb' | 'postgres' | 'clickhouse' | 'parity'; recordsRead: number };
  task: TaskKind;
  columns: ResolvedColumns;
  bootstrap: BootstrapSettings;
  minGroupSize: number;
  /**
   * Classification: groups with fewer rows of either label value are marked `fewLabels`, get no
   * four-fifths flags on the rates conditioned on the label, and are left out of `largeGroups`
   * (0: never). Absent from other tasks and from older reports.
   */
  minLabelCount?: number;
  /** Most groups a grouping may have (--max-groups). */
  maxGroups: number;
  /** Which groupings were asked for (--groupings). */
  groupingKinds: ('each' | 'pairs' | 'full')[];
  groupings: Grouping[];
  warnings: Warning[];
  /**
   * Metrics that do not apply to this audit, said once rather than per group (each group's note
   * still says why its value is null): Brier and ECE of a score that is not a probability.
   */
  notApplicable?: NotApplicable[];
}

export interface NotApplicable {
  metrics: string[];
  /** In words, e.g. "Calibration (Brier, ECE) needs a score in [0, 1]; decile_score is 1–10". */
  reason: string;
}

export interface ResolvedColumns {
  label: string | null;
  prediction: string | null;
  score: string | null;
  sensitive: string[];
  /**
   * The label value counted as positive (classification and binary datasets); in an audit of
   * decisions without the label (auditsDecisionsOnly), the prediction's, or the score's cut (">=0.5").
   */
  positive: string | null;
  /** Predictions derived as score >= threshold, when given. */
  threshold: number | null;
  /** Whether a positive prediction is a benefit or a harm; null: not stated (absent from older reports). */
  positiveMeans?: PositiveMeans | null;
  /** Interior edges of the bins of each numeric sensitive column ([a, b) intervals). */
  bins: Record<string, number[]>;
  /** Roles that were inferred from column names rather than given. */
  inferred: RoleInference[];
  /** Sample-weight column (--weight), or null: every count is then a weight sum. */
  weight: string | null;
  /** The classes of a multiclass audit, in the order of the metric names; null otherwise. */
  classes: string[] | null;
  /** Reference group value per sensitive column given with --reference. */
  references: Record<string, string>;
}

/**
 * A dataset audit of a model's decisions without the true label (a prediction, or a score cut at a
 * threshold): the groups' selection rates are compared, and nothing that needs the label.
 */
export function auditsDecisionsOnly(report: { task: string; columns: { label: string | null; prediction?: string | null; score?: string | null } }): boolean {
  return (
    report.task === 'dataset' && report.columns.label === null && ((report.columns.prediction ?? null) !== null || (report.columns.score ?? null) !== null)
  );
}

/** The audited model's output columns: the score and the prediction, when given (not proxies, not features). */
export function auditedColumns(columns: Pick<ResolvedColumns, 'score' | 'prediction'>): string[] {
  return [columns.score, columns.prediction].filter((column): column is string => column !== null);
}

export interface BootstrapSettings {
  resamples: number;
  seed: number;
  level: number;
  /** Poisson bootstrap drawn per aggregated statistic key (docs/audit-json.md). */
  method: 'poisson-statistics';
  /** Distinct score values drawn one by one; more are drawn per pooled quantile bin. */
  valueBins: number;
}

export type MetricValues = Record<string, number | null>;
export type MetricIntervals = Record<string, Interval | null>;

export interface GroupResult {
  key: Record<string, string>;
  count: number;
  metrics: MetricValues;
  intervals: MetricIntervals;
  /**
   * The rates whose interval in `intervals` is the exact binomial (Clopper–Pearson) one, not the
   * bootstrap's: their count is 0 or all of their n rows, where every resample gives the same value
   * (absent when there is none, and in reports before it).
   */
  exactIntervals?: string[];
  /**
   * The rows behind each rate conditioned on the label or the decision (TPR: rows with a positive
   * label; FPR: with a negative one; PPV: rows predicted positive; NPV: predicted negative), unweighted
   * (absent in reports before it, and for a task without such rates).
   */
  rateRows?: Record<string, number>;
  /** Why a metric is null. */
  notes: Record<string, string>;
  /** metric_g / metric_reference for each rate metric. */
  disparities: MetricValues;
  disparityIntervals: MetricIntervals;
  /** metric_g - metric_reference for each rate metric, and AIF360's named differences. */
  differences: MetricValues;
  differenceIntervals: MetricIntervals;
  /** Metrics whose disparity lies outside the four-fifths band [0.8, 1.25] (never for a small group). */
  flagged: string[];
  /** Fewer rows than minGroupSize: estimates are unreliable. */
  small: boolean;
  /** Classification: the group's rows with a positive and with a negative label (absent from older reports). */
  labels?: LabelCounts;
  /**
   * Enough rows, but fewer than minLabelCount of a label value: the rates conditioned on the label
   * (TPR, FPR, ...) rest on those few rows; left out of `largeGroups` (absent: false).
   */
  fewLabels?: boolean;
  /** Per tested metric: p-value of the gap to the reference group (to the rest in older reports), and BH-adjusted; null for the reference. */
  tests: Record<string, GroupTest>;
  /** Metrics whose gap is statistically supported (adjusted p-value below 1 - level). */
  supported: string[];
}

/**
 * The rates conditioned on the true label: each rests on the group's rows of one label value (or
 * of both), so a group with few of them (GroupResult.fewLabels) gets no four-fifths flag on these.
 */
export const LABEL_CONDITIONED_METRICS: readonly string[] = [
  'true_positive_rate',
  'false_positive_rate',
  'true_negative_rate',
  'false_negative_rate',
  'balanced_accuracy',
  'roc_auc',
];

export interface LabelCounts {
  positive: number;
  negative: number;
}

export interface GroupTest {
  pValue: number | null;
  adjustedPValue: number | null;
}

export interface Grouping {
  by: string[];
  /** Groups by decreasing size. */
  groups: GroupResult[];
  /** Empty combinations of an intersection not listed in `groups` (too many to list). */
  emptyIntersectionsNotListed?: number;
  overall: Pick<GroupResult, 'count' | 'metrics' | 'intervals' | 'notes'>;
  /** Key of the reference group of the disparities and differences. */
  reference: Record<string, string>;
  /** "given" by --reference, or the "largest" group. */
  referenceSource: 'given' | 'largest';
  aggregates: MetricValues;
  aggregateIntervals: MetricIntervals;
  aggregateNotes: Record<string, string>;
  /**
   * The same aggregates over the adequate groups only: at least minGroupSize rows and, in
   * classification, minLabelCount rows of each label value.
   */
  largeGroups: {
    minGroupSize: number;
    /** Classification (absent from older reports and other tasks). */
    minLabelCount?: number;
    groups: number;
    aggregates: MetricValues;
    intervals: MetricIntervals;
    notes: Record<string, string>;
  };
  /**
   * How the groups' gaps were tested (GroupResult.tests): new reports always against the reference
   * group; "rest" (each group against the other rows) is read from older reports.
   */
  tests: { comparedWith: 'rest' | 'reference'; method: string; level: number };
  /**
   * Per group (same order as `groups`), the score (classification) or prediction (regression) at
   * the levels 0, 0.01, ..., 1 of its empirical distribution: enough to draw each group's CDF.
   * Absent when the audit has no score or prediction values.
   */
  distributions?: number[][];
}

export interface Warning {
  code: string;
  message: string;
  line?: number;
  column?: string;
  /** The grouping a warning is about, by its columns (small-group, few-labels, intersection-left-out): an export of one grouping keeps its own. */
  grouping?: string[];
}
