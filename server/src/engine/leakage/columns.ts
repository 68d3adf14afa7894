import { parseDecimal } from '../../../../common/decimal';
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
 * Encodes columns. Numeric columns with more than `bins` distinct values are cut into at most
 * `bins` quantile bins (see quantileCuts); other columns keep one code per distinct text.
 * Each distinct text is parsed as a number once.
 */
export function encodeColumns(table: Table, names: readonly string[], bins: number): EncodedColumn[] {
  const n = table.rowCount;
  const stored = names.map((name) => table.data[table.columns.indexOf(name)]);
  const codes = names.map(() => new Int32Array(n));
  const dictionaries = names.map(() => new Map<string, number>());
  const valueOfCode = names.map(() => [] as number[]);
  const missing = new Int32Array(names.length);
  for (let j = 0; j < names.length; j++) {
    for (let i = 0; i < n; i++) {
      const field = stored[j]?.text(i) ?? null;
      if (field === null) {
        codes[j]![i] = -1;
        missing[j]!++;
        continue;
      }
      const dictionary = dictionaries[j]!;
      let code = dictionary.get(field);
      if (code === undefined) {
        code = dictionary.size;
        dictionary.set(field, code);
        valueOfCode[j]!.push(parseDecimal(field));
      }
      codes[j]![i] = code;
    }
  }
  return names.map((name, j) => {
    const labels = [...dictionaries[j]!.keys()];
    const values = valueOfCode[j]!;
    const column = { name, codes: codes[j]!, labels, distinct: labels.length, missing: missing[j]! };
    if (labels.length === 0 || values.some(Number.isNaN)) return { ...column, kind: 'categorical', values: null };
    const numbers = new Float64Array(n);
    const present = new Float64Array(n - column.missing);
    for (let i = 0, k = 0; i < n; i++) {
      const code = column.codes[i]!;
      numbers[i] = code < 0 ? Number.NaN : values[code]!;
      if (code >= 0) present[k++] = numbers[i]!;
    }
    present.sort();
    const distinct = countDistinct(present);
    if (distinct > bins) return { name, kind: 'numeric', ...quantileCodes(numbers, present, bins), values: numbers, distinct, missing: column.missing };
    return { ...column, kind: 'categorical', values: numbers };
  });
}

function countDistinct(sorted: Float64Array): number {
  let distinct = sorted.length > 0 ? 1 : 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  return distinct;
}

/**
 * Cut points for at most `bins` equal-count bins. Each cut is placed so the remaining rows are
 * split evenly among the remaining bins, then moved past any run of tied values, so a tie never
 * straddles a cut and a column that is 90% zeros still gets bins for its non-zero values.
 * `sorted`: the column's present values in ascending order.
 */
export function quantileCuts(sorted: Float64Array, bins: number): number[] {
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

function quantileCodes(values: Float64Array, sorted: Float64Array, bins: number): { codes: Int32Array; labels: string[] } {
  const cuts = quantileCuts(sorted, bins);
  // Plain loops: typed-array from/filter with a callback are many times slower in V8.
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    let bin = 0;
    while (bin < cuts.length && value >= cuts[bin]!) bin++;
    codes[i] = Number.isNaN(value) ? -1 : bin;
  }
  const bounds = ['-inf', ...cuts.map(String), 'inf'];
  const labels = cuts.length === 0 ? ['all'] : bounds.slice(0, -1).map((low, i) => `[${low}, ${bounds[i + 1]})`);
  return { codes, labels };
}
