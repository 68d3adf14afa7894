import type { CsvOptions, RowBatch } from '../table/rows';
import type { ResolvedRoles, RoleOverrides } from '../schema/roles';

export interface AuditOptions {
  csv?: CsvOptions;
  roles?: RoleOverrides;
  /** The label (and prediction) value counted as positive; inferred for 0/1, true/false, yes/no. */
  positive?: string;
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
  /** Rows read before the column types and roles are inferred (default 10,000). */
  sampleRows?: number;
  /** Stop after this many data rows (a quick look at a large file); the report then warns. */
  maxRows?: number;
}

export const AUDIT_DEFAULTS = {
  quantileBins: 4,
  bootstrap: 200,
  seed: 0,
  level: 0.95,
  minGroupSize: 30,
  sampleRows: 10_000,
  /** A numeric sensitive column with at most this many distinct values is used as categories. */
  maxCategoricalNumericValues: 10,
} as const;

export interface AuditProgress {
  rows: number;
  bytesRead: number;
  byteSize: number;
}

export interface AuditHooks {
  signal?: AbortSignal;
  onProgress?: (progress: AuditProgress) => void;
  /** Every batch of rows the audit reads, for a caller that samples them on the same pass. */
  onBatch?: (batch: RowBatch) => void;
  /** The column roles, given and inferred, once the first rows have been profiled. */
  onRoles?: (roles: ResolvedRoles) => void;
}
