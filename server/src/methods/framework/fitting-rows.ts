import { type ClassificationOutcomes, summarizeOutcomes } from '../../engine/audit/outcomes';
import { metricName } from '../../../../common/render/metric-names';
import { roundSetting } from '../../../../common/render/tradeoff';
import type { FittingBound, OnFittingRows } from '../../../../common/reports/mitigation';
import { POINT_ESTIMATES } from './split-report';

/** The gap each fairness constraint bounds (threshold/optimizer.ts, reductions/moments.ts). */
export const CONSTRAINED_GAP = {
  'demographic-parity': 'demographic_parity_difference',
  'equal-opportunity': 'equal_opportunity_difference',
  'equalized-odds': 'equalized_odds_difference',
} as const;

/** A decision given as each row's chance of a positive, on the rows it was fitted on. */
export interface FittingDecision extends Pick<ClassificationOutcomes, 'labels' | 'groups'> {
  /** The scores beside the decision (the input's, or the chances themselves). */
  scores: Float64Array;
  probability: (row: number) => number;
}

/** The decision's figures on its own fitting rows, as point estimates in expectation, with the bound its setting puts there. */
export function onFittingRows(decision: FittingDecision, bound: FittingBound): OnFittingRows {
  const summary = summarizeOutcomes(
    {
      task: 'classification',
      labels: decision.labels,
      predictions: new Uint8Array(decision.scores.length),
      probability: decision.probability,
      scores: decision.scores,
      groups: decision.groups,
    },
    POINT_ESTIMATES,
  );
  return { rows: summary.rows, aggregates: summary.aggregates, bound };
}

/** "the demographic parity difference". */
function gapWords(metric: string): string {
  return `the ${metricName(metric).label.toLowerCase()}`;
}

/** A limit set directly on a gap: the threshold optimizer's tolerance, reject option's bound. */
export function directBound(metric: string, setting: 'tolerance' | 'bound', limit: number, fittedOn: string): FittingBound {
  const value = roundSetting(limit);
  return { metric, limit, reason: `the ${setting} ${value} bounds ${gapWords(metric)} by ${value}`, fittedOn };
}

/**
 * A reduction's ε bounds each group's rate to within ε of the overall rate (Agarwal et al. 2018),
 * so the gap between two groups to within 2ε.
 */
export function epsilonBound(metric: string, epsilon: number): FittingBound {
  const limit = 2 * epsilon;
  return {
    metric,
    limit,
    reason: `ε = ${roundSetting(epsilon)} keeps each group's rate within ε of the overall rate, which keeps ${gapWords(metric)} within 2ε = ${roundSetting(limit)}`,
    fittedOn: 'the model was fitted on',
  };
}
