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

/** The severity of a column's figures, or undefined when it is not a proxy. NaN never flags. */
export function proxySeverity(figures: { auc: number; cramersV: number }, thresholds: LeakageThresholds): ProxySeverity | undefined {
  const reaches = (value: number, threshold: number) => Number.isFinite(value) && value >= threshold;
  if (reaches(figures.auc, thresholds.strongAuc) || reaches(figures.cramersV, thresholds.strongCramersV)) return 'strong';
  if (reaches(figures.auc, thresholds.moderateAuc) || reaches(figures.cramersV, thresholds.moderateCramersV)) return 'moderate';
  return undefined;
}
