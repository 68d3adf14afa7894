import { parseDecimal } from '../../../../common/decimal';

/**
 * Decides whether a label or prediction value is the positive one: numerically equal when both are
 * numbers ("1" and "1.0"), case-insensitively equal for true/yes-like words, otherwise exact.
 */
export function positiveMatcher(positive: string): (value: string) => boolean {
  const positiveNumber = parseDecimal(positive);
  if (!Number.isNaN(positiveNumber)) {
    return (value) => value === positive || parseDecimal(value) === positiveNumber;
  }
  if (/^(true|yes|y|t)$/i.test(positive)) {
    const lower = positive.toLowerCase();
    return (value) => value.toLowerCase() === lower;
  }
  return (value) => value === positive;
}
