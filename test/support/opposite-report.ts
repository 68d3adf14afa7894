// A hand-made mitigation run (two groups, figures chosen by hand) whose equalized odds difference
// and ratio move opposite ways, with paired change intervals as wide as "[−0.123, +0.456]":
// the fixture of the before/after table's note and layout (render and Chromium tests).
import type { MitigationReport, OutcomeSummary } from '../../common/reports/mitigation';
import { mitigationShell } from './mitigation-shell';

/**
 * Groups a (600 rows) and b (400). Before: TPR 0.80 / 0.60, FPR 0.30 / 0.10, so the equalized odds
 * difference is max(0.20, 0.20) = 0.20 and its ratio min(0.60 / 0.80, 0.10 / 0.30) = 0.333. After
 * (`afterRates`, by default TPR 0.75 / 0.50, FPR 0.25 / 0.15): difference max(0.25, 0.10) = 0.25,
 * larger (less fair); ratio min(0.667, 0.60) = 0.60, nearer 1 (fairer).
 */
export function oppositeReport(afterRates = { tpr: [0.75, 0.5], fpr: [0.25, 0.15] }): MitigationReport {
  const summary = (tpr: number[], fpr: number[], accuracy: number, shift: number): OutcomeSummary => {
    const difference = Math.max(Math.abs(tpr[0]! - tpr[1]!), Math.abs(fpr[0]! - fpr[1]!));
    const ratio = Math.min(Math.min(...tpr) / Math.max(...tpr), Math.min(...fpr) / Math.max(...fpr));
    return {
      rows: 1000,
      accuracy,
      selectionRate: 0.3,
      aggregates: { equalized_odds_difference: difference, equalized_odds_ratio: ratio, demographic_parity_difference: 0.1 - shift },
      aggregateIntervals: {
        equalized_odds_difference: [difference - 0.03, difference + 0.03],
        equalized_odds_ratio: [ratio - 0.1, ratio + 0.1],
        demographic_parity_difference: [0.05 - shift, 0.15 - shift],
      },
      intervals: { accuracy: [accuracy - 0.02, accuracy + 0.02], selection_rate: [0.28, 0.32] },
      bootstrap: { resamples: 200, seed: 0, level: 0.95, method: 'poisson-statistics' },
      groups: ['a', 'b'].map((group, i) => ({
        group,
        count: [600, 400][i]!,
        metrics: { true_positive_rate: tpr[i]!, false_positive_rate: fpr[i]!, selection_rate: 0.3 },
        // scores at the levels 0, 0.01, ..., 1 (a uniform spread, shifted per group and after) for the distribution charts
        quantiles: Array.from({ length: 101 }, (_, k) => Math.min(1, k / 100 + i * 0.05 + shift)),
      })),
    };
  };
  const before = summary([0.8, 0.6], [0.3, 0.1], 0.8, 0);
  const after = summary(afterRates.tpr, afterRates.fpr, 0.79, 0.04);
  const change = (name: string) => after.aggregates[name]! - before.aggregates[name]!;
  return mitigationShell({
    method: 'exponentiated-gradient',
    kind: 'in-processing',
    before,
    after,
    // paired intervals by hand: the difference's and the ratio's leave out 0 (clear verdicts), demographic parity's does not
    change: {
      accuracy: -0.01,
      aggregates: {
        equalized_odds_difference: change('equalized_odds_difference'),
        equalized_odds_ratio: change('equalized_odds_ratio'),
        demographic_parity_difference: -0.04,
      },
      aggregateIntervals: {
        equalized_odds_difference: [change('equalized_odds_difference') - 0.038, change('equalized_odds_difference') + 0.041],
        equalized_odds_ratio: [change('equalized_odds_ratio') - 0.144, change('equalized_odds_ratio') + 0.189],
        demographic_parity_difference: [-0.123, 0.456],
      },
      intervals: { accuracy: [-0.018, -0.003] },
      largeGroups: { minGroupSize: 30, groups: 2, aggregates: {} },
      bootstrap: { resamples: 200, seed: 0, level: 0.95, method: 'poisson-paired' },
    },
    decisionOnly: true,
  });
}
