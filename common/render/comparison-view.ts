import type { ComparisonView, LargeGroupsFigure } from '../protocol';
import type { Comparison, LargeGroupFigures } from '../reports/comparison';
import { comparisonSharedRowsWarning } from './shared-rows';
import { fileName } from './text';
import { metricName } from './metric-names';

/** What the Compare Methods panel shows of comparison.json: the points, failures and how each method was fitted. */
export function comparisonView(comparison: Comparison): ComparisonView {
  const sharedRows = comparisonSharedRowsWarning(comparison);
  return {
    title: `Methods on ${fileName(comparison.files.train)} (evaluated on ${comparison.heldOut ? `${heldOutShare(comparison.heldOut)} of it held out: ${rowsAndSeed(comparison.heldOut)}` : fileName(comparison.files.test)})`,
    files: comparison.files,
    scoredOn: scoredOn(comparison),
    ...(sharedRows ? { sharedRows } : {}),
    fairnessMetric: comparison.fairnessMetric,
    reference: {
      accuracy: comparison.reference.accuracy,
      fairness: comparison.reference.fairness,
      ...(comparison.reference.intervals ? { intervals: comparison.reference.intervals } : {}),
      ...(comparison.reference.largeGroups ? { largeGroups: largeFigure(comparison.reference.largeGroups) } : {}),
    },
    ...(comparison.largeGroups ? { largeGroups: comparison.largeGroups } : {}),
    ...(comparison.bootstrap ? { bootstrap: comparison.bootstrap } : {}),
    points: comparison.points.map((p) => ({
      method: p.method,
      parameter: p.parameter,
      value: p.value,
      accuracy: p.accuracy,
      fairness: p.fairness,
      pareto: p.pareto,
      report: p.report,
      sweepIndex: p.sweepIndex ?? null,
      ...(p.intervals ? { intervals: p.intervals } : {}),
      ...(p.largeGroups ? { largeGroups: { ...largeFigure(p.largeGroups), pareto: p.largeGroups.pareto } } : {}),
    })),
    failed: comparison.methods.flatMap((m) => (m.error === null ? [] : [{ method: m.method, error: m.error }])),
    unplotted: unplottedMethods(comparison),
    fittedOn: comparison.methods.flatMap((m) => (m.error === null ? [{ method: m.method, rows: m.protocol.fittedOn }] : [])),
    ownBaselines: comparison.methods.flatMap((m) => (m.ownBaseline === undefined ? [] : [{ method: m.method, baseline: m.ownBaseline }])),
    criteria: comparison.methods.flatMap((m) => (m.criterion === undefined || m.error !== null ? [] : [{ method: m.method, criterion: m.criterion }])),
  };
}

/** The large-group fairness gap and its intervals (not every aggregate: the panel plots the one). */
function largeFigure(figures: LargeGroupFigures): LargeGroupsFigure {
  return { fairness: figures.fairness, ...(figures.intervals ? { intervals: figures.intervals } : {}) };
}

/**
 * Whether the panel offers the fairness gap over the groups of adequate size: the comparison has
 * those figures (comparisons before them do not), and some group is smaller (else they repeat).
 */
export function offersLargeGroups(view: ComparisonView): view is ComparisonView & { largeGroups: NonNullable<ComparisonView['largeGroups']> } {
  return view.largeGroups !== undefined && view.largeGroups.groups < view.largeGroups.allGroups;
}

/**
 * The comparison as plotted over the groups of adequate size: every point's and the reference's
 * fairness gap, Pareto flag and intervals replaced by their large-group ones (a point without them
 * has no gap there, and is not drawn).
 */
export function overLargeGroups(view: ComparisonView): ComparisonView {
  const reference = view.reference;
  return {
    ...view,
    reference: reference && {
      accuracy: reference.accuracy,
      fairness: reference.largeGroups?.fairness ?? null,
      ...(reference.largeGroups?.intervals ? { intervals: reference.largeGroups.intervals } : {}),
    },
    points: view.points.map(({ intervals: _all, largeGroups, ...point }) => ({
      ...point,
      fairness: largeGroups?.fairness ?? null,
      pareto: largeGroups?.pareto ?? false,
      ...(largeGroups?.intervals ? { intervals: largeGroups.intervals } : {}),
    })),
  };
}

/** The rows the points are measured on: "adult-test.csv", or "30% of adult.csv held out (2,164 rows, seed 0)". */
function scoredOn(comparison: Comparison): string {
  const held = comparison.heldOut;
  return held ? `${heldOutShare(held)} of ${fileName(comparison.files.train)} held out (${rowsAndSeed(held)})` : fileName(comparison.files.test);
}

const heldOutShare = (held: NonNullable<Comparison['heldOut']>) => `${Number((held.fraction * 100).toPrecision(3))}%`;
const rowsAndSeed = (held: NonNullable<Comparison['heldOut']>) => `${held.rows.toLocaleString('en-US')} rows, seed ${held.seed}`;

/**
 * The methods that ran without a point on the plot: every point of theirs lacks accuracy or the
 * gap (a regression method, such as bounded group loss, predicts a number: cold try 16 saw it
 * missing from the plot of a numeric label's comparison without a word).
 */
export function unplottedMethods(comparison: Comparison): { method: string; reason: string }[] {
  const fairness = metricName(comparison.fairnessMetric).label.toLowerCase();
  return comparison.methods.flatMap((m) => {
    const points = comparison.points.filter((p) => p.method === m.method);
    if (m.error !== null || points.length === 0 || points.some((p) => p.accuracy !== null && p.fairness !== null)) return [];
    return [
      {
        method: m.method,
        reason: `${m.method} has no point on the plot: it predicts a number, which has no accuracy or ${fairness} of decisions; its report (Open in the table below) has its errors and gaps by group`,
      },
    ];
  });
}
