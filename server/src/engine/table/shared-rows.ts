import type { SharedRows } from '../../../../common/reports/mitigation';
import { throwIfAborted } from '../errors';
import type { Table } from './table';

/**
 * How many rows of `heldOut` equal some row of `train` in every column of `train` that `heldOut`
 * has too, and the share expected by chance: the share of training rows that equal another
 * training row (a held-out row drawn independently of the same population matches a training row
 * about as often as a training row matches one of the others). A "held-out" file holding the
 * training rows (a copy under another name, a superset) makes held-out figures in-sample; a file of
 * few coarse columns repeats rows by chance. Rows are compared by a 53-bit hash of their fields, so
 * memory grows by a number per training row, not a string; two different rows collide with odds of
 * about 2^-53 per pair.
 */
export function rowsAlsoIn(heldOut: Table, train: Table, signal?: AbortSignal): SharedRows {
  const shared = train.columns.filter((name) => heldOut.columns.includes(name));
  if (shared.length === 0 || train.rowCount === 0) return { rows: 0, chance: 0 };
  const trainColumns = shared.map((name) => train.data[train.columns.indexOf(name)]!);
  const heldOutColumns = shared.map((name) => heldOut.data[heldOut.columns.indexOf(name)]!);
  const counts = new Map<number, number>();
  for (let row = 0; row < train.rowCount; row++) {
    if (row % 65_536 === 0) throwIfAborted(signal);
    const hash = rowHash(trainColumns, row);
    counts.set(hash, (counts.get(hash) ?? 0) + 1);
  }
  let repeated = 0;
  for (const count of counts.values()) if (count > 1) repeated += count;
  let rows = 0;
  for (let row = 0; row < heldOut.rowCount; row++) {
    if (row % 65_536 === 0) throwIfAborted(signal);
    if (counts.has(rowHash(heldOutColumns, row))) rows++;
  }
  return { rows, chance: repeated / train.rowCount };
}

/** FNV-1a over the row's fields (a missing field distinct from an empty one) with two offsets, as one 53-bit number. */
function rowHash(columns: readonly Table['data'][number][], row: number): number {
  let high = 0x811c9dc5;
  let low = 0x01000193;
  const mix = (code: number) => {
    high = Math.imul(high ^ code, 0x01000193);
    low = Math.imul(low ^ code, 0x01000193) ^ (low >>> 15);
  };
  for (const column of columns) {
    const field = column.text(row);
    if (field === null) mix(0x1ffff);
    else for (let i = 0; i < field.length; i++) mix(field.charCodeAt(i));
    // the end of a field: "ab","c" differs from "a","bc"
    mix(0x10000);
  }
  return (high >>> 0) * 2 ** 21 + ((low >>> 0) & 0x1fffff);
}
