/**
 * FERM benchmark (not a test): linear FERM with CV on Adult, RBF FERM on 2,000 rows, and the
 * kernel solver's scaling from 500 to 4,000 rows. Run: npx tsc -p tsconfig.test.json && node out/bench/ferm-bench.js
 */
import { performance } from 'node:perf_hooks';
import { fitKernelSvm } from '../server/src/engine/learners/kernel-svm';
import { encodeFeatures, fitFeatureEncoding } from '../server/src/engine/mitigation/features';
import { defaultGrid, FermLearner, FermProblem, fitFerm, selectSettings, tauRows } from '../server/src/engine/methods/ferm/ferm';
import { orderGroups } from '../server/src/engine/methods/ferm/projection';
import { binaryColumn, groupColumn } from '../server/src/engine/table/table';
import { adultTables } from '../test/support/adult';

async function main(): Promise<void> {
  const { train } = await adultTables();
  const encoding = fitFeatureEncoding(train, ['income', 'sex']);
  const rows = encodeFeatures(encoding, train).rows;
  const labels = binaryColumn(train, 'income', '>50K').values;
  const groups = groupColumn(train, ['sex']);
  const problemOf = (n: number, learner: FermLearner): FermProblem => {
    const l = labels.slice(0, n);
    const g = groups.slice(0, n);
    return { rows: rows.slice(0, n), labels: l, groups: g, order: orderGroups(g, l, 'equal-opportunity', 'adult.data'), fairness: 'equal-opportunity', learner };
  };
  const time = (work: () => unknown) => {
    const started = performance.now();
    work();
    return ((performance.now() - started) / 1000).toFixed(2);
  };
  const timed = (n: number, learner: FermLearner) => {
    const problem = problemOf(n, learner);
    return time(() => fitFerm(problem, selectSettings(problem, defaultGrid(learner), true, 0).settings, true));
  };
  console.log(`linear FERM (linear SVM), 3-fold CV over C and refit, ${rows.length} rows x ${rows[0]!.length} features: ${timed(rows.length, 'linear-svm')} s`);
  console.log(`RBF FERM, 3-fold CV over C and gamma and refit, 2000 rows: ${timed(2000, 'rbf-svm')} s`);
  for (const n of [500, 1000, 2000, 4000]) {
    const problem = problemOf(n, 'rbf-svm');
    const tau = tauRows(problem.rows, problem.labels, problem.groups, problem.order, 'equal-opportunity', 0.01);
    console.log(`kernel solver, one fit (C 10, gamma 0.01, one tau row), ${n} rows: ${time(() => fitKernelSvm(problem.rows, problem.labels, { C: 10, gamma: 0.01, equalities: tau, tolerance: 1e-3 }))} s`);
  }
}

void main();
