// --weight: every count becomes a weight sum. Expected values: Fairlearn 0.9's MetricFrame with
// sample_weight on the same file (test/fixtures/audit/weighted.fairlearn.json, written by
// `PYTHONPATH=../shared/peers /usr/bin/python3 bench/peers/fairlearn-weights.py`), and a
// brute-force weighted recomputation over the rows in this test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runAudit } from '../../server/src/services/audit';
import type { Grouping } from '../../common/reports/audit';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/audit');
const file = path.join(fixtures, 'weighted.csv');

interface FairlearnGrouping {
  by_group: Record<string, Record<string, number>>;
  overall: Record<string, number>;
  demographic_parity_difference: number;
  demographic_parity_ratio: number;
  equalized_odds_difference: number;
}
const fairlearn = JSON.parse(readFileSync(path.join(fixtures, 'weighted.fairlearn.json'), 'utf8')) as Record<string, FairlearnGrouping>;

interface Row {
  race: string;
  sex: string;
  label: number;
  prediction: number;
  score: number;
  weight: number;
}
const rows: Row[] = readFileSync(file, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [race, sex, label, prediction, score, weight] = line.split(',');
    return { race: race!, sex: sex!, label: Number(label), prediction: Number(prediction), score: Number(score), weight: Number(weight) };
  });

function close(actual: number | null | undefined, expected: number, label: string, tolerance = 1e-12): void {
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) <= tolerance, `${label}: expected ${expected}, got ${actual}`);
}

describe('weighted audit (--weight)', async () => {
  const report = await runAudit(file, {
    roles: { label: 'label', prediction: 'prediction', score: 'score', sensitive: ['race', 'sex'] },
    weight: 'weight',
    bootstrap: 0,
    minGroupSize: 1,
  });
  const groupingOf = (by: string): Grouping => report.groupings.find((g) => g.by.join('&') === by)!;
  const names: Record<string, string> = {
    selection_rate: 'selection_rate',
    true_positive_rate: 'true_positive_rate',
    false_positive_rate: 'false_positive_rate',
    false_negative_rate: 'false_negative_rate',
    accuracy: 'accuracy',
    positive_predictive_value: 'positive_predictive_value',
    roc_auc: 'roc_auc',
  };

  for (const by of ['race', 'race&sex']) {
    it(`per-group rates and AUC equal Fairlearn's MetricFrame with sample_weight (${by})`, () => {
      const grouping = groupingOf(by);
      const expected = fairlearn[by]!;
      for (const group of grouping.groups) {
        const name = Object.values(group.key).join(' & ');
        for (const [ours, theirs] of Object.entries(names)) close(group.metrics[ours], expected.by_group[name]![theirs]!, `${name} ${ours}`);
      }
      for (const [ours, theirs] of Object.entries(names))
        if (theirs !== 'roc_auc') close(grouping.overall.metrics[ours], expected.overall[theirs]!, `overall ${ours}`);
      close(grouping.aggregates.demographic_parity_difference, expected.demographic_parity_difference, 'DP difference');
      close(grouping.aggregates.demographic_parity_ratio, expected.demographic_parity_ratio, 'DP ratio');
      close(grouping.aggregates.equalized_odds_difference, expected.equalized_odds_difference, 'EOdds difference');
    });
  }

  it('counts are rows, the weight and the representation are weight sums (brute force)', () => {
    const race = groupingOf('race');
    const totalWeight = rows.reduce((s, r) => s + r.weight, 0);
    for (const group of race.groups) {
      const members = rows.filter((r) => r.race === group.key.race);
      const weight = members.reduce((s, r) => s + r.weight, 0);
      assert.equal(group.count, members.length);
      close(group.metrics.weight, weight, 'weight', 1e-9);
      close(group.metrics.representation, weight / totalWeight, 'representation');
    }
    {
      // KS between the weighted score distributions, by brute force over every pair and value.
      const cdf = (race: string, t: number) => {
        const m = rows.filter((r) => r.race === race);
        return m.filter((r) => r.score <= t).reduce((s, r) => s + r.weight, 0) / m.reduce((s, r) => s + r.weight, 0);
      };
      const values = [...new Set(rows.map((r) => r.score))];
      let ks = 0;
      for (const a of ['X', 'Y', 'Z']) for (const b of ['X', 'Y', 'Z']) for (const t of values) ks = Math.max(ks, cdf(a, t) - cdf(b, t));
      close(race.aggregates.ks_distance, ks, 'weighted KS');
    }
  });

  it('a weight of 0 takes a row out of every rate (weight = label: every base rate is 1)', async () => {
    const positivesOnly = await runAudit(file, { roles: { label: 'label', prediction: 'prediction', sensitive: ['race'] }, bootstrap: 0, weight: 'label' });
    assert.equal(positivesOnly.columns.weight, 'label');
    for (const group of positivesOnly.groupings[0]!.groups) {
      close(group.metrics.base_rate, 1, 'base rate');
      assert.equal(group.metrics.false_positive_rate, null);
    }
  });

  it('intervals are drawn from the weighted statistics and cover the weighted estimate', async () => {
    const withIntervals = await runAudit(file, {
      roles: { label: 'label', prediction: 'prediction', score: 'score', sensitive: ['race'] },
      weight: 'weight',
      bootstrap: 200,
      seed: 4,
    });
    const x = withIntervals.groupings[0]!.groups.find((g) => g.key.race === 'X')!;
    const [low, high] = x.intervals.selection_rate!;
    assert.ok(low < x.metrics.selection_rate! && x.metrics.selection_rate! < high);
    // Kish's effective size (Σw)² / Σw² sets the binomial width the interval should have.
    const members = rows.filter((r) => r.race === 'X');
    const w = members.reduce((s, r) => s + r.weight, 0);
    const w2 = members.reduce((s, r) => s + r.weight * r.weight, 0);
    const p = x.metrics.selection_rate!;
    const width = 2 * 1.96 * Math.sqrt((p * (1 - p)) / ((w * w) / w2));
    assert.ok(Math.abs(high - low - width) / width < 0.3, `width ${high - low} vs ${width}`);
  });
});
