// The before/after table's worst-group error row of a regression run: what bounded group loss
// bounds, read first among the fairness rows, with the group that sets it named. Every figure is
// in the hand-made reports below, and each expected one is worked out by hand beside it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { beforeAfterTable } from '../common/render/mitigation-model';
import { formatMitigationMarkdown } from '../common/render/mitigation-markdown';
import { renderMitigationHtml } from '../common/render/mitigation-html';
import type { OutcomeSummary } from '../common/reports/mitigation';
import type { TableModel } from '../common/render/table';
import { mitigationShell } from './support/mitigation-shell';

const WORST = 'worst_group_mean_squared_error';

interface Group {
  group: string;
  count: number;
  mse: number;
  meanPrediction: number;
}

/**
 * A regression summary of `groups`, its aggregates worked out by hand in the caller: over all of
 * them (`all`) and over those with ≥ 30 rows (`large`). The mean-prediction gap is listed before
 * the worst group's MSE, so the table's order is its own, not the summary's.
 */
function summary(groups: Group[], mse: number, all: [worst: number, gap: number], large: [worst: number, gap: number]): OutcomeSummary {
  const aggregates = ([worst, gap]: [number, number]) => ({ mean_prediction_difference: gap, [WORST]: worst });
  return {
    rows: groups.reduce((sum, g) => sum + g.count, 0),
    mse,
    aggregates: aggregates(all),
    largeGroups: { minGroupSize: 30, groups: groups.filter((g) => g.count >= 30).length, aggregates: aggregates(large) },
    groups: groups.map((g) => ({
      group: g.group,
      count: g.count,
      metrics: { mean_prediction: g.meanPrediction, mean_squared_error: g.mse, root_mean_squared_error: Math.sqrt(g.mse) },
    })),
  };
}

const rowOf = (table: TableModel, label: string, badge?: string) =>
  table.rows.find((row) => row.cells[0]!.text === label && (badge === undefined || row.cells[0]!.badge?.includes(badge)));

describe('the worst group’s error in a regression run’s before/after table', () => {
  // before: a (400 rows) MSE 0.5, mean prediction 0.1; b (100 rows) MSE 1.2, mean prediction 0.0.
  //   worst group MSE = max(0.5, 1.2) = 1.2 (b); mean prediction gap 0.1 − 0.0 = 0.1;
  //   overall MSE (400·0.5 + 100·1.2) / 500 = 0.64.
  // after: a MSE 0.7, mean prediction 0.3; b MSE 0.9, mean prediction −0.1.
  //   worst = max(0.7, 0.9) = 0.9 (b), down 0.3; gap 0.3 − (−0.1) = 0.4, up 0.3 (less fair);
  //   overall MSE (400·0.7 + 100·0.9) / 500 = 0.74.
  const before = summary(
    [
      { group: 'a', count: 400, mse: 0.5, meanPrediction: 0.1 },
      { group: 'b', count: 100, mse: 1.2, meanPrediction: 0 },
    ],
    0.64,
    [1.2, 0.1],
    [1.2, 0.1],
  );
  const after = summary(
    [
      { group: 'a', count: 400, mse: 0.7, meanPrediction: 0.3 },
      { group: 'b', count: 100, mse: 0.9, meanPrediction: -0.1 },
    ],
    0.74,
    [0.9, 0.4],
    [0.9, 0.4],
  );
  const run = (method: string) => mitigationShell({ method, kind: 'in-processing', task: 'regression', before, after });

  it('comes first among the fairness rows of bounded group loss, “fairer” as the gap in mean prediction widens', async () => {
    const report = run('bounded-group-loss');
    const table = beforeAfterTable(report, report.after);
    assert.deepEqual(
      table.rows.map((row) => row.cells[0]!.text),
      ['Mean squared error', 'Worst group MSE', 'Mean prediction difference'],
    );
    const worst = rowOf(table, 'Worst group MSE')!;
    // cells: measure, fairer when, before, after, change, direction (no paired change: the points' direction)
    assert.equal(worst.cells[1]!.text, 'lower is fairer');
    assert.equal(worst.cells[2]!.text, '1.200');
    assert.equal(worst.cells[3]!.text, '0.900');
    assert.equal(worst.cells[5]!.text, 'fairer');
    // the group that sets it, on both sides: b, 100 rows
    assert.match(worst.cells[2]!.detail ?? '', /^worst: b \(100 rows: 1\.200\)$/);
    assert.match(worst.cells[3]!.detail ?? '', /^worst: b \(100 rows: 0\.900\)$/);
    assert.equal(rowOf(table, 'Mean prediction difference')!.cells[5]!.text, 'less fair');
    assert.equal(rowOf(table, 'Mean squared error')!.cells[5]!.text, 'worse');
    // the exports show the row too
    assert.match(formatMitigationMarkdown(report), /Worst group MSE \| lower is fairer \| 1\.200/);
    assert.ok((await renderMitigationHtml(report)).includes('Worst group MSE'));
  });

  it('says “fairer” from the paired change when its interval leaves out 0', () => {
    // change: worst 0.9 − 1.2 = −0.3, gap 0.4 − 0.1 = 0.3, MSE 0.74 − 0.64 = 0.1, with intervals that leave out 0
    const report = {
      ...run('bounded-group-loss'),
      change: {
        mse: 0.1,
        intervals: { mse: [0.05, 0.15] as [number, number] },
        aggregates: { mean_prediction_difference: 0.3, [WORST]: -0.3 },
        aggregateIntervals: { mean_prediction_difference: [0.1, 0.5] as [number, number], [WORST]: [-0.5, -0.1] as [number, number] },
        largeGroups: { minGroupSize: 30, groups: 2, aggregates: { mean_prediction_difference: 0.3, [WORST]: -0.3 } },
        bootstrap: { resamples: 200, seed: 0, level: 0.95, method: 'poisson-paired' as const },
      },
    };
    const table = beforeAfterTable(report, report.after);
    const verdicts = Object.fromEntries(table.rows.map((row) => [row.cells[0]!.text, row.cells[5]!.text]));
    assert.deepEqual(verdicts, { 'Mean squared error': 'worse', 'Worst group MSE': 'fairer', 'Mean prediction difference': 'less fair' });
  });

  it('keeps the engine’s order for another regression method (the worst group’s error is not what it bounds)', () => {
    const report = run('wasserstein');
    assert.deepEqual(
      beforeAfterTable(report, report.after).rows.map((row) => row.cells[0]!.text),
      ['Mean squared error', 'Mean prediction difference', 'Worst group MSE'],
    );
  });

  it('is read over the adequately sized groups first when a small group has the largest error', () => {
    // c: 10 rows, under 30. before: c's MSE 3.1 is the worst over all three, b's 1.2 over a and b;
    // after: c 2.5 over all, b 0.9 over a and b. Gaps: before 0.1 − (−0.5) = 0.6 over all (c's mean
    // prediction −0.5), 0.1 over a and b; after 0.3 − (−0.5) = 0.8 over all, 0.4 over a and b.
    const withSmall = (s: OutcomeSummary, c: Group, all: [number, number], large: [number, number]) =>
      summary(
        [...s.groups.map((g) => ({ group: g.group, count: g.count, mse: g.metrics['mean_squared_error']!, meanPrediction: g.metrics['mean_prediction']! })), c],
        s.mse!,
        all,
        large,
      );
    const report = mitigationShell({
      method: 'bounded-group-loss',
      kind: 'in-processing',
      task: 'regression',
      before: withSmall(before, { group: 'c', count: 10, mse: 3.1, meanPrediction: -0.5 }, [3.1, 0.6], [1.2, 0.1]),
      after: withSmall(after, { group: 'c', count: 10, mse: 2.5, meanPrediction: -0.5 }, [2.5, 0.8], [0.9, 0.4]),
    });
    const table = beforeAfterTable(report, report.after);
    const labels = table.rows.map((row) => `${row.cells[0]!.text}${row.cells[0]!.badge ? ` [${row.cells[0]!.badge}]` : ''}`);
    assert.deepEqual(labels.slice(1, 3), ['Worst group MSE [2 groups with ≥ 30 rows]', 'Worst group MSE [all 3 groups]']);
    const [large, all] = [table.rows[1]!, table.rows[2]!];
    assert.equal(large.cells[2]!.text, '1.200');
    assert.match(large.cells[2]!.detail ?? '', /^worst: b \(100 rows: 1\.200\)$/);
    assert.equal(large.cells[5]!.text, 'fairer');
    // over all groups the small group c sets it, and the verdict says it rests on c
    assert.equal(all.cells[2]!.text, '3.100');
    assert.match(all.cells[2]!.detail ?? '', /^worst: c \(10 rows: 3\.100\) · c: under 30 rows$/);
    assert.equal(all.cells[5]!.text, 'fairer');
    assert.match(all.cells[5]!.detail ?? '', /rests on c \(10 rows\)/);
  });
});
