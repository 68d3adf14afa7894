// What the intervals of a comparison's Pareto points and unmitigated model add to `parity compare`:
// a comparison of four fast methods on COMPAS (by race) and on Adult (by race × sex), then that
// step alone, in-process, 200 resamples, each timed 5 times and the median kept (the machine's
// load is recorded). Run: tsc -p tsconfig.test.json && node out/bench/comparison-intervals.js
import { mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { medianSeconds } from './median';
import type { Comparison } from '../common/reports/comparison';
import type { MitigationReport } from '../common/reports/mitigation';
import { rowsOfGroups, tradeoffIntervals } from '../server/src/engine/compare/intervals';
import { binaryColumn, numericColumn } from '../server/src/engine/table/table';
import { sensitiveGroupColumn } from '../server/src/engine/audit/sensitive-bins';
import { loadTable } from '../server/src/io/table';
import { runMethodInWorker } from '../server/src/adapters/worker/method-runner';
import { runComparison } from '../server/src/services/compare';
import { adultCsvFiles } from '../test/support/adult';
import { compasSplit } from '../test/support/compas-split';

const EVALUATION = { bootstrap: 200, seed: 0 };
const METHODS = ['threshold', 'reject-option', 'wasserstein', 'reweighing'];

async function measure(name: string, files: { train: string; test: string }, label: string, positive: string, sensitive: string[]) {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'parity-bench-compare-')), 'out');
  const started = performance.now();
  const comparison: Comparison = await runComparison(
    { ...files, label, positive, sensitive, methods: METHODS, fairnessMetric: 'demographic_parity_difference', out, ...EVALUATION },
    runMethodInWorker,
  );
  const wall = (performance.now() - started) / 1000;
  const reports = new Map<string, MitigationReport>();
  const reportOf = (file: string) => reports.get(file) ?? reports.set(file, JSON.parse(readFileSync(file, 'utf8')) as MitigationReport).get(file)!;
  const front = comparison.points.filter((p) => p.pareto);
  const groups = front.map((p) => (p.sweepIndex === null ? reportOf(p.report).after.groups : reportOf(p.report).tradeoff[p.sweepIndex]!.groups));
  const scored = await loadTable(path.join(out, 'base', `${path.basename(files.test, '.csv')}.scored.csv`), {});
  const reference = {
    labels: binaryColumn(scored, label, positive).values,
    predictions: Uint8Array.from(numericColumn(scored, 'base_score'), (p) => (p >= 0.5 ? 1 : 0)),
    groups: sensitiveGroupColumn(scored, sensitive, {}),
  };
  const points = medianSeconds(() => groups.forEach((g) => tradeoffIntervals(rowsOfGroups(g)!, EVALUATION, comparison.fairnessMetric)));
  const unmitigated = medianSeconds(() => tradeoffIntervals(reference, EVALUATION, comparison.fairnessMetric));
  return {
    name,
    rows: reference.labels.length,
    groups: new Set(reference.groups).size,
    points: comparison.points.length,
    pareto: front.length,
    paretoSeconds: points,
    perPointSeconds: Math.round((points / front.length) * 1000) / 1000,
    unmitigatedSeconds: unmitigated,
    comparisonWallSeconds: Math.round(wall * 10) / 10,
    load: loadavg()[0]!.toFixed(1),
  };
}

async function main(): Promise<void> {
  const compas = compasSplit(mkdtempSync(path.join(tmpdir(), 'parity-bench-compas-')));
  console.log(JSON.stringify(await measure('COMPAS by race', compas, 'two_year_recid', '1', ['race'])));
  console.log(JSON.stringify(await measure('Adult by race × sex', await adultCsvFiles(), 'income', '>50K', ['race', 'sex'])));
}

void main();
