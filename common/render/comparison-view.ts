import type { ComparisonView } from '../protocol';
import type { Comparison } from '../reports/comparison';
import { fileName } from './text';

/** What the Compare Methods panel shows of comparison.json: the points, failures and how each method was fitted. */
export function comparisonView(comparison: Comparison): ComparisonView {
  return {
    title: `Methods on ${fileName(comparison.files.train)} (evaluated on ${comparison.heldOut ? `${heldOutShare(comparison.heldOut)} of it held out: ${rowsAndSeed(comparison.heldOut)}` : fileName(comparison.files.test)})`,
    files: comparison.files,
    scoredOn: scoredOn(comparison),
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
    ownBaselines: comparison.methods.flatMap((m) => (m.ownBaseline === undefined ? [] : [{ method: m.method, baseline: m.ownBaseline }])),
  };
}

/** The rows the points are measured on: "adult-test.csv", or "30% of adult.csv held out (2,164 rows, seed 0)". */
function scoredOn(comparison: Comparison): string {
  const held = comparison.heldOut;
  return held ? `${heldOutShare(held)} of ${fileName(comparison.files.train)} held out (${rowsAndSeed(held)})` : fileName(comparison.files.test);
}

const heldOutShare = (held: NonNullable<Comparison['heldOut']>) => `${Number((held.fraction * 100).toPrecision(3))}%`;
const rowsAndSeed = (held: NonNullable<Comparison['heldOut']>) => `${held.rows.toLocaleString('en-US')} rows, seed ${held.seed}`;
