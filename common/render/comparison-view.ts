import type { ComparisonView } from '../protocol';
import type { Comparison } from '../reports/comparison';
import { fileName } from './text';

/** What the Compare Methods panel shows of comparison.json: the points, failures and how each method was fitted. */
export function comparisonView(comparison: Comparison): ComparisonView {
  return {
    title: `Methods on ${fileName(comparison.files.train)} (evaluated on ${fileName(comparison.files.test)})`,
    files: comparison.files,
    fairnessMetric: comparison.fairnessMetric,
    reference: {
      accuracy: comparison.reference.accuracy,
      fairness: comparison.reference.fairness,
      ...(comparison.reference.intervals ? { intervals: comparison.reference.intervals } : {}),
    },
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
    })),
    failed: comparison.methods.flatMap((m) => (m.error === null ? [] : [{ method: m.method, error: m.error }])),
    fittedOn: comparison.methods.flatMap((m) => (m.error === null ? [{ method: m.method, rows: m.protocol.fittedOn }] : [])),
  };
}
