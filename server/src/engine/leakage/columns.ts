import type { Field } from '../csv/types';
import { parseDecimal } from '../numbers';
import type { Table } from '../table/table';

/** One column as integer category codes, the form every contingency-based measure works on. */
export interface EncodedColumn {
  name: string;
  /** numeric: every present value is a number and there are more distinct values than bins. */
  kind: 'numeric' | 'categorical';
  /** Category of each row: the value itself, or for numeric columns its quantile bin; -1 = missing. */
  codes: Int32Array;
  /** Name of each code (the value, or the bin's interval). */
  labels: string[];
  /** The number of each row (NaN when missing) when every present value is a number, else null. */
  values: Float64Array | null;
  /** Distinct present values before binning. */
  distinct: number;
  missing: number;
}

/**
 * Encodes a column. Numeric columns with more than `bins` distinct values are cut into at most
 * `bins` quantile bins (see quantileCuts).
 */
export function encodeColumn(table: Table, name: string, bins: number): EncodedColumn {
  const index = table.columns.indexOf(name);
  const fields: Field[] = table.rows.map((row) => row[index] ?? null);
  const numbers = new Float64Array(fields.length);
  let numeric = true;
  let missing = 0;
  fields.forEach((field, i) => {
    if (field === null) {
      numbers[i] = Number.NaN;
      missing++;
      return;
    }
    const value = parseDecimal(field);
    numbers[i] = value;
    if (Number.isNaN(value)) numeric = false;
  });
  const distinctTexts = new Set(fields.filter((field): field is string => field !== null));
  numeric &&= distinctTexts.size > 0;
  const values = numeric ? numbers : null;
  if (numeric && new Set(numbers.filter((v) => !Number.isNaN(v))).size > bins) {
    return { name, kind: 'numeric', ...quantileCodes(numbers, bins), values, distinct: distinctTexts.size, missing };
  }
  return { name, kind: 'categorical', ...categoryCodes(fields), values, distinct: distinctTexts.size, missing };
}

function categoryCodes(fields: readonly Field[]): { codes: Int32Array; labels: string[] } {
  const codeOf = new Map<string, number>();
  const codes = Int32Array.from(fields, (field) => {
    if (field === null) return -1;
    let code = codeOf.get(field);
    if (code === undefined) {
      code = codeOf.size;
      codeOf.set(field, code);
    }
    return code;
  });
  return { codes, labels: [...codeOf.keys()] };
}

/**
 * Cut points for at most `bins` equal-count bins. Each cut is placed so the remaining rows are
 * split evenly among the remaining bins, then moved past any run of tied values, so a tie never
 * straddles a cut and a column that is 90% zeros still gets bins for its non-zero values.
 */
export function quantileCuts(values: Float64Array, bins: number): number[] {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  const n = sorted.length;
  const cuts: number[] = [];
  let start = 0;
  for (let remaining = bins; remaining > 1; remaining--) {
    let at = start + Math.ceil((n - start) / remaining);
    while (at < n && sorted[at] === sorted[at - 1]) at++;
    if (at >= n) break;
    cuts.push(sorted[at]!);
    start = at;
  }
  return cuts;
}

function quantileCodes(values: Float64Array, bins: number): { codes: Int32Array; labels: string[] } {
  const cuts = quantileCuts(values, bins);
  const codes = Int32Array.from(values, (value) => {
    if (Number.isNaN(value)) return -1;
    let bin = 0;
    while (bin < cuts.length && value >= cuts[bin]!) bin++;
    return bin;
  });
  const bounds = ['-inf', ...cuts.map(String), 'inf'];
  const labels = cuts.length === 0 ? ['all'] : bounds.slice(0, -1).map((low, i) => `[${low}, ${bounds[i + 1]})`);
  return { codes, labels };
}
