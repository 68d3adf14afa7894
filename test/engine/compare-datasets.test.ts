import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import type { Comparison } from '../../common/reports/comparison';
import { runComparison } from '../../server/src/services/compare';
import { runMethodInWorker } from '../../server/src/adapters/worker/method-runner';
import { MITIGATIONS } from '../../server/src/methods/registry';
import { appliesTo } from '../../common/method-tasks';
import { adultCsvFiles, SHARED_DATA } from '../support/adult';

const OWN_METHODS = ['reweighing', 'correlation-remover', 'disparate-impact-remover', 'exponentiated-gradient', 'grid-search'];

/**
 * COMPAS two-year recidivism with ProPublica's filters, African-American and Caucasian defendants,
 * demographics and criminal history as features (not the COMPAS score); rows i % 3 = 0 are the test split.
 */
function compasSplit(): { train: string; test: string } {
  const dir = path.resolve(__dirname, '../../../test/.cache');
  const train = path.join(dir, 'compas-compare-train.csv');
  const test = path.join(dir, 'compas-compare-test.csv');
  if (existsSync(train) && existsSync(test)) return { train, test };
  const parsed = Papa.parse<string[]>(gunzipSync(readFileSync(path.join(SHARED_DATA, 'compas-scores-two-years.csv.gz'))).toString('utf8'), {
    skipEmptyLines: true,
  });
  const [header, ...rows] = parsed.data;
  const at = (name: string) => header!.indexOf(name);
  const keep = ['sex', 'age', 'juv_fel_count', 'juv_misd_count', 'juv_other_count', 'priors_count', 'c_charge_degree', 'race', 'two_year_recid'];
  const kept = rows.filter((row) => {
    const days = Number(row[at('days_b_screening_arrest')]);
    return (
      row[at('days_b_screening_arrest')] !== '' &&
      Math.abs(days) <= 30 &&
      row[at('is_recid')] !== '-1' &&
      row[at('c_charge_degree')] !== 'O' &&
      ['African-American', 'Caucasian'].includes(row[at('race')]!)
    );
  });
  const csv = (part: string[][]) => Papa.unparse({ fields: keep, data: part.map((row) => keep.map((name) => row[at(name)]!)) }) + '\n';
  mkdirSync(dir, { recursive: true });
  writeFileSync(train, csv(kept.filter((_, i) => i % 3 !== 0)));
  writeFileSync(test, csv(kept.filter((_, i) => i % 3 === 0)));
  return { train, test };
}

/** Brute force, independent of paretoFront: a point is optimal exactly when no other point is at least as good on both axes and better on one. */
function checkFront(comparison: Comparison): void {
  const points = comparison.points.filter((p) => p.accuracy !== null && p.fairness !== null);
  assert.ok(points.length > 0);
  for (const p of points) {
    const dominated = points.some(
      (q) => q !== p && q.accuracy! >= p.accuracy! && q.fairness! <= p.fairness! && (q.accuracy! > p.accuracy! || q.fairness! < p.fairness!),
    );
    assert.equal(p.pareto, !dominated, `${p.method} ${p.parameter}=${p.value}: accuracy ${p.accuracy}, gap ${p.fairness}`);
  }
  assert.ok(points.some((p) => p.pareto));
}

function checkRun(comparison: Comparison, out: string): void {
  assert.deepEqual(JSON.parse(readFileSync(path.join(out, 'comparison.json'), 'utf8')), comparison);
  assert.deepEqual(
    comparison.methods.map((m) => m.method),
    // every registered method for a yes/no label (bounded-group-loss, for a numeric one, is left out)
    MITIGATIONS.filter((m) => appliesTo(m, 'classification')).map((m) => m.name),
    'every registered classification method is tried',
  );
  for (const m of comparison.methods) assert.ok(m.error !== null || m.points > 0, `${m.method} gave points or an error`);
  for (const name of OWN_METHODS) {
    const run = comparison.methods.find((m) => m.method === name)!;
    assert.equal(run.error, null, name);
    assert.ok(run.points >= 5, `${name} swept its strength`);
  }
  for (const p of comparison.points) assert.ok(existsSync(p.report), p.report);
  assert.ok(comparison.reference.accuracy! > 0.5);
  checkFront(comparison);
}

describe('parity compare on real data', () => {
  it('runs every method on COMPAS (race, equal opportunity) and marks a correct Pareto front', async () => {
    const { train, test } = compasSplit();
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'parity-compare-compas-')), 'out');
    const comparison = await runComparison(
      { train, test, label: 'two_year_recid', positive: '1', sensitive: ['race'], fairnessMetric: 'equal_opportunity_difference', seed: 0, out },
      runMethodInWorker,
    );
    checkRun(comparison, out);
  });

  it('runs every method on Adult (sex, demographic parity) and marks a correct Pareto front', async () => {
    const { train, test } = await adultCsvFiles();
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'parity-compare-adult-')), 'out');
    const comparison = await runComparison(
      { train, test, label: 'income', positive: '>50K', sensitive: ['sex'], fairnessMetric: 'demographic_parity_difference', seed: 0, out },
      runMethodInWorker,
    );
    checkRun(comparison, out);
  });
});
