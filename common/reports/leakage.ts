/** When a column is flagged as a proxy; see docs/leakage.md for the reasons behind the defaults. */
export interface LeakageThresholds {
  /** Strong proxy: single-column cross-validated AUC at least this... */
  strongAuc: number;
  /** ...or bias-corrected Cramér's V at least this. */
  strongCramersV: number;
  moderateAuc: number;
  moderateCramersV: number;
  /** The columns jointly leak a sensitive attribute when the joint cross-validated AUC reaches this. */
  jointAuc: number;
}

export const DEFAULT_THRESHOLDS: LeakageThresholds = {
  strongAuc: 0.75,
  strongCramersV: 0.5,
  moderateAuc: 0.65,
  moderateCramersV: 0.3,
  jointAuc: 0.75,
};

export type ProxySeverity = 'strong' | 'moderate';

/** The figures of one column against one sensitive attribute. */
export interface ColumnMeasures {
  /** Bias-corrected Cramér's V (Bergsma 2013). */
  cramersV: number;
  /** Plug-in Cramér's V, for comparison (inflated by many categories). */
  cramersVPlugIn: number;
  /** Mutual information / sqrt(H(column) H(sensitive)). */
  nmi: number;
  /** Correlation ratio; null for a non-numeric column. */
  eta: number | null;
  /** Cross-validated AUC of predicting the sensitive attribute from this column alone. */
  auc: number;
}

export interface ColumnLeakage extends ColumnMeasures {
  column: string;
  sensitive: string;
  kind: 'numeric' | 'categorical';
  /** Distinct values (before binning). */
  distinct: number;
  /** Categories the measures saw: the values, or the quantile bins, plus one for missing values. */
  categories: number;
  severity: ProxySeverity | null;
}

export interface JointLeakage {
  sensitive: string;
  /** Values of the sensitive attribute (classes of the model). */
  classes: string[];
  /** Cross-validated (macro one-vs-rest) AUC of the logistic model on all the candidate columns. */
  auc: number;
  /** Permutation importance of each column (held-out AUC lost), largest first. */
  contributions: { column: string; importance: number }[];
  leaks: boolean;
}

export interface FlaggedProxy {
  column: string;
  sensitive: string;
  severity: ProxySeverity;
  measures: ColumnMeasures;
}

export interface LeakageResult {
  schemaVersion: 1;
  file: string;
  /** Every column of the file, in order (header cells). */
  columnNames: string[];
  sensitive: string[];
  label: string | null;
  /** The candidate proxies: every column but the sensitive ones, the label and the audited ones. */
  candidates: string[];
  /**
   * The audited model's score or prediction, and the columns that encode one (`encodes`, e.g. a
   * score's bands): not candidates, since their differences by group are the audit's own finding.
   * Absent when none was given.
   */
  audited?: { column: string; encodes?: string }[];
  /**
   * `jointRows`: the rows of the sample the joint model is fitted on. `firstRows`: reading stopped
   * after the file's first `totalRows` rows (the editor's bounded check of a longer file).
   */
  sample: { rows: number; totalRows: number; sampled: boolean; seed: number; jointRows: number; firstRows?: true };
  settings: { folds: number; bins: number; smoothing: number; importance: 'permutation'; thresholds: LeakageThresholds };
  columns: ColumnLeakage[];
  joint: JointLeakage[];
  /** Flagged columns, strong first, then by AUC. */
  flagged: FlaggedProxy[];
}
