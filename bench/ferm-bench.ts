/**
 * FERM benchmark (not a test): linear FERM with CV on Adult, RBF FERM on 2,000 rows, and the
 * kernel solver's scaling from 500 to 4,000 rows. Wall time and this process's CPU time (user +
 * system, from process.cpuUsage) are both printed: the machine is shared, so wall time alone
 * overstates the cost when other jobs run.
 * Run: npx tsc -p tsconfig.test.json && node out/bench/ferm-bench.js [linear|command|rbf|scaling]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fitKernelSvm } from '../server/src/engine/learners/kernel-svm';
import { encodeFeatures, everyColumnBut, fitFeatureEncoding } from '../server/src/engine/learners/features';
import { defaultGrid, FermLearner, FermProblem, fitFerm, selectSettings, tauRows } from '../server/src/methods/ferm/ferm';
import { orderGroups } from '../server/src/methods/ferm/projection';
import { binaryColumn } from '../server/src/engine/table/table';
import { sensitiveGroupColumn } from '../server/src/engine/audit/sensitive-bins';
import { ferm } from '../server/src/methods/ferm/command';
import { adultCsvFiles, adultTables } from '../test/support/adult';
import { runWithFlags } from '../test/support/run-with-flags';

function measure(work: () => unknown): string {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  work();
  const cpu = process.cpuUsage(cpuStart);
  return `${((performance.now() - wallStart) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU`;
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const { train } = await adultTables();
  const encoding = fitFeatureEncoding(train, everyColumnBut(train, ['income', 'sex']));
  const rows = encodeFeatures(encoding, train).rows;
  const labels = binaryColumn(train, 'income', '>50K').values;
  const groups = sensitiveGroupColumn(train, ['sex'], {});
  const problemOf = (n: number, learner: FermLearner): FermProblem => {
    const l = labels.slice(0, n);
    const g = groups.slice(0, n);
    return {
      rows: rows.slice(0, n),
      labels: l,
      groups: g,
      order: orderGroups(g, l, 'equal-opportunity', 'adult.data'),
      fairness: 'equal-opportunity',
      learner,
    };
  };
  // Selection and refit, as `parity mitigate ferm` does for the FERM model.
  const selectAndRefit = (n: number, learner: FermLearner) => {
    const problem = problemOf(n, learner);
    return measure(() => fitFerm(problem, selectSettings(problem, defaultGrid(learner), true, { seed: 0 }).settings, true));
  };
  if (!only || only === 'linear')
    console.log(
      `linear FERM (linear SVM), 3-fold CV over C and refit, ${rows.length} rows x ${rows[0]!.length} features: ${selectAndRefit(rows.length, 'linear-svm')}`,
    );
  if (!only || only === 'command') {
    // The whole `parity mitigate ferm` run: load and encode both files, CV of the plain SVM and of
    // FERM, two refits, evaluation, writing the output.
    const files = await adultCsvFiles();
    const out = mkdtempSync(path.join(tmpdir(), 'parity-ferm-bench-'));
    const wallStart = performance.now();
    const cpuStart = process.cpuUsage();
    await runWithFlags(ferm, { train: files.train, test: files.test, label: 'income', positive: '>50K', sensitive: 'sex', out }, {});
    const cpu = process.cpuUsage(cpuStart);
    console.log(
      `parity mitigate ferm (linear SVM) on Adult, train ${files.train} and test, end to end: ${((performance.now() - wallStart) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU`,
    );
  }
  if (!only || only === 'rbf') console.log(`RBF FERM, 3-fold CV over C and gamma and refit, 2000 rows: ${selectAndRefit(2000, 'rbf-svm')}`);
  if (!only || only === 'scaling') {
    for (const n of [500, 1000, 2000, 4000]) {
      const problem = problemOf(n, 'rbf-svm');
      const tau = tauRows(problem.rows, problem.labels, problem.groups, problem.order, 'equal-opportunity', 0.01);
      console.log(
        `kernel solver, one fit (C 10, gamma 0.01, one tau row), ${n} rows: ${measure(() => fitKernelSvm(problem.rows, problem.labels, { C: 10, gamma: 0.01, equalities: tau, tolerance: 1e-3 }))}`,
      );
    }
  }
}

void main();
