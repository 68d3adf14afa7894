import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gridSearchCandidates, multiplierGrid } from '../../server/src/methods/reductions/grid-search';
import { buildMoments } from '../../server/src/methods/reductions/moments';
import { createRandom } from '../../server/src/engine/numerics/random';
import { findMitigation } from '../../server/src/methods/registry';
import { describeParameters, validateParameters } from '../../server/src/params/schema';
import { compasSplit } from '../support/compas-split';
import { runWithFlags } from '../support/run-with-flags';
import type { ModelFile } from '../../common/reports/mitigation';

const nonZero = (point: number[]) => point.filter((v) => v !== 0).length;

describe('grid search multiplier grid', () => {
  it('spaces 21 multipliers evenly in [-2, 2] on one axis (two groups, one event)', () => {
    // hand-computed: -2, -1.8, ..., 2 in steps of 4/20
    const grid = multiplierGrid(1, 21, 2);
    assert.equal(grid.length, 21);
    grid.forEach(([value], i) => assert.ok(Math.abs(value! - (-2 + 0.2 * i)) < 1e-12, `${i}: ${value}`));
  });

  it('takes the full 4 × 4 lattice on two axes (floor(√21) = 4 values each)', () => {
    const grid = multiplierGrid(2, 21, 2);
    const values = [-2, -2 / 3, 2 / 3, 2];
    assert.equal(grid.length, 16);
    for (const a of values)
      for (const b of values)
        assert.ok(
          grid.some(([x, y]) => Math.abs(x! - a) < 1e-12 && Math.abs(y! - b) < 1e-12),
          `${a}, ${b}`,
        );
  });

  for (const axes of [5, 10]) {
    it(`keeps at most 21 points with the fewest non-zero multipliers on ${axes} axes (the lattice has 3^${axes})`, () => {
      const grid = multiplierGrid(axes, 21, 2);
      assert.equal(grid.length, 21);
      assert.equal(new Set(grid.map((p) => p.join(','))).size, 21, 'distinct points');
      for (const point of grid) {
        assert.equal(point.length, axes);
        assert.ok(point.every((v) => v === 0 || v === 2 || v === -2));
      }
      // brute force over counts: 1 origin and 2·axes single-axis points come first, the rest have two non-zeros
      const counts = grid.map(nonZero);
      assert.equal(counts.filter((c) => c === 0).length, 1);
      assert.equal(counts.filter((c) => c === 1).length, 2 * axes);
      assert.equal(counts.filter((c) => c === 2).length, 21 - 1 - 2 * axes);
    });
  }

  it('fits one classifier per grid point, at most 21, with six groups and equalized odds', () => {
    const random = createRandom(3);
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const groups: string[] = [];
    const rows: Float64Array[] = [];
    const labels = new Uint8Array(600);
    for (let i = 0; i < 600; i++) {
      const g = i % 6;
      groups.push(names[g]!);
      const x = random.normal() + 0.3 * g;
      rows.push(Float64Array.of(x, random.normal()));
      labels[i] = x + random.normal() > 0.8 ? 1 : 0;
    }
    const moments = buildMoments('equalized-odds', groups, labels, 'synthetic.csv');
    const candidates = gridSearchCandidates(rows, labels, moments);
    // 2 events × 5 free groups = 10 axes: the plain lattice would be 59,049 fits
    assert.equal(candidates.length, 21);
  });
});

describe('grid search --grid-size (a parameter added by one schema edit)', () => {
  // COMPAS by sex under demographic parity: two groups and one event, so one free multiplier
  // axis, and a grid of N points fits exactly N logistic regressions (multiplierGrid(1, N, 2)).
  const flags = (extra: Record<string, string>) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-grid-'));
    const { train, test } = compasSplit(dir);
    return { train, test, label: 'two_year_recid', sensitive: 'sex', features: 'age,priors_count,juv_fel_count', out: path.join(dir, 'out'), ...extra };
  };

  for (const [given, visited] of [
    [undefined, 21],
    ['5', 5],
  ] as const) {
    it(`fits ${visited} classifiers with ${given === undefined ? 'the default grid' : `--grid-size ${given}`}, and reports the size`, async () => {
      const report = await runWithFlags(findMitigation('grid-search')!, flags(given === undefined ? {} : { 'grid-size': given }));
      assert.equal(report.parameters['gridSize'], visited);
      assert.equal(report.parameters['classifiersVisited'], visited);
    });
  }

  it('writes its classifier on the training rows and the bound 2ε its ε puts on the demographic parity difference there', async () => {
    const given = flags({ epsilon: '0.02' });
    const report = await runWithFlags(findMitigation('grid-search')!, given);
    // the training file's rows (compasSplit keeps 2 of every 3 of the example's rows), recounted from the file
    const trainRows = readFileSync(given.train, 'utf8').trimEnd().split('\n').slice(1);
    assert.equal(report.onFittingRows?.rows, trainRows.length);
    assert.equal(report.onFittingRows?.bound?.metric, 'demographic_parity_difference');
    assert.equal(report.onFittingRows?.bound?.limit, 0.04);
    // the gap recounted independently: model.json applied to train.csv, each sex's mean chance of a positive decision
    const applied = path.join(path.dirname(given.out), 'train.applied.csv');
    const model = JSON.parse(readFileSync(path.join(given.out, 'model.json'), 'utf8')) as ModelFile;
    await findMitigation('grid-search')!.apply!(model, given.train, { out: applied, csv: {} }, {});
    const [header, ...lines] = readFileSync(applied, 'utf8').trimEnd().split('\n');
    const columns = header!.split(',');
    const [sex, chance] = [columns.indexOf('sex'), columns.indexOf('grid-search_probability')];
    const sums = new Map<string, [number, number]>();
    for (const line of lines) {
      const cells = line.split(',');
      const [sum, count] = sums.get(cells[sex]!) ?? [0, 0];
      sums.set(cells[sex]!, [sum + Number(cells[chance]), count + 1]);
    }
    const rates = [...sums.values()].map(([sum, count]) => sum / count);
    const fitted = report.onFittingRows!.aggregates['demographic_parity_difference']!;
    assert.ok(Math.abs(fitted - (Math.max(...rates) - Math.min(...rates))) < 1e-9, `${fitted} vs ${rates.join(', ')}`);
  });

  it('is described to the editor, and checked in its words as on the command line', () => {
    const method = findMitigation('grid-search')!;
    const property = describeParameters(method.params).properties['gridSize']!;
    assert.equal(property.title, 'Grid points');
    assert.equal(property.advanced, true, 'asked under "More settings…"');
    assert.deepEqual([property.minimum, property.maximum, property.default], [3, 201, 21]);
    const params = { train: 'train.csv', label: 'two_year_recid', sensitive: ['sex'] };
    assert.throws(() => validateParameters(method.params, { ...params, gridSize: 2 }, 'title'), /"Grid points" expects an integer in \[3, 201\], got 2$/);
    assert.throws(() => validateParameters(method.params, { ...params, gridSize: 2.5 }, 'flag'), /--grid-size expects an integer in \[3, 201\], got 2\.5$/);
  });
});
