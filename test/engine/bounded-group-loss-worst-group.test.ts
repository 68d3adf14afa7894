// A real bounded-group-loss run's worst-group MSE aggregate, read against the same report's
// per-group errors: the summary's figure and the before/after table's row are the largest per-group
// MSE (the square of the per-group table's RMSE), over the adequately sized groups first.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { beforeAfterTable } from '../../common/render/mitigation-model';
import { formatFigure } from '../../common/render/table';
import type { OutcomeSummary } from '../../common/reports/mitigation';
import { boundedGroupLossMethod } from '../../server/src/methods/bounded-group-loss/command';
import { SHARED_DATA } from '../support/adult';
import { runWithFlags } from '../support/run-with-flags';

const WORST = 'worst_group_mean_squared_error';

/** The largest squared per-group RMSE, and its group, over the groups `keep` admits: read from the groups, not the aggregates. */
function worstOf(summary: OutcomeSummary, keep: (count: number) => boolean): { group: string; mse: number } {
  return summary.groups
    .filter((g) => g.count > 0 && keep(g.count))
    .map((g) => ({ group: g.group, mse: g.metrics['root_mean_squared_error']! ** 2 }))
    .reduce((a, b) => (b.mse > a.mse ? b : a));
}

const close = (a: number | null | undefined, b: number) => typeof a === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

describe('bounded-group-loss on the Portuguese student grades (G3, sex and address): the worst group’s MSE', () => {
  it('is the largest per-group error of the same report, over all groups and over those with ≥ 30 rows, with intervals', async () => {
    // 30% of 649 rows held out: 195 rows in four groups, one of them (M & R) under 30 rows
    const report = await runWithFlags(boundedGroupLossMethod, {
      train: path.join(SHARED_DATA, 'student-por.csv'),
      label: 'G3',
      sensitive: 'sex,address',
      features: 'studytime,failures,absences,Medu',
      'test-fraction': '0.3',
      bootstrap: '20',
      out: mkdtempSync(path.join(tmpdir(), 'parity-bgl-worst-')),
    });
    const minGroupSize = report.before.largeGroups!.minGroupSize;
    assert.ok(
      report.before.groups.some((g) => g.count > 0 && g.count < minGroupSize),
      'a group under the size rule, so the two figures are over different groups',
    );
    for (const side of [report.before, report.after]) {
      const all = worstOf(side, () => true);
      const large = worstOf(side, (count) => count >= minGroupSize);
      assert.ok(close(side.aggregates[WORST], all.mse), `over all groups: ${side.aggregates[WORST]} vs ${all.mse}`);
      assert.ok(close(side.largeGroups!.aggregates[WORST], large.mse), `over the large groups: ${side.largeGroups!.aggregates[WORST]} vs ${large.mse}`);
      const interval = side.aggregateIntervals?.[WORST];
      assert.ok(Array.isArray(interval) && interval[0] <= interval[1], `an interval: ${JSON.stringify(interval)}`);
    }
    // the paired change is after − before, with its own interval
    assert.ok(close(report.change!.aggregates[WORST], report.after.aggregates[WORST]! - report.before.aggregates[WORST]!));
    assert.ok(Array.isArray(report.change!.aggregateIntervals?.[WORST]));

    // the table's first fairness row (after MSE and R²) is the figure over the large groups, its group named
    const table = beforeAfterTable(report, report.after);
    const row = table.rows[2]!;
    assert.equal(row.cells[0]!.text, 'Worst group MSE');
    assert.ok(row.cells[0]!.badge, 'over the adequately sized groups');
    const large = worstOf(report.after, (count) => count >= minGroupSize);
    assert.ok(row.cells[3]!.text.startsWith(formatFigure(large.mse)), row.cells[3]!.text);
    assert.ok(row.cells[3]!.detail?.startsWith(`worst: ${large.group} (`), row.cells[3]!.detail);
  });
});
