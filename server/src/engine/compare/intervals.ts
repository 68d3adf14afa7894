import type { MetricValues } from '../../../../common/reports/audit';
import type { TradeoffIntervals } from '../../../../common/reports/comparison';
import { ClassificationOutcomes, OutcomeEvaluation, summarizeOutcomes } from '../audit/outcomes';

/** A group's figures as a mitigation report's summary (or sweep point) lists them. */
export interface GroupFigures {
  group: string;
  count: number;
  metrics: MetricValues;
}

/**
 * The intervals of a trade-off point's accuracy and fairness gap, the gap over all groups (`all`)
 * and over the groups of at least the audit's minGroupSize rows (`large`), from the same replicates:
 * the audit's Poisson bootstrap of the decisions' rows, by group. Scores are left out: the counting
 * figures' replicates draw each (group, label, prediction) cell from its own key, whatever the
 * scores' segments, so they are the same with or without them, and the score sweep (most of the
 * bootstrap's cost) is not run.
 */
export function tradeoffIntervals(
  outcomes: Omit<ClassificationOutcomes, 'task' | 'scores'>,
  evaluation: Required<Pick<OutcomeEvaluation, 'bootstrap' | 'seed'>>,
  fairnessMetric: string,
): { all: TradeoffIntervals; large: TradeoffIntervals } {
  const { labels, predictions, groups } = outcomes;
  const summary = summarizeOutcomes({ task: 'classification', labels, predictions, groups }, evaluation);
  const accuracy = summary.intervals?.['accuracy'] ?? null;
  return {
    all: { accuracy, fairness: summary.aggregateIntervals?.[fairnessMetric] ?? null },
    large: { accuracy, fairness: summary.largeGroups?.intervals?.[fairnessMetric] ?? null },
  };
}

/**
 * Rows with each group's confusion matrix, rebuilt from its reported figures (count, base rate,
 * true- and false-positive rates: positives P = count · base rate, TP = TPR · P, FP = FPR · (count − P)).
 * The comparison keeps a sweep point's figures, not its decisions; accuracy and the counting gaps,
 * and their bootstrap replicates, depend on the rows only through these matrices. Null when the
 * figures are not those of whole rows (the expected figures of a randomized decision), or a
 * rebuilt matrix does not give back the group's selection rate.
 */
export function rowsOfGroups(groups: readonly GroupFigures[]): { labels: number[]; predictions: number[]; groups: string[] } | null {
  const labels: number[] = [];
  const predictions: number[] = [];
  const names: string[] = [];
  for (const { group, count, metrics } of groups) {
    const positives = wholeCount(count * (metrics['base_rate'] ?? Number.NaN));
    if (positives === null || !Number.isInteger(count)) return null;
    const negatives = count - positives;
    const truePositives = positives === 0 ? 0 : wholeCount(positives * (metrics['true_positive_rate'] ?? Number.NaN));
    const falsePositives = negatives === 0 ? 0 : wholeCount(negatives * (metrics['false_positive_rate'] ?? Number.NaN));
    if (truePositives === null || falsePositives === null) return null;
    const selection = metrics['selection_rate'];
    if (count > 0 && (selection === null || selection === undefined || Math.abs((truePositives + falsePositives) / count - selection) > 1e-12)) return null;
    const add = (label: number, prediction: number, rows: number) => {
      for (let i = 0; i < rows; i++) {
        labels.push(label);
        predictions.push(prediction);
        names.push(group);
      }
    };
    add(1, 1, truePositives);
    add(1, 0, positives - truePositives);
    add(0, 1, falsePositives);
    add(0, 0, negatives - falsePositives);
  }
  return { labels, predictions, groups: names };
}

/** A product of a count and a rate that is a whole number of rows, up to rounding; else null. */
function wholeCount(value: number): number | null {
  const rounded = Math.round(value);
  return Number.isFinite(value) && Math.abs(value - rounded) < 1e-6 ? rounded : null;
}
