// Merge property: statistics accumulated over disjoint chunks of the rows and merged give the same
// audit as one pass over all rows (bootstrap draws depend on the statistics only).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { RowBatch } from '../../server/src/engine/table/rows';
import { AuditStatistics } from '../../server/src/engine/audit/statistics';
import { RowEncoder } from '../../server/src/engine/audit/encoder';
import { evaluateAudit } from '../../server/src/engine/audit/evaluate';
import type { AuditOptions } from '../../server/src/engine/audit/options';
import { planAudit } from '../../server/src/engine/audit/plan';
import { groupingColumns } from '../../server/src/engine/audit/groupings';
import { assertClose, readAll } from '../support/audit-rows';
import { profileColumns } from '../../server/src/engine/schema/profile';
import { resolveRoles } from '../../server/src/engine/schema/roles';

const data = path.resolve(__dirname, '../../../../shared/data');

function slice(batch: RowBatch, from: number, to: number): RowBatch {
  return { rows: batch.rows.slice(from, to), lines: batch.lines.slice(from, to), firstRowIndex: from };
}

async function singleAndChunked(file: string, options: AuditOptions, cuts: number[]) {
  const { columns, batch } = await readAll(file);
  const profiles = profileColumns(columns, batch.rows);
  const plan = planAudit(file, columns, profiles, resolveRoles(file, profiles, options.roles ?? {}), options, batch.rows, batch.lines);
  const accumulator = () =>
    new AuditStatistics({
      task: plan.task,
      sensitive: plan.sensitive.map((s) => s.name),
      classes: plan.classes,
      hasLabel: !plan.numericLabel,
      hasPrediction: plan.task === 'classification',
      weighted: false,
      values: plan.keepValues,
      labelMoments: plan.numericLabel,
    });
  const settings = {
    file,
    groupings: groupingColumns(plan.sensitive.map((_, i) => i)),
    groupValue: plan.sensitive.map(() => undefined),
    references: {},
    level: 0.95,
    minGroupSize: 30,
    minLabelCount: 5,
    bootstrap: 50,
    seed: 3,
    maxGroups: 1000,
    replicateValueBins: 1000,
  };

  const single = accumulator();
  new RowEncoder(plan, single).add(batch);

  const merged = accumulator();
  const bounds = [0, ...cuts, batch.rows.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const part = accumulator();
    new RowEncoder(plan, part).add(slice(batch, bounds[i]!, bounds[i + 1]!));
    merged.merge(part);
  }
  return { single: evaluateAudit(single, settings), merged: evaluateAudit(merged, settings), rows: batch.rows.length };
}

describe('merging chunked statistics equals one pass', () => {
  it('classification with a score, two sensitive columns and bootstrap (COMPAS, 4 uneven chunks): identical', async () => {
    const { single, merged } = await singleAndChunked(
      path.join(data, 'compas-scores-two-years.csv.gz'),
      { roles: { label: 'two_year_recid', score: 'decile_score', sensitive: ['race', 'sex'] }, threshold: 5 },
      [1, 1000, 5003],
    );
    assertClose(merged, single, 1e-12); // cells arrive in another order: equal up to the order of additions
  });

  it('regression with a binned numeric sensitive column (Law School, 3 chunks): equal to 1e-12', async () => {
    const { single, merged, rows } = await singleAndChunked(
      path.join(data, 'law_data.csv'),
      { roles: { label: 'ZFYA', prediction: 'UGPA', sensitive: ['race', 'LSAT'] } },
      [7000, 15000],
    );
    assert.equal(rows, 21791);
    assertClose(merged, single, 1e-12);
  });

  it("a numeric label's sums (Law School ZFYA by race and sex, 3 chunks): equal to 1e-12, intervals included", async () => {
    const { single, merged } = await singleAndChunked(path.join(data, 'law_data.csv'), { roles: { label: 'ZFYA', sensitive: ['race', 'sex'] } }, [5000, 16000]);
    assert.ok(single[0]!.groups.every((g) => g.metrics.label_mean !== undefined && g.intervals.label_mean));
    assertClose(merged, single, 1e-12);
  });
});
