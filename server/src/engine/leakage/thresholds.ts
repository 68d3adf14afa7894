import type { LeakageThresholds, ProxySeverity } from '../../../../common/reports/leakage';

/** The severity of a column's figures, or undefined when it is not a proxy. NaN never flags. */
export function proxySeverity(figures: { auc: number; cramersV: number }, thresholds: LeakageThresholds): ProxySeverity | undefined {
  const reaches = (value: number, threshold: number) => Number.isFinite(value) && value >= threshold;
  if (reaches(figures.auc, thresholds.strongAuc) || reaches(figures.cramersV, thresholds.strongCramersV)) return 'strong';
  if (reaches(figures.auc, thresholds.moderateAuc) || reaches(figures.cramersV, thresholds.moderateCramersV)) return 'moderate';
  return undefined;
}
