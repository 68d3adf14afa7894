import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Comparison } from '../../common/reports/comparison';
import type { MitigationHooks } from '../../common/reports/mitigation';
import { runMethodInWorker } from '../../server/src/adapters/worker/method-runner';
import { runComparison, type MethodRunner } from '../../server/src/services/compare';

/** Demographics and criminal history: features that are not the COMPAS score itself. */
export const COMPAS_FEATURES = ['sex', 'age', 'race', 'juv_fel_count', 'juv_misd_count', 'priors_count', 'c_charge_degree', 'two_year_recid'];

/** The bundled COMPAS example as train (rows i % 3 ≠ 0) and test files in `dir`, with the `keep` columns. */
export function compasSplit(dir: string, keep: readonly string[] = COMPAS_FEATURES): { train: string; test: string } {
  const [header, ...rows] = readFileSync(path.resolve(__dirname, '../../../examples/compas/compas-two-years.csv'), 'utf8').trimEnd().split('\n');
  const columns = header!.split(',');
  const project = (line: string) => keep.map((name) => line.split(',')[columns.indexOf(name)]).join(',');
  const train = path.join(dir, 'train.csv');
  const test = path.join(dir, 'test.csv');
  writeFileSync(train, [keep.join(','), ...rows.filter((_, i) => i % 3 !== 0).map(project)].join('\n') + '\n');
  writeFileSync(test, [keep.join(','), ...rows.filter((_, i) => i % 3 === 0).map(project)].join('\n') + '\n');
  return { train, test };
}

/**
 * A comparison of two fast methods (reweighing, threshold) on compasSplit(dir) by race, with 50
 * bootstrap resamples, written to DIR/out: two races (Native American, Asian) have fewer than 30
 * test rows, so the figures over the groups of adequate size differ from those over all groups.
 */
export async function compasRaceComparison(dir: string, runner: MethodRunner = runMethodInWorker): Promise<Comparison> {
  const { train, test } = compasSplit(dir);
  return runComparison(
    {
      train,
      test,
      label: 'two_year_recid',
      sensitive: ['race'],
      methods: ['reweighing', 'threshold'],
      fairnessMetric: 'demographic_parity_difference',
      bootstrap: 50,
      out: path.join(dir, 'out'),
    },
    runner,
  );
}

/** Reweighing alone (the quickest comparison) on COMPAS files such as compasSplit's, by race, written to `out`. */
export function compasReweighingComparison(train: string, test: string, out: string, hooks: MitigationHooks = {}): Promise<Comparison> {
  return runComparison(
    { train, test, label: 'two_year_recid', sensitive: ['race'], methods: ['reweighing'], fairnessMetric: 'demographic_parity_difference', out },
    runMethodInWorker,
    hooks,
  );
}
