
/**
 * The audit result: the JSON written by `parity audit --format json` and sent to the editor.
 * Documented in docs/audit-json.md; bump SCHEMA_VERSION on any incompatible change.
 * Metric values that cannot be estimated are null, with the reason in the matching `notes` entry.
 */
export type TaskKind = 'classification' | 'regression' | 'dataset';

export type Role = 'label' | 'prediction' | 'score' | 'sensitive';

export interface RoleInference {
  role: Role;
  column: string;
  /** Why the column was chosen, e.g. "name matches 'race'". */
  reason: string;
}

export const SCHEMA_VERSION = 1;

export type Interval = [number, number];

export interface AuditReport {
  schemaVersion: typeof SCHEMA_VERSION;
  file: string;
  /** Data rows read from the file. */
  rows: number;
  /** Rows that entered the metrics (rows with a missing label, prediction or score are left out). */
  rowsUsed: number;
  task: TaskKind;
  columns: ResolvedColumns;
  bootstrap: BootstrapSettings;
  minGroupSize: number;
  groupings: Grouping[];
  warnings: Warning[];
}

export interface ResolvedColumns {
  label: string | null;
  prediction: string | null;
  score: string | null;
  sensitive: string[];
  /** The label value counted as positive (classification and binary datasets). */
  positive: string | null;
  /** Predictions derived as score >= threshold, when given. */
  threshold: number | null;
  /** Interior edges of the bins of each numeric sensitive column ([a, b) intervals). */
  bins: Record<string, number[]>;
  /** Roles that were inferred from column names rather than given. */
  inferred: RoleInference[];
}

export interface BootstrapSettings {
  resamples: number;
  seed: number;
  level: number;
  method: 'poisson';
}

export type MetricValues = Record<string, number | null>;
export type MetricIntervals = Record<string, Interval | null>;

export interface GroupResult {
  key: Record<string, string>;
  count: number;
  metrics: MetricValues;
  intervals: MetricIntervals;
  /** Why a metric is null. */
  notes: Record<string, string>;
  /** metric_g / metric_reference for each rate metric. */
  disparities: MetricValues;
  disparityIntervals: MetricIntervals;
  /** Metrics whose disparity lies outside the four-fifths band [0.8, 1.25]. */
  flagged: string[];
  /** Fewer rows than minGroupSize: estimates are unreliable. */
  small: boolean;
}

export interface Grouping {
  by: string[];
  /** Groups by decreasing size. */
  groups: GroupResult[];
  overall: Omit<GroupResult, 'key' | 'disparities' | 'disparityIntervals' | 'flagged' | 'small'>;
  /** Key of the reference group of the disparities (the largest group). */
  reference: Record<string, string>;
  aggregates: MetricValues;
  aggregateIntervals: MetricIntervals;
  aggregateNotes: Record<string, string>;
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
}
