// Merge property: statistics accumulated over disjoint chunks of the rows and merged give the same
// audit as one pass over all rows (bootstrap weights depend on the global row number only).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openCsv } from '../../server/src/io/csv/reader';
import type { RowBatch } from '../../server/src/engine/table/rows';
import { AuditAccumulator } from '../../server/src/engine/audit/accumulator';
import { RowEncoder } from '../../server/src/engine/audit/encoder';
import { evaluateAudit } from '../../server/src/engine/audit/evaluate';
import type { AuditOptions } from '../../server/src/engine/audit/options';
import { planAudit } from '../../server/src/engine/audit/plan';
import { profileColumns } from '../../server/src/engine/schema/profile';
import { resolveRoles } from '../../server/src/engine/schema/roles';

const data = path.resolve(__dirname, '../../../../shared/data');

async function readAll(file: string): Promise<{ columns: readonly string[]; batch: RowBatch }> {
  const source = await openCsv(file);
  const batch: RowBatch = { rows: [], lines: [], firstRowIndex: 0 };
  for await (const part of source.batches()) {
    batch.rows.push(...part.rows);
    batch.lines.push(...part.lines);
  }
  return { columns: source.columns, batch };
}

function slice(batch: RowBatch, from: number, to: number): RowBatch {
  return { rows: batch.rows.slice(from, to), lines: batch.lines.slice(from, to), firstRowIndex: from };
}

async function singleAndChunked(file: string, options: AuditOptions, cuts: number[]) {
  const { columns, batch } = await readAll(file);
  const profiles = profileColumns(columns, batch.rows);
  const plan = planAudit(file, columns, profiles, resolveRoles(file, profiles, options.roles ?? {}), options, batch.rows, batch.lines);
  const accumulator = () => new AuditAccumulator(plan.task, plan.keepSample, 50, 3);
  const settings = { sensitive: plan.sensitive.map((s) => s.name), hasLabel: true, level: 0.95, minGroupSize: 30 };

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

/** Deep comparison of two JSON-like values with a relative tolerance on numbers. */
function assertClose(actual: unknown, expected: unknown, tolerance: number, where = ''): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${where}: ${actual} vs ${expected}`);
  } else if (expected !== null && typeof expected === 'object') {
    assert.equal(typeof actual, 'object', where);
    const keys = Object.keys(expected);
    assert.deepEqual(Object.keys(actual as object), keys, where);
    for (const key of keys) assertClose((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], tolerance, `${where}.${key}`);
  } else {
    assert.equal(actual, expected, where);
  }
}

describe('merging chunked statistics equals one pass', () => {
  it('classification with a score, two sensitive columns and bootstrap (COMPAS, 4 uneven chunks): identical', async () => {
    const { single, merged } = await singleAndChunked(
      path.join(data, 'compas-scores-two-years.csv.gz'),
      { roles: { label: 'two_year_recid', score: 'decile_score', sensitive: ['race', 'sex'] }, threshold: 5 },
      [1, 1000, 5003],
    );
    assert.deepEqual(merged, single); // integer counts and the same row order: exactly equal
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
});
