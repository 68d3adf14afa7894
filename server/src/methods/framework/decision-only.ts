import type { MetricIntervals, MetricValues } from '../../../../common/reports/audit';
import type { OutcomeChange, OutcomeSummary, TradeoffPoint } from '../../../../common/reports/mitigation';
import type { MitigationOutput } from '../../io/output';

/** The aggregates read from the groups' score distributions, not from their decisions. */
export const SCORE_DISTANCES = ['ks_distance', 'wasserstein_distance'] as const;

type Report = MitigationOutput['report'];

/**
 * The report of a method whose "after" is a decision without scores of its own (a reduction's
 * randomized mixture, whose chances of a positive decision are no score; a post-processing rule
 * that reads the input's scores unchanged): the score distances are left out of before, after,
 * the draw, the change and every sweep point, since "after" would compare a distance between
 * decisions, or the input's scores again, with a distance between the base model's scores.
 * `decisionOnly` says so, for the report's note.
 */
export function withoutScoreDistances(report: Report): Report {
  return {
    ...report,
    decisionOnly: true,
    before: summaryWithout(report.before),
    after: summaryWithout(report.after),
    ...(report.draw ? { draw: summaryWithout(report.draw) } : {}),
    ...(report.change ? { change: changeWithout(report.change) } : {}),
    ...(report.onFittingRows ? { onFittingRows: { ...report.onFittingRows, aggregates: without(report.onFittingRows.aggregates) } } : {}),
    tradeoff: report.tradeoff.map((point): TradeoffPoint => ({
      ...summaryWithout(point),
      ...(point.change ? { change: changeWithout(point.change) } : {}),
      ...(point.draw ? { draw: summaryWithout(point.draw) } : {}),
    })),
  };
}

function without<T extends MetricValues | MetricIntervals>(figures: T): T;
function without<T extends MetricValues | MetricIntervals>(figures: T | undefined): T | undefined;
function without<T extends MetricValues | MetricIntervals>(figures: T | undefined): T | undefined {
  if (!figures) return figures;
  return Object.fromEntries(Object.entries(figures).filter(([name]) => !(SCORE_DISTANCES as readonly string[]).includes(name))) as T;
}

function summaryWithout<S extends OutcomeSummary>(summary: S): S {
  return {
    ...summary,
    aggregates: without(summary.aggregates),
    ...(summary.aggregateIntervals ? { aggregateIntervals: without(summary.aggregateIntervals) } : {}),
    ...(summary.largeGroups
      ? {
          largeGroups: {
            ...summary.largeGroups,
            aggregates: without(summary.largeGroups.aggregates),
            ...(summary.largeGroups.intervals ? { intervals: without(summary.largeGroups.intervals) } : {}),
          },
        }
      : {}),
  };
}

function changeWithout(change: OutcomeChange): OutcomeChange {
  return {
    ...change,
    aggregates: without(change.aggregates),
    ...(change.aggregateIntervals ? { aggregateIntervals: without(change.aggregateIntervals) } : {}),
    largeGroups: {
      ...change.largeGroups,
      aggregates: without(change.largeGroups.aggregates),
      ...(change.largeGroups.intervals ? { intervals: without(change.largeGroups.intervals) } : {}),
    },
  };
}
