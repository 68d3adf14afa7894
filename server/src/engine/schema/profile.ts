import type { Field } from '../table/rows';
import { parseDecimal } from '../../../../common/decimal';
import { compareStrings, isUnnamedColumn, nameTokens } from './names';
import { BINARY_SPELLINGS } from './positive';

export type ColumnKind = 'numeric' | 'boolean' | 'categorical' | 'identifier' | 'empty';

export interface ColumnProfile {
  name: string;
  index: number;
  kind: ColumnKind;
  missing: number;
  nonMissing: number;
  /** Distinct non-missing values seen in the sample, at most MAX_TRACKED_VALUES. */
  distinct: number;
  /** More distinct values than `distinct`: counting stopped at MAX_TRACKED_VALUES. */
  moreValues?: true;
  /** Up to TOP_VALUES most frequent values, by count descending, then value ascending. */
  topValues: { value: string; count: number }[];
  /** Numeric columns only. */
  min?: number;
  max?: number;
  /** Numeric columns only: every value is a whole number. */
  integer?: boolean;
}

/**
 * Distinct values counted per column, to bound memory. A column with more is high-cardinality:
 * `distinct` stays at this cap and values first seen beyond it are left out of `topValues`.
 */
export const MAX_TRACKED_VALUES = 10_000;
const TOP_VALUES = 20;
/** Below this many values, "all distinct" is too likely by chance to call a column an identifier. */
const IDENTIFIER_MIN_VALUES = 20;
const IDENTIFIER_DISTINCT_SHARE = 0.95;

/**
 * Profiles every column over a sample of rows. A column's kind is the first rule that holds:
 * - empty: no non-missing value;
 * - boolean: at most two distinct values that, ignoring case, belong to one of the pairs
 *   {1, 0}, {true, false}, {yes, no}, {y, n}, {t, f} (so a 0/1 column is boolean, not numeric);
 * - numeric: every value is a finite plain decimal (parseDecimal: no hex, "1_000", "Infinity");
 *   it is an identifier instead when integral, named like an id (a word "id": id, ID, person_id,
 *   userId) and nearly all distinct, while other numbers stay numeric even when all distinct;
 * - identifier: nearly all values distinct (at least 95% of at least 20 values, or more than
 *   MAX_TRACKED_VALUES distinct values), e.g. names or case numbers;
 * - categorical: everything else, including columns mixing numbers and words.
 */
export function profileColumns(columns: readonly string[], sample: readonly (readonly Field[])[]): ColumnProfile[] {
  const profiler = new ColumnProfiler(columns);
  for (const row of sample) profiler.add(row);
  return profiler.profiles();
}

/**
 * profileColumns over rows seen one at a time (a whole file streamed), in memory bounded by
 * MAX_TRACKED_VALUES per column whatever the number of rows.
 */
export class ColumnProfiler {
  private readonly tallies: ColumnTally[];
  private rows = 0;

  constructor(private readonly columns: readonly string[]) {
    this.tallies = columns.map(() => new ColumnTally());
  }

  add(row: readonly Field[]): void {
    for (let index = 0; index < this.tallies.length; index++) this.tallies[index]!.add(row[index] ?? null);
    this.rows++;
  }

  get rowCount(): number {
    return this.rows;
  }

  profiles(): ColumnProfile[] {
    return this.columns.map((name, index) => profileOf(name, index, this.rows, this.tallies[index]!));
  }
}

/** Counts of a column's values and what its distinct values say about it being numeric. */
class ColumnTally {
  readonly counts = new Map<string, { count: number }>();
  highCardinality = false;
  missing = 0;
  numeric = true;
  integer = true;
  min = Infinity;
  max = -Infinity;

  add(value: Field): void {
    if (value === null) {
      this.missing++;
      return;
    }
    const seen = this.counts.get(value);
    if (seen !== undefined) {
      seen.count++;
      return; // a value seen before adds nothing to the numeric checks
    }
    if (this.counts.size < MAX_TRACKED_VALUES) this.counts.set(value, { count: 1 });
    else this.highCardinality = true;
    if (!this.numeric) return;
    const number = parseDecimal(value);
    if (!Number.isFinite(number)) {
      this.numeric = false;
      return;
    }
    this.integer &&= Number.isInteger(number);
    this.min = Math.min(this.min, number);
    this.max = Math.max(this.max, number);
  }
}

function profileOf(name: string, index: number, rows: number, tally: ColumnTally): ColumnProfile {
  const { highCardinality, missing, numeric, integer, min, max } = tally;
  const counts = new Map([...tally.counts].map(([value, { count }]) => [value, count]));
  const nonMissing = rows - missing;
  const nearlyAllDistinct = highCardinality || (nonMissing >= IDENTIFIER_MIN_VALUES && counts.size >= IDENTIFIER_DISTINCT_SHARE * nonMissing);
  let kind: ColumnKind;
  if (nonMissing === 0) kind = 'empty';
  else if (isBooleanSpelling([...counts.keys()])) kind = 'boolean';
  else if (numeric) kind = integer && nearlyAllDistinct && (nameTokens(name).includes('id') || isUnnamedColumn(name)) ? 'identifier' : 'numeric';
  else kind = nearlyAllDistinct ? 'identifier' : 'categorical';

  const topValues = mostFrequent(counts, TOP_VALUES).map(([value, count]) => ({ value, count }));
  const profile: ColumnProfile = {
    name,
    index,
    kind,
    missing,
    nonMissing,
    distinct: counts.size,
    topValues,
    ...(highCardinality ? { moreValues: true as const } : {}),
  };
  return kind === 'numeric' ? { ...profile, min, max, integer } : profile;
}

/**
 * The `limit` most frequent values, by count descending then value ascending. Keeps a sorted
 * list of the best so far instead of sorting every distinct value: a numeric column can have
 * thousands, and only a handful of them ever enter the list.
 */
function mostFrequent(counts: ReadonlyMap<string, number>, limit: number): [string, number][] {
  const before = (a: [string, number], b: [string, number]) => a[1] > b[1] || (a[1] === b[1] && compareStrings(a[0], b[0]) < 0);
  const top: [string, number][] = [];
  for (const entry of counts) {
    if (top.length === limit && !before(entry, top[limit - 1]!)) continue;
    let at = top.length;
    while (at > 0 && before(entry, top[at - 1]!)) at--;
    top.splice(at, 0, entry);
    if (top.length > limit) top.pop();
  }
  return top;
}

function isBooleanSpelling(values: readonly string[]): boolean {
  return values.length <= 2 && BINARY_SPELLINGS.some(({ positive, negative }) => values.every((value) => [positive, negative].includes(value.toLowerCase())));
}
