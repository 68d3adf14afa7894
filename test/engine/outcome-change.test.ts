import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { outcomeChange, beforeAndAfter } from '../../server/src/engine/audit/change';
import { ClassificationOutcomes, outcomeStatistics, RegressionOutcomes } from '../../server/src/engine/audit/outcomes';
import { DecisionRows, pairedDraws } from '../../server/src/engine/audit/paired-draws';
import { AUDIT_DEFAULTS } from '../../server/src/engine/audit/options';
import { binaryColumn, numericColumn } from '../../server/src/engine/table/table';
import { sensitiveGroupColumn } from '../../server/src/engine/audit/sensitive-bins';
import { loadTable } from '../../server/src/io/table';
import { beforeAfterNote, beforeAfterTable } from '../../common/render/mitigation-model';
import { EXCLUDED_NOTE, tableFootnote } from '../../common/render/table';
import type { MitigationReport } from '../../common/reports/mitigation';
import { percentiles } from '../support/percentiles';

const root = path.resolve(__dirname, '../../..');

function decisionOf(outcomes: ClassificationOutcomes | RegressionOutcomes): DecisionRows {
  const { statistics, codes, cellOfCode } = outcomeStatistics(outcomes);
  const cellOfRow = (row: number) => cellOfCode[codes[row]!]!;
  return outcomes.task === 'classification'
    ? { statistics, cellOfRow, labels: outcomes.labels, predictions: outcomes.predictions, values: outcomes.scores }
    : { statistics, cellOfRow, values: outcomes.predictions, targets: outcomes.targets };
}

describe('the change after − before (paired bootstrap)', () => {
  // Six rows of one group, each its own (label, before, after) combination:
  //   row      1  2  3  4  5  6
  //   label    1  1  1  0  0  0
  //   before   1  1  0  1  0  0   correct: rows 1, 2, 5, 6
  //   after    1  0  1  0  1  0   correct: rows 1, 3, 4, 6
  // Under row multiplicities m1..m6 (M their sum) accuracy changes by (m3 + m4 - m2 - m5) / M.
  const labels = [1, 1, 1, 0, 0, 0];
  const beforePredictions = [1, 1, 0, 1, 0, 0];
  const afterPredictions = [1, 0, 1, 0, 1, 0];
  const groups = labels.map(() => 'g');
  const before: ClassificationOutcomes = { task: 'classification', labels, predictions: beforePredictions, groups };
  const after: ClassificationOutcomes = { task: 'classification', labels, predictions: afterPredictions, groups };
  const resamples = 2000;

  /** The rows' multiplicities in replicate b, read back from the two decisions' confusion vectors (slot = 2 · label + prediction). */
  function multiplicities(seed: number): number[][] {
    const draws = pairedDraws(decisionOf(before), decisionOf(after), 6, seed, AUDIT_DEFAULTS.replicateValueBins);
    return Array.from({ length: resamples }, (_, b) => {
      const [tn, fp, fn, tp] = draws[0].draw(b).vectors!.values;
      const [tnAfter, fpAfter, fnAfter, tpAfter] = draws[1].draw(b).vectors!.values;
      // before: TP = m1 + m2, FN = m3, FP = m4, TN = m5 + m6; after: TP = m1 + m3, FN = m2, FP = m5, TN = m4 + m6
      const [m2, m3, m4, m5] = [fnAfter!, fn!, fp!, fpAfter!];
      const [m1, m6] = [tp! - m2, tn! - m5];
      // the same multiplicities account for after's other two cells: the draws are paired
      assert.equal(tpAfter, m1 + m3, `replicate ${b}: after's TP`);
      assert.equal(tnAfter, m4 + m6, `replicate ${b}: after's TN`);
      return [m1, m2, m3, m4, m5, m6];
    });
  }

  it('feeds before and after the same row multiplicities, each Poisson(1)', () => {
    const drawn = multiplicities(3);
    for (let row = 0; row < 6; row++) {
      const column = drawn.map((m) => m[row]!);
      assert.ok(column.every((m) => Number.isInteger(m) && m >= 0));
      const mean = column.reduce((a, b) => a + b, 0) / resamples;
      const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / (resamples - 1);
      // Poisson(1): mean 1 and variance 1; 2000 draws give the mean a standard error of 0.022, the variance about 0.05
      assert.ok(Math.abs(mean - 1) < 0.1, `row ${row + 1}: mean ${mean}`);
      assert.ok(Math.abs(variance - 1) < 0.25, `row ${row + 1}: variance ${variance}`);
    }
  });

  it('draws the rows independently, rows where before and after agree too', () => {
    // rows 1 and 6 are both decided the same way before and after (1 → 1, 0 → 0): their keys on
    // the two sides are equal, which once gave both the same draws (correlation 1)
    const drawn = multiplicities(3);
    const correlation = (a: number, b: number) => {
      const [x, y] = [drawn.map((m) => m[a]!), drawn.map((m) => m[b]!)];
      const mean = (v: number[]) => v.reduce((s, u) => s + u, 0) / v.length;
      const [mx, my] = [mean(x), mean(y)];
      const cov = x.reduce((s, u, i) => s + (u - mx) * (y[i]! - my), 0);
      return cov / Math.sqrt(x.reduce((s, u) => s + (u - mx) ** 2, 0) * y.reduce((s, v) => s + (v - my) ** 2, 0));
    };
    // independent Poisson(1) rows: 2000 draws give a correlation's standard error of 1/√2000 = 0.022
    for (let a = 0; a < 6; a++)
      for (let b = a + 1; b < 6; b++) assert.ok(Math.abs(correlation(a, b)) < 0.1, `rows ${a + 1} and ${b + 1}: correlation ${correlation(a, b)}`);
  });

  it('gives the accuracy change the percentile interval of (m3 + m4 - m2 - m5) / M over the same replicates', () => {
    const seed = 3;
    const summaries = beforeAndAfter(before, after, { bootstrap: resamples, seed });
    // point: before 4/6 correct, after 4/6
    assert.equal(summaries.change.accuracy, 0);
    const byHand = multiplicities(seed).map(([m1, m2, m3, m4, m5, m6]) => (m3! + m4! - m2! - m5!) / (m1! + m2! + m3! + m4! + m5! + m6!));
    const [low, high] = summaries.change.intervals!['accuracy']!;
    const [expectedLow, expectedHigh] = percentiles(byHand);
    assert.ok(Math.abs(low - expectedLow) < 1e-12 && Math.abs(high - expectedHigh) < 1e-12, `[${low}, ${high}] vs [${expectedLow}, ${expectedHigh}]`);
    assert.deepEqual(summaries.change.bootstrap, { resamples, seed, level: 0.95, method: 'poisson-paired' });
  });

  it('does not depend on the order of the rows', () => {
    const order = [4, 0, 5, 2, 1, 3];
    const permute = <T>(values: readonly T[]) => order.map((i) => values[i]!);
    const shuffled = (predictions: number[]): ClassificationOutcomes => ({
      task: 'classification',
      labels: permute(labels),
      predictions: permute(predictions),
      groups: permute(groups),
    });
    const change = (b: ClassificationOutcomes, a: ClassificationOutcomes) => beforeAndAfter(b, a, { bootstrap: 300, seed: 9 }).change.intervals;
    assert.deepEqual(change(shuffled(beforePredictions), shuffled(afterPredictions)), change(before, after));
  });

  it('pairs a regression: the MSE change is the percentile interval of Σ m_i ((a_i - t_i)² - (b_i - t_i)²) / M', () => {
    // four rows, distinct predictions, so each row is its own value segment and its weight is its multiplicity
    const targets = [1, 2, 3, 4];
    const beforeOutputs = [1.5, 2.5, 2, 5];
    const afterOutputs = [1, 3, 3.5, 4.5];
    const groupsOf = ['a', 'a', 'b', 'b'];
    const b: RegressionOutcomes = { task: 'regression', targets, predictions: beforeOutputs, groups: groupsOf };
    const a: RegressionOutcomes = { task: 'regression', targets, predictions: afterOutputs, groups: groupsOf };
    const seed = 5;
    const replicates = 1000;
    const draws = pairedDraws(decisionOf(b), decisionOf(a), 4, seed, AUDIT_DEFAULTS.replicateValueBins);
    const rowOf = (outputs: number[], side: 0 | 1, replicate: number) => {
      const drawn = draws[side].drawn!;
      const weights = draws[side].draw(replicate).segmentWeights!;
      // segment of row i: the run of its output (one segment per run here)
      return outputs.map((value) => weights[drawn.runStart[Array.from(drawn.runValues).indexOf(value)]!]!);
    };
    const byHand: number[] = [];
    for (let r = 0; r < replicates; r++) {
      const m = rowOf(beforeOutputs, 0, r);
      assert.deepEqual(rowOf(afterOutputs, 1, r), m, `replicate ${r}: the same multiplicities`);
      const total = m.reduce((x, y) => x + y, 0);
      byHand.push(m.reduce((sum, mi, i) => sum + mi * ((afterOutputs[i]! - targets[i]!) ** 2 - (beforeOutputs[i]! - targets[i]!) ** 2), 0) / total);
    }
    const summaries = beforeAndAfter(b, a, { bootstrap: replicates, seed });
    // point: before MSE (0.25 + 0.25 + 1 + 1) / 4 = 0.625, after (0 + 1 + 0.25 + 0.25) / 4 = 0.375
    assert.ok(Math.abs(summaries.change.mse! - (0.375 - 0.625)) < 1e-12);
    const [low, high] = summaries.change.intervals!['mse']!;
    const [expectedLow, expectedHigh] = percentiles(byHand);
    assert.ok(Math.abs(low - expectedLow) < 1e-12 && Math.abs(high - expectedHigh) < 1e-12, `[${low}, ${high}] vs [${expectedLow}, ${expectedHigh}]`);
  });

  it('draws scores and counts from the same multiplicities (COMPAS, decile scores by race)', async () => {
    const table = await loadTable(path.join(root, 'examples/compas/compas-two-years.csv'), {});
    const scores = numericColumn(table, 'decile_score');
    const rows = {
      labels: binaryColumn(table, 'two_year_recid', '1').values,
      scores,
      groups: sensitiveGroupColumn(table, ['race'], {}),
    };
    const cut = (c: number) => Uint8Array.from(scores, (s) => (s > c ? 1 : 0));
    const b: ClassificationOutcomes = { task: 'classification', ...rows, predictions: cut(5) };
    const a: ClassificationOutcomes = { task: 'classification', ...rows, predictions: cut(4) };
    const draws = pairedDraws(decisionOf(b), decisionOf(a), scores.length, 1, AUDIT_DEFAULTS.replicateValueBins);
    for (let r = 0; r < 20; r++) {
      for (const side of [0, 1] as const) {
        const { vectors, segmentWeights } = draws[side].draw(r);
        const drawn = draws[side].drawn!;
        // per group: the rows drawn into its confusion counts equal those drawn into its score segments
        const bySegments = new Float64Array(vectors!.rows.length);
        for (let s = 0; s < drawn.length; s++) bySegments[drawn.cells[s]!]! += segmentWeights![s]!;
        assert.deepEqual(Array.from(bySegments), Array.from(vectors!.rows));
      }
      assert.deepEqual(Array.from(draws[0].draw(r).vectors!.rows), Array.from(draws[1].draw(r).vectors!.rows));
    }
    // the scores are the same before and after, so every score distance changes by exactly 0 in every replicate
    const { change, before, after } = beforeAndAfter(b, a, { bootstrap: 200, seed: 1 });
    assert.deepEqual(change.aggregateIntervals!['ks_distance'], [0, 0]);
    // an extra property: pairing makes the accuracy change's interval narrower than the
    // difference of the independent intervals [after low - before high, after high - before low]
    const [low, high] = change.intervals!['accuracy']!;
    const [beforeLow, beforeHigh] = before.intervals!['accuracy']!;
    const [afterLow, afterHigh] = after.intervals!['accuracy']!;
    assert.ok(high - low < afterHigh - beforeLow - (afterLow - beforeHigh), `${high - low}`);
    assert.ok(low <= change.accuracy! && change.accuracy! <= high);
  });

  it('is a point estimate without intervals at 0 resamples', () => {
    const summaries = beforeAndAfter(before, after, { bootstrap: 0 });
    assert.equal(summaries.change.intervals, undefined);
    assert.equal(summaries.change.bootstrap, undefined);
    const direct = outcomeChange({ before, after }, summaries, { bootstrap: 0 });
    assert.deepEqual(direct, summaries.change);
  });

  it('shows the change with its paired interval and marks (†) an interval that leaves out its estimate (equal groups)', () => {
    // Two groups of 1000 rows, 500 selected in each: the selection-rate gap is 0 by hand, and every
    // resample's gap is |p_A* - p_B*| >= 0, almost never 0, so the percentile interval lies above 0.
    const n = 1000;
    const labelsOf = Array.from({ length: 2 * n }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const groupsOf = Array.from({ length: 2 * n }, (_, i) => (i < n ? 'A' : 'B'));
    const equal: ClassificationOutcomes = {
      task: 'classification',
      labels: labelsOf,
      predictions: labelsOf.map((_, i) => (i % 2 === 0 ? 1 : 0)),
      groups: groupsOf,
    };
    const shifted: ClassificationOutcomes = { ...equal, predictions: labelsOf.map((_, i) => (i % 2 === 0 || i % 5 === 1 ? 1 : 0)) };
    const compared = beforeAndAfter(equal, shifted, { bootstrap: 200 });
    assert.equal(compared.before.aggregates['demographic_parity_difference'], 0);
    const [low] = compared.before.aggregateIntervals!['demographic_parity_difference']!;
    assert.ok(low > 0, `the resampled gaps sit above 0: low ${low}`);
    const report = { task: 'classification', evaluatedOn: 'test', ...compared } as unknown as MitigationReport;
    const table = beforeAfterTable(report, report.after);
    const dp = table.rows.find((r) => r.cells[0]!.title?.endsWith('(demographic_parity_difference)'))!;
    assert.match(dp.cells[2]!.interval!, / †$/);
    assert.equal(dp.cells[2]!.title, EXCLUDED_NOTE);
    // why, right under the table (not at the end of the paragraph below it)
    assert.equal(tableFootnote(table), EXCLUDED_NOTE);
    assert.ok(!beforeAfterNote(report, report.after).includes(EXCLUDED_NOTE));
    // the change column: signed, with the paired interval, a minus sign for negatives
    const accuracy = table.rows[0]!;
    const change = compared.change;
    const signed = (v: number) => (v > 0 ? `+${v.toFixed(3)}` : v < 0 ? `−${(-v).toFixed(3)}` : v.toFixed(3));
    assert.equal(accuracy.cells[4]!.text, signed(change.accuracy!));
    assert.equal(accuracy.cells[4]!.interval, `[${change.intervals!['accuracy']!.map(signed).join(', ')}]`);
  });
});
