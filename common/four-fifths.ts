import { REGRESSION_METRICS } from './reports/audit';

/** The four-fifths band: a group's rate over the reference's outside [0.8, 1.25] is flagged (a US employment-law heuristic). */
export const FOUR_FIFTHS_BAND: readonly [number, number] = [0.8, 1.25];

/**
 * Metrics the rule never flags: the rule is about rates of an outcome (selection rates), and these
 * are not. Label imbalance, |positives − negatives| / rows = |2 · base rate − 1|, is a distance from
 * balanced labels: base rates 0.3 and 0.7 have the same imbalance, and base rates 0.92 and 0.63
 * give 0.84 and 0.26, so its ratio says nothing a rate's would. A regression's means and errors
 * (REGRESSION_METRICS) and a numeric label's mean are sizes on the
 * target's scale: an MAE 1.3 times another's is no adverse-impact ratio, and a mean of a signed
 * score (ZFYA, centred on 0) can be negative or near 0, where a ratio means nothing. Their groups
 * are compared by differences to the reference, with intervals.
 */
const NOT_RATES = new Set<string>(['label_imbalance', ...REGRESSION_METRICS, 'label_mean']);

/** Whether a metric whose group-to-reference ratio is `ratio` gets a four-fifths flag. */
export function fourFifthsFlag(metric: string, ratio: number): boolean {
  return hasFourFifthsFlags(metric) && Number.isFinite(ratio) && (ratio < FOUR_FIFTHS_BAND[0] || ratio > FOUR_FIFTHS_BAND[1]);
}

/** Whether the rule applies to a metric at all (a report written before a metric was exempted may still flag it). */
export function hasFourFifthsFlags(metric: string): boolean {
  return !NOT_RATES.has(metric);
}
