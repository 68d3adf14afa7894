import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { beforeAndAfter, outcomeChange } from '../../server/src/engine/audit/change';
import { summarizeOutcomes, type ClassificationOutcomes } from '../../server/src/engine/audit/outcomes';
import { exponentiatedGradient } from '../../server/src/methods/reductions/exponentiated-gradient-command';
import { compasSplit } from '../support/compas-split';
import { runWithFlags } from '../support/run-with-flags';

const close = (actual: number | null | undefined, expected: number, what: string) =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 1e-12, `${what}: ${actual} vs ${expected}`);

/** A randomized decision: row i positive with probability probabilities[i] (its draw is not read). */
const randomized = (labels: number[], probabilities: number[], groups: string[]): ClassificationOutcomes => ({
  task: 'classification',
  labels,
  predictions: [],
  probability: (row) => probabilities[row]!,
  groups,
});

/** `times` copies of the rows, one after the other. */
const repeated = <T>(rows: T[], times: number): T[] => Array.from({ length: times }, () => rows).flat();

describe('a randomized decision in expectation, with bootstrap intervals', () => {
  // group A: labels 1, 0, 1 with p = 0.5, 0.5, 1; group B: labels 1, 0 with p = 0, 0.25
  const labels = [1, 0, 1, 1, 0];
  const probabilities = [0.5, 0.5, 1, 0, 0.25];
  const groups = ['A', 'A', 'A', 'B', 'B'];

  it('counts p toward predicted positive and 1 − p toward negative (by hand)', () => {
    const summary = summarizeOutcomes(randomized(labels, probabilities, groups), { bootstrap: 0 });
    const byGroup = Object.fromEntries(summary.groups.map((g) => [g.group, g.metrics]));
    // A: selected 0.5 + 0.5 + 1 = 2 of 3; TPR (0.5 + 1) / 2; FPR 0.5 / 1
    close(byGroup['A']!['selection_rate'], 2 / 3, 'A selection rate');
    close(byGroup['A']!['true_positive_rate'], 0.75, 'A TPR');
    close(byGroup['A']!['false_positive_rate'], 0.5, 'A FPR');
    // B: selected 0 + 0.25 of 2; TPR 0 / 1; FPR 0.25 / 1
    close(byGroup['B']!['selection_rate'], 0.125, 'B selection rate');
    close(byGroup['B']!['true_positive_rate'], 0, 'B TPR');
    close(byGroup['B']!['false_positive_rate'], 0.25, 'B FPR');
    close(summary.aggregates['demographic_parity_difference'], 2 / 3 - 0.125, 'DP difference');
    close(summary.aggregates['equal_opportunity_difference'], 0.75, 'EO difference');
    // equalized odds: the larger of the TPR gap 0.75 and the FPR gap 0.25
    close(summary.aggregates['equalized_odds_difference'], 0.75, 'equalized odds difference');
    // right in expectation: A 0.5 + 0.5 + 1, B 0 + 0.75, of 5 rows; selected 2.25 of 5
    close(summary.accuracy, 2.75 / 5, 'accuracy');
    close(summary.selectionRate, 2.25 / 5, 'selection rate');
    assert.deepEqual(
      summary.groups.map((g) => g.count),
      [3, 2],
    );
    assert.equal(summary.intervals, undefined);
  });

  it('gets a non-degenerate interval around each expected figure from the Poisson bootstrap', () => {
    // the same rows 40 times (200 rows): the point estimates are those of the five rows
    const summary = summarizeOutcomes(randomized(repeated(labels, 40), repeated(probabilities, 40), repeated(groups, 40)), { bootstrap: 200, seed: 3 });
    close(summary.aggregates['demographic_parity_difference'], 2 / 3 - 0.125, 'DP difference');
    assert.deepEqual(summary.bootstrap, { resamples: 200, seed: 3, level: 0.95, method: 'poisson-statistics' });
    const within = (value: number, interval: readonly [number, number] | null | undefined, what: string) => {
      assert.ok(interval, `${what}: no interval`);
      assert.ok(interval[0] < interval[1], `${what}: degenerate interval ${interval}`);
      assert.ok(interval[0] <= value && value <= interval[1], `${what}: ${value} outside ${interval}`);
    };
    within(2.75 / 5, summary.intervals?.['accuracy'], 'accuracy');
    within(2.25 / 5, summary.intervals?.['selection_rate'], 'selection rate');
    within(2 / 3 - 0.125, summary.aggregateIntervals?.['demographic_parity_difference'], 'DP difference');
    const a = summary.groups.find((g) => g.group === 'A')!;
    within(2 / 3, a.intervals?.['selection_rate'], 'A selection rate');
  });

  it('resamples rows, not their chances: a group whose rows all have p = 0.4 has the selection rate 0.4 in every resample', () => {
    // whatever rows a resample draws, each adds w·0.4 positives and w·0.6 negatives
    const summary = summarizeOutcomes(randomized(repeated([1, 0], 50), repeated([0.4, 0.4], 50), repeated(['A', 'A'], 50)), { bootstrap: 100 });
    const interval = summary.groups[0]!.intervals!['selection_rate']!;
    close(interval[0], 0.4, 'low');
    close(interval[1], 0.4, 'high');
  });

  it('compares two decisions identical in expectation: change 0, its paired interval containing 0', () => {
    // before: rows of A are positive with p = 0.5 each; after: one row surely, the other never.
    // Each group's expected confusion counts are the same (labels 1, 1 and 0, 0 in A), so every
    // point estimate is unchanged; a resample weighting the two rows apart moves them apart.
    const rowLabels = repeated([1, 1, 0, 0, 1, 0], 30);
    const rowGroups = repeated(['A', 'A', 'A', 'A', 'B', 'B'], 30);
    const before = randomized(rowLabels, repeated([0.5, 0.5, 0.5, 0.5, 0.3, 0.3], 30), rowGroups);
    const after = randomized(rowLabels, repeated([1, 0, 1, 0, 0.3, 0.3], 30), rowGroups);
    const { change } = beforeAndAfter(before, after, { bootstrap: 200, seed: 1 });
    close(change.accuracy, 0, 'accuracy change');
    close(change.aggregates['demographic_parity_difference'], 0, 'DP change');
    for (const [what, interval] of [
      ['accuracy', change.intervals!['accuracy']],
      ['DP', change.aggregateIntervals!['demographic_parity_difference']],
    ] as const) {
      assert.ok(interval && interval[0] <= 0 && 0 <= interval[1], `${what} change interval ${interval}`);
      assert.ok(interval[0] < interval[1], `${what}: the rows were resampled apart, so the interval is not [0, 0]: ${interval}`);
    }
  });

  it('gives a deterministic decision and the same decision as probabilities 0 and 1 the change 0 in every resample', () => {
    // the same rows fall in the same strata on both sides, so every replicate's difference is 0
    const rowLabels = repeated([1, 0, 1, 0, 1], 20);
    const decisions = repeated([1, 1, 0, 0, 1], 20);
    const rowGroups = repeated(['A', 'A', 'B', 'B', 'B'], 20);
    const before: ClassificationOutcomes = { task: 'classification', labels: rowLabels, predictions: decisions, groups: rowGroups };
    const after = randomized(rowLabels, decisions, rowGroups);
    const evaluation = { bootstrap: 50, seed: 2 };
    const summaries = { before: summarizeOutcomes(before, evaluation), after: summarizeOutcomes(after, evaluation) };
    assert.deepEqual(summaries.after.aggregates, summaries.before.aggregates);
    const change = outcomeChange({ before, after }, summaries, evaluation);
    assert.deepEqual(change.intervals!['accuracy'], [0, 0]);
    assert.deepEqual(change.aggregateIntervals!['equalized_odds_difference'], [0, 0]);
  });
});

describe('exponentiated gradient reports its mixture in expectation', () => {
  it("has `after` equal to the expected figures of predictions.csv's probabilities, and `draw` those of its predictions", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-eg-expected-'));
    const { train, test } = compasSplit(dir);
    const out = path.join(dir, 'out');
    const report = await runWithFlags(exponentiatedGradient, {
      train,
      test,
      label: 'two_year_recid',
      sensitive: 'race',
      constraint: 'demographic-parity',
      epsilon: '0.02',
      bootstrap: '50',
      out,
    });
    // predictions.csv recounted: per group, Σ p / rows (expected) and Σ prediction / rows (the draw)
    const [header, ...lines] = readFileSync(report.files.predictions, 'utf8').trimEnd().split('\n');
    const columns = header!.split(',');
    const [race, label, probability, prediction] = ['race', 'two_year_recid', 'exponentiated-gradient_probability', 'exponentiated-gradient_prediction'].map(
      (name) => columns.indexOf(name),
    );
    assert.ok(probability! >= 0 && prediction! >= 0, header);
    const sums = new Map<string, { rows: number; expected: number; drawn: number; positives: number; expectedTrue: number; drawnTrue: number }>();
    let expectedRight = 0;
    let drawnRight = 0;
    let randomizedRows = 0;
    for (const line of lines) {
      const cells = line.split(',');
      const p = Number(cells[probability!]);
      const d = Number(cells[prediction!]);
      const y = Number(cells[label!]);
      const sum = sums.get(cells[race!]!) ?? { rows: 0, expected: 0, drawn: 0, positives: 0, expectedTrue: 0, drawnTrue: 0 };
      sums.set(cells[race!]!, {
        rows: sum.rows + 1,
        expected: sum.expected + p,
        drawn: sum.drawn + d,
        positives: sum.positives + y,
        expectedTrue: sum.expectedTrue + y * p,
        drawnTrue: sum.drawnTrue + y * d,
      });
      if (p > 0 && p < 1) randomizedRows++;
      expectedRight += y === 1 ? p : 1 - p;
      drawnRight += y === d ? 1 : 0;
    }
    assert.ok(randomizedRows > 0, 'the mixture randomizes some rows');
    const near = (actual: number | null | undefined, wanted: number, what: string) =>
      assert.ok(actual !== null && actual !== undefined && Math.abs(actual - wanted) < 1e-9, `${what}: ${actual} vs ${wanted}`);
    const draw = report.draw!;
    for (const [group, sum] of sums) {
      const after = report.after.groups.find((g) => g.group === group)!;
      const drawn = draw.groups.find((g) => g.group === group)!;
      near(after.metrics['selection_rate'], sum.expected / sum.rows, `${group} expected selection rate`);
      near(drawn.metrics['selection_rate'], sum.drawn / sum.rows, `${group} drawn selection rate`);
      if (sum.positives > 0) {
        near(after.metrics['true_positive_rate'], sum.expectedTrue / sum.positives, `${group} expected TPR`);
        near(drawn.metrics['true_positive_rate'], sum.drawnTrue / sum.positives, `${group} drawn TPR`);
      }
    }
    const rates = (key: 'expected' | 'drawn') => [...sums.values()].map((s) => s[key] / s.rows);
    near(report.after.aggregates['demographic_parity_difference'], Math.max(...rates('expected')) - Math.min(...rates('expected')), 'expected DP difference');
    near(draw.aggregates['demographic_parity_difference'], Math.max(...rates('drawn')) - Math.min(...rates('drawn')), 'drawn DP difference');
    near(report.after.accuracy, expectedRight / lines.length, 'expected accuracy');
    near(draw.accuracy, drawnRight / lines.length, 'drawn accuracy');
    // the expectation has intervals and a paired change; the draw is point estimates with its seed
    assert.equal(report.after.bootstrap?.resamples, 50);
    assert.ok(report.after.aggregateIntervals?.['demographic_parity_difference']);
    assert.equal(report.change?.bootstrap?.method, 'poisson-paired');
    near(
      report.change!.aggregates['demographic_parity_difference'],
      report.after.aggregates['demographic_parity_difference']! - report.before.aggregates['demographic_parity_difference']!,
      'DP change',
    );
    assert.equal(draw.intervals, undefined);
    assert.equal(draw.seed, 0);
    assert.equal(report.schemaVersion, 2);
  });
});
