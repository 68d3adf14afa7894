// The audit of ProPublica's COMPAS data against an independent recomputation in this test:
// the whole file parsed at once (not streamed), confusion counts by plain counting, and ROC AUC by
// comparing every positive-negative pair (O(n²), no sorting) — none of the engine's code paths.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { runAudit } from '../../server/src/services/audit';

const compas = path.resolve(__dirname, '../../../../shared/data/compas-scores-two-years.csv.gz');

interface Row {
  race: string;
  sex: string;
  score: number;
  label: boolean;
}

function loadRows(): Row[] {
  const parsed = Papa.parse<string[]>(gunzipSync(readFileSync(compas)).toString('utf8'), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  const column = (name: string) => header!.indexOf(name); // the first of the repeated decile_score columns
  return rows.map((r) => ({
    race: r[column('race')]!,
    sex: r[column('sex')]!,
    score: Number(r[column('decile_score')]),
    label: r[column('two_year_recid')] === '1',
  }));
}

function expectedMetrics(rows: readonly Row[]): Record<string, number> {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (const row of rows) {
    const predicted = row.score >= 5;
    if (row.label && predicted) tp++;
    else if (row.label) fn++;
    else if (predicted) fp++;
    else tn++;
  }
  const positives = rows.filter((r) => r.label).map((r) => r.score);
  const negatives = rows.filter((r) => !r.label).map((r) => r.score);
  let ordered = 0;
  for (const p of positives) for (const n of negatives) ordered += p > n ? 1 : p === n ? 0.5 : 0;
  const n = rows.length;
  return {
    count: n,
    base_rate: (tp + fn) / n,
    selection_rate: (tp + fp) / n,
    true_positive_rate: tp / (tp + fn),
    false_positive_rate: fp / (fp + tn),
    true_negative_rate: tn / (fp + tn),
    false_negative_rate: fn / (tp + fn),
    positive_predictive_value: tp / (tp + fp),
    negative_predictive_value: tn / (tn + fn),
    false_discovery_rate: fp / (tp + fp),
    false_omission_rate: fn / (tn + fn),
    accuracy: (tp + tn) / n,
    balanced_accuracy: (tp / (tp + fn) + tn / (fp + tn)) / 2,
    error_rate: (fp + fn) / n,
    roc_auc: ordered / (positives.length * negatives.length),
  };
}

describe('COMPAS: audit against an independent recomputation', async () => {
  const rows = loadRows();
  const report = await runAudit(compas, {
    roles: { label: 'two_year_recid', score: 'decile_score', sensitive: ['race', 'sex'] },
    threshold: 5,
    bootstrap: 0,
  });

  it('reads every row', () => {
    assert.equal(rows.length, 7214);
    assert.equal(report.rows, 7214);
    assert.equal(report.rowsUsed, 7214);
    assert.deepEqual(
      report.groupings.map((g) => g.by),
      [['race'], ['sex'], ['race', 'sex']],
    );
  });

  for (const by of [['race'], ['sex'], ['race', 'sex']] as const) {
    it(`agrees to 1e-12 on every group of ${by.join(' × ')} and on the aggregates`, () => {
      const grouping = report.groupings.find((g) => g.by.join() === by.join())!;
      const keyOf = (row: Row) => by.map((c) => row[c]).join(' & ');
      const expectedGroups = new Map<string, Row[]>();
      for (const row of rows) expectedGroups.set(keyOf(row), [...(expectedGroups.get(keyOf(row)) ?? []), row]);
      assert.equal(grouping.groups.length, expectedGroups.size);
      const selectionRates: number[] = [];
      for (const group of grouping.groups) {
        const key = by.map((c) => group.key[c]).join(' & ');
        const expected = expectedMetrics(expectedGroups.get(key)!);
        for (const [name, value] of Object.entries(expected)) {
          if (Number.isNaN(value)) {
            assert.equal(group.metrics[name], null, `${key} ${name}`);
            continue;
          }
          const actual = group.metrics[name];
          assert.ok(actual !== null && actual !== undefined && Math.abs(actual - value) <= 1e-12, `${key} ${name}: ${actual} vs ${value}`);
        }
        selectionRates.push(expected.selection_rate!);
      }
      const overall = expectedMetrics(rows);
      for (const [name, value] of Object.entries(overall)) {
        assert.ok(Math.abs(grouping.overall.metrics[name]! - value) <= 1e-12, `overall ${name}`);
      }
      const dp = Math.max(...selectionRates) - Math.min(...selectionRates);
      assert.ok(Math.abs(grouping.aggregates.demographic_parity_difference! - dp) <= 1e-12);
      assert.ok(Math.abs(grouping.aggregates.demographic_parity_ratio! - Math.min(...selectionRates) / Math.max(...selectionRates)) <= 1e-12);
    });
  }

  it('matches the published ProPublica finding on false positive rates', () => {
    // ProPublica (2016): Black defendants who did not reoffend were labelled medium/high risk about
    // twice as often as white defendants (44.9% vs 23.5% in their two-year analysis).
    const race = report.groupings[0]!;
    const fpr = (value: string) => race.groups.find((g) => g.key.race === value)!.metrics.false_positive_rate!;
    assert.ok(Math.abs(fpr('African-American') - 0.449) < 0.005, `African-American FPR ${fpr('African-American')}`);
    assert.ok(Math.abs(fpr('Caucasian') - 0.235) < 0.005, `Caucasian FPR ${fpr('Caucasian')}`);
  });
});
