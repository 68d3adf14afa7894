import assert from 'node:assert/strict';
import { openCsv } from '../../server/src/io/csv/reader';
import type { RowBatch } from '../../server/src/engine/table/rows';

/** Every row of a CSV file in one batch, with its columns. */
export async function readAll(file: string): Promise<{ columns: readonly string[]; batch: RowBatch }> {
  const source = await openCsv(file);
  const batch: RowBatch = { rows: [], lines: [], firstRowIndex: 0 };
  for await (const part of source.batches()) {
    batch.rows.push(...part.rows);
    batch.lines.push(...part.lines);
  }
  return { columns: source.columns, batch };
}

/** Deep comparison of two JSON-like values (keys in any order) with a relative tolerance on numbers. */
export function assertClose(actual: unknown, expected: unknown, tolerance: number, where = ''): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${where}: ${actual} vs ${expected}`);
  } else if (expected !== null && typeof expected === 'object') {
    assert.equal(typeof actual, 'object', where);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), where);
    for (const key of Object.keys(expected))
      assertClose((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], tolerance, `${where}.${key}`);
  } else {
    assert.equal(actual, expected, where);
  }
}
