import { MAX_INFERRED_CLASSES } from '../../../../common/method-tasks';
import type { PositiveMeans } from '../../../../common/reports/audit';
import type { CsvOptions, RowBatch, SqlRelation } from '../table/rows';
import type { ResolvedRoles, RoleOverrides } from '../schema/roles';
import type { GroupingKind } from './groupings';
import type { TaskKind } from './statistics';

export interface AuditOptions {
  csv?: CsvOptions;
  /** The table or query of a database source (duckdb:PATH, postgres://…, clickhouse://…). */
  relation?: SqlRelation;
  roles?: RoleOverrides;
  /** The label (and prediction) value counted as positive; inferred for 0/1, true/false, yes/no. */
  positive?: string;
  /** Whether a positive prediction is a benefit or a harm (carried into the report; the figures do not depend on it). */
  positiveMeans?: PositiveMeans;
  /** Derive the prediction as score >= threshold. */
  threshold?: number;
  /** Explicit interior bin edges per numeric sensitive column; others get quantile bins. */
  bins?: Record<string, number[]>;
  /** Number of quantile bins for numeric sensitive columns (default 4). */
  quantileBins?: number;
  /** Bootstrap resamples (default 200; 0 turns intervals off). */
  bootstrap?: number;
  seed?: number;
  /** Confidence level of the intervals (default 0.95). */
  level?: number;
  /** Groups with fewer rows are flagged as too small to judge (default 30). */
  minGroupSize?: number;
  /** Classification: groups with fewer rows of either label value are left out of the adequate aggregates (default 5; 0: off). */
  minLabelCount?: number;
  /** Rows read before the column types and roles are inferred (default 10,000). */
  sampleRows?: number;
  /** Stop after this many data rows (a quick look at a large file); the report then warns. */
  maxRows?: number;
  /** The task; inferred from the label and outputs when absent. */
  task?: TaskKind;
  /** Sample-weight column: every count becomes a weight sum. */
  weight?: string;
  /** Reference group value per sensitive column (default: the largest group). */
  references?: Record<string, string>;
  /** Which groupings to report (default: each, pairs, full). */
  groupings?: GroupingKind[];
  /** Most groups a grouping may have before the audit stops (default 1000). */
  maxGroups?: number;
}

export const AUDIT_DEFAULTS = {
  quantileBins: 4,
  bootstrap: 200,
  seed: 0,
  level: 0.95,
  minGroupSize: 30,
  /**
   * A rate conditioned on the label (TPR, FPR, ...) rests on the group's rows of one label value:
   * the textbook rule for a binomial proportion's normal approximation asks for at least 5
   * successes and 5 failures (np >= 5 and n(1 - p) >= 5), so a group needs 5 rows of each label.
   */
  minLabelCount: 5,
  sampleRows: 10_000,
  /** A numeric sensitive column with at most this many distinct values is used as categories. */
  maxCategoricalNumericValues: 10,
  maxGroups: 1000,
  /**
   * The most --max-groups may raise it to: the distribution distances hold a groups x groups table,
   * so time and memory grow with the square (measured: 2,000 groups 274 MB, 5,000 groups 818 to
   * 884 MB, 10,000 groups 2.9 GB and 102 s; docs/design.md).
   */
  maxGroupsLimit: 5000,
  /** The most bootstrap resamples accepted (memory and time grow with them). */
  maxBootstrap: 10_000,
  /** A numeric label with at most this many distinct whole numbers is classes, not a regression target. */
  maxInferredClasses: MAX_INFERRED_CLASSES,
  /** The most classes a multiclass audit accepts. */
  maxClasses: 100,
  /** Distinct score values drawn one by one in a bootstrap replicate (more: pooled quantile bins). */
  replicateValueBins: 1000,
} as const;

export interface AuditProgress {
  rows: number;
  bytesRead: number;
  byteSize: number;
  /** Set once every row is read: the resamples the intervals are now drawn from (the rest of the run). */
  resamples?: number;
}

export interface AuditHooks {
  signal?: AbortSignal;
  onProgress?: (progress: AuditProgress) => void;
  /** Every batch of rows the audit reads, for a caller that samples them on the same pass. */
  onBatch?: (batch: RowBatch) => void;
  /** The column roles, given and inferred, once the first rows have been profiled. */
  onRoles?: (roles: ResolvedRoles) => void;
}
