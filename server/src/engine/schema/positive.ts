import { parseDecimal } from '../../../../common/decimal';

/** The two-valued spellings recognised for binary columns, lower-case, positive member first. */
export const BINARY_SPELLINGS: readonly { positive: string; negative: string }[] = [
  { positive: '1', negative: '0' },
  { positive: 'true', negative: 'false' },
  { positive: 'yes', negative: 'no' },
  { positive: 'y', negative: 'n' },
  { positive: 't', negative: 'f' },
];

/**
 * Picks the positive value among the distinct non-missing values of a binary column: "1" of
 * {0, 1} (compared as numbers, so "1.0" of {"0.0", "1.0"}), and "true", "yes", "y" or "t" of their
 * pairs (compared case-insensitively, returned as spelt). A lone value is returned only when it is
 * a positive spelling; anything else is undefined, so the caller asks for --positive.
 */
export function inferPositive(values: readonly string[]): string | undefined {
  if (values.length === 1) return values.find(isPositiveSpelling);
  if (values.length !== 2) return undefined;
  const [first, second] = values as [string, string];
  const pair = spellingPair(first, second);
  if (pair) return first.toLowerCase() === pair.positive ? first : second;
  const [a, b] = [parseDecimal(first), parseDecimal(second)];
  if (a === 1 && b === 0) return first;
  if (a === 0 && b === 1) return second;
  return undefined;
}

function isPositiveSpelling(value: string): boolean {
  return parseDecimal(value) === 1 || BINARY_SPELLINGS.some(({ positive }) => value.toLowerCase() === positive);
}

function spellingPair(first: string, second: string): { positive: string; negative: string } | undefined {
  const lower = new Set([first.toLowerCase(), second.toLowerCase()]);
  return BINARY_SPELLINGS.find(({ positive, negative }) => lower.has(positive) && lower.has(negative));
}
