import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { seededRandom } from '../../server/src/engine/numerics/random';
import { findMitigation } from '../../server/src/methods/registry';
import { compasSplit } from '../support/compas-split';
import { runWithFlags } from '../support/run-with-flags';

/** A Poisson(1) draw by Knuth's product of uniforms. */
function poissonOne(next: () => number): number {
  let k = 0;
  let product = next();
  while (product > Math.exp(-1)) {
    k++;
    product *= next();
  }
  return k;
}

/** The 2.5 % and 97.5 % order statistics of the replicates. */
function percentile95(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
  return [at(0.025), at(0.975)];
}

/**
 * Intervals of accuracy, selection rate and the demographic parity difference by a Poisson
 * bootstrap of the rows written by hand: each row gets a Poisson(1) weight per resample.
 */
function bootstrapByRow(labels: number[], decisions: number[], groups: string[], resamples: number, seed: number) {
  // the engine's plain seeded stream, not the keyed per-stratum draws the bootstrap under test uses
  const next = seededRandom(seed);
  const names = [...new Set(groups)];
  const groupOf = groups.map((g) => names.indexOf(g));
  const figures = { accuracy: [] as number[], selectionRate: [] as number[], dp: [] as number[] };
  for (let b = 0; b < resamples; b++) {
    let total = 0;
    let right = 0;
    let selected = 0;
    const groupRows = new Float64Array(names.length);
    const groupSelected = new Float64Array(names.length);
    for (let i = 0; i < labels.length; i++) {
      const w = poissonOne(next);
      if (w === 0) continue;
      total += w;
      right += labels[i] === decisions[i] ? w : 0;
      selected += w * decisions[i]!;
      groupRows[groupOf[i]!]! += w;
      groupSelected[groupOf[i]!]! += w * decisions[i]!;
    }
    const rates = Array.from(groupRows, (rows, g) => groupSelected[g]! / rows);
    figures.accuracy.push(right / total);
    figures.selectionRate.push(selected / total);
    figures.dp.push(Math.max(...rates) - Math.min(...rates));
  }
  return { accuracy: percentile95(figures.accuracy), selectionRate: percentile95(figures.selectionRate), dp: percentile95(figures.dp) };
}

describe("grid search's intervals in expectation", () => {
  it('match an independent bootstrap of predictions.csv when its one classifier decides every row surely', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-grid-intervals-'));
    const { train, test } = compasSplit(dir);
    const resamples = 1000;
    const report = await runWithFlags(findMitigation('grid-search')!, {
      train,
      test,
      label: 'two_year_recid',
      sensitive: 'sex',
      features: 'age,priors_count,juv_fel_count,race',
      constraint: 'demographic-parity',
      bootstrap: String(resamples),
      out: path.join(dir, 'out'),
    });
    const [header, ...lines] = readFileSync(report.files.predictions, 'utf8').trimEnd().split('\n');
    const columns = header!.split(',');
    const [sex, label, probability] = ['sex', 'two_year_recid', 'grid-search_probability'].map((name) => columns.indexOf(name));
    const rows = lines.map((line) => line.split(','));
    const chances = rows.map((cells) => Number(cells[probability!]));
    // the case under test: a mixture of one classifier, every chance 0 or 1, so the expectation is that decision
    assert.equal(report.parameters['classifiersMixed'], 1);
    assert.ok(
      chances.every((p) => p === 0 || p === 1),
      'every chance 0 or 1',
    );
    const independent = bootstrapByRow(
      rows.map((cells) => Number(cells[label!])),
      chances,
      rows.map((cells) => cells[sex!]!),
      4000,
      7,
    );
    const after = report.after!;
    // Both are Poisson bootstraps of the same rows (a stratum of n rows drawn Poisson(n) is the sum
    // of its rows' Poisson(1) weights), so they differ by Monte Carlo error only. A 2.5 % quantile of
    // B replicates has a standard error of about √(0.025 · 0.975 / B) / φ(1.96) σ: 0.085 σ at B = 1000,
    // 0.042 σ at 4000, 0.095 σ for their difference, 2.4 % of a 95 % interval's width (3.92 σ).
    // 15 % of the width is 6 such errors. The fault fixed here (every stratum of the rows drawn from
    // one generator key) put accuracy's endpoints 37 % of the width away on these rows.
    const near = (what: string, actual: readonly [number, number] | null | undefined, expected: [number, number]) => {
      assert.ok(actual, `${what}: no interval`);
      const tolerance = 0.15 * (expected[1] - expected[0]);
      assert.ok(
        Math.abs(actual[0] - expected[0]) <= tolerance && Math.abs(actual[1] - expected[1]) <= tolerance,
        `${what}: [${actual.join(', ')}] vs the independent bootstrap's [${expected.join(', ')}]`,
      );
    };
    near('accuracy', after.intervals?.['accuracy'], independent.accuracy);
    near('selection rate', after.intervals?.['selection_rate'], independent.selectionRate);
    near('demographic parity difference', after.aggregateIntervals?.['demographic_parity_difference'], independent.dp);
  });
});
