import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runAudit } from '../../server/src/services/audit';
import { percentileInterval, replicateWeight, rowHash } from '../../server/src/engine/metrics/bootstrap';

const compas = path.resolve(__dirname, '../../../../shared/data/compas-scores-two-years.csv.gz');
const options = {
  roles: { label: 'two_year_recid', score: 'decile_score', sensitive: ['race'] },
  threshold: 5,
};

describe('Poisson bootstrap weights', () => {
  it('have the mean and variance of Poisson(1) and are uncorrelated across replicates', () => {
    const rows = 200_000;
    let sum = 0;
    let sumSquares = 0;
    let crossProduct = 0;
    for (let i = 0; i < rows; i++) {
      const hash = rowHash(7, i);
      const w0 = replicateWeight(hash, 0);
      const w1 = replicateWeight(hash, 1);
      sum += w0;
      sumSquares += w0 * w0;
      crossProduct += (w0 - 1) * (w1 - 1);
    }
    const mean = sum / rows;
    const variance = sumSquares / rows - mean * mean;
    // Standard errors at n = 200,000: mean 0.0022, variance about 0.0051, covariance 0.0022 (4 s.e. bounds).
    assert.ok(Math.abs(mean - 1) < 0.009, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 0.02, `variance ${variance}`);
    assert.ok(Math.abs(crossProduct / rows) < 0.009, `covariance ${crossProduct / rows}`);
  });

  it('percentile interval uses type-7 quantiles and ignores NaN replicates', () => {
    // 0..100: the 2.5% and 97.5% type-7 quantiles are 2.5 and 97.5
    const values = Float64Array.from({ length: 101 }, (_, i) => i);
    const [low, high] = percentileInterval(values, 0.95)!;
    assert.ok(Math.abs(low - 2.5) < 1e-12 && Math.abs(high - 97.5) < 1e-12, `${low}, ${high}`);
    const mostlyMissing = Float64Array.from([1, Number.NaN, Number.NaN]);
    assert.equal(percentileInterval(mostlyMissing, 0.95), null);
  });
});

describe('bootstrap intervals on COMPAS', async () => {
  const first = await runAudit(compas, { ...options, bootstrap: 200, seed: 1 });
  const again = await runAudit(compas, { ...options, bootstrap: 200, seed: 1 });
  const other = await runAudit(compas, { ...options, bootstrap: 200, seed: 2 });
  const black = (report: typeof first) => report.groupings[0]!.groups.find((g) => g.key.race === 'African-American')!;

  it('are reproducible for a seed and change with it', () => {
    assert.deepEqual(black(first).intervals, black(again).intervals);
    assert.notDeepEqual(black(first).intervals.selection_rate, black(other).intervals.selection_rate);
  });

  it('cover the estimate and have the binomial width for a proportion', () => {
    const group = black(first);
    const p = group.metrics.selection_rate!;
    const [low, high] = group.intervals.selection_rate!;
    assert.ok(low < p && p < high);
    // Normal approximation: 2 · 1.96 · sqrt(p(1 - p)/n). With 200 resamples the percentile width
    // has a relative standard error of roughly 7%; allow 25%.
    const expectedWidth = 2 * 1.96 * Math.sqrt((p * (1 - p)) / group.count);
    assert.ok(Math.abs(high - low - expectedWidth) / expectedWidth < 0.25, `width ${high - low} vs ${expectedWidth}`);
  });

  it('exist for aggregates and disparities', () => {
    const race = first.groupings[0]!;
    const [low, high] = race.aggregateIntervals.demographic_parity_difference!;
    assert.ok(low <= race.aggregates.demographic_parity_difference! && race.aggregates.demographic_parity_difference! <= high);
    assert.ok(race.aggregateIntervals.roc_auc_difference !== null);
    const caucasian = race.groups.find((g) => g.key.race === 'Caucasian')!;
    assert.ok(caucasian.disparityIntervals.selection_rate !== null);
  });
});
