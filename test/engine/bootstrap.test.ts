import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runAudit } from '../../server/src/services/audit';
import { percentileInterval } from '../../server/src/engine/metrics/bootstrap';
import { KeyedUniforms, logGamma, poisson, replicateSeed, resampledWeight } from '../../server/src/engine/metrics/poisson';

const compas = path.resolve(__dirname, '../../../../shared/data/compas-scores-two-years.csv.gz');
const options = {
  roles: { label: 'two_year_recid', score: 'decile_score', sensitive: ['race'] },
  threshold: 5,
};

describe('Poisson draws per statistic key', () => {
  // Moments of Poisson(mean) over 40,000 keys; bounds are 5 standard errors of the sample mean
  // (sqrt(mean / n)) and of the sample variance (about mean * sqrt(2 / n) for large means).
  for (const mean of [1, 3.5, 9.99, 10, 57, 4000, 2.5e6]) {
    it(`have the mean and variance of Poisson(${mean}) (inversion under 10, PTRS from 10)`, () => {
      const n = 40_000;
      const uniforms = new KeyedUniforms();
      let sum = 0;
      let sumSquares = 0;
      for (let key = 0; key < n; key++) {
        uniforms.reset(replicateSeed(3, 0, key));
        const k = poisson(mean, uniforms);
        assert.ok(Number.isInteger(k) && k >= 0);
        sum += k;
        sumSquares += k * k;
      }
      const sampleMean = sum / n;
      const variance = sumSquares / n - sampleMean * sampleMean;
      assert.ok(Math.abs(sampleMean - mean) < 5 * Math.sqrt(mean / n), `mean ${sampleMean}`);
      assert.ok(Math.abs(variance - mean) < 5 * Math.sqrt((2 * mean * mean + mean) / n), `variance ${variance}`);
    });
  }

  it('Poisson(1) probabilities match e^-1 / k! (k = 0, 1, 2, 3)', () => {
    const n = 100_000;
    const counts = [0, 0, 0, 0];
    const uniforms = new KeyedUniforms();
    for (let key = 0; key < n; key++) {
      uniforms.reset(replicateSeed(1, 4, key));
      const k = poisson(1, uniforms);
      if (k < 4) counts[k]!++;
    }
    [1, 1, 1 / 2, 1 / 6].forEach((inverseFactorial, k) => {
      const p = Math.exp(-1) * inverseFactorial;
      assert.ok(Math.abs(counts[k]! / n - p) < 5 * Math.sqrt((p * (1 - p)) / n), `P(K = ${k}) = ${counts[k]! / n} vs ${p}`);
    });
  });

  it('log-gamma agrees with log((x - 1)!) for whole numbers', () => {
    let logFactorial = 0;
    for (let x = 1; x <= 60; x++) {
      if (x > 1) logFactorial += Math.log(x - 1);
      assert.ok(Math.abs(logGamma(x) - logFactorial) < 1e-10 * Math.max(1, logFactorial), `x = ${x}`);
    }
  });

  it("resampled weights: K times the weight when a key's weights are equal; otherwise the mean and variance of the exact sum", () => {
    const uniforms = new KeyedUniforms();
    uniforms.reset(5);
    assert.equal(resampledWeight(7, 4, 4 * 2.5, 4 * 6.25, uniforms), 7 * 2.5);
    // Weights 1 and 3 (n = 2): the exact resampled sum K1 + 3 K2 has mean 4 and variance 1 + 9 = 10.
    const n = 60_000;
    let sum = 0;
    let sumSquares = 0;
    for (let key = 0; key < n; key++) {
      uniforms.reset(replicateSeed(9, 0, key));
      const k = poisson(2, uniforms);
      const w = resampledWeight(k, 2, 4, 10, uniforms);
      sum += w;
      sumSquares += w * w;
    }
    const mean = sum / n;
    const variance = sumSquares / n - mean * mean;
    assert.ok(Math.abs(mean - 4) < 5 * Math.sqrt(10 / n), `mean ${mean}`);
    // The floor at 0 trims a little of the lower tail: allow 3%.
    assert.ok(Math.abs(variance - 10) / 10 < 0.03, `variance ${variance}`);
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
