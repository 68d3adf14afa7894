import { parseDecimal } from '../../../../common/decimal';
import type { ColumnProfile } from './profile';

/**
 * A few-valued column's values as a picker lists them (a label's positive value): numbers in
 * number order, as one reads a grade's scale (0, 1, …, 19), rather than by frequency (11, 10,
 * 13, …); words by frequency, most common first, as profiled.
 */
export function listedValues(profile: Pick<ColumnProfile, 'topValues'>): string[] {
  const values = profile.topValues.map((v) => v.value);
  const numbers = values.map(parseDecimal);
  if (!numbers.every(Number.isFinite)) return values;
  return values
    .map((value, i) => ({ value, number: numbers[i]! }))
    .sort((a, b) => a.number - b.number)
    .map((v) => v.value);
}
