import { parseDecimal } from '../../../../common/decimal';
import { cutWords, parsePositive, passesCut, type PositiveOutcome } from '../../../../common/positive-outcome';
import { InputError } from '../errors';

/**
 * Decides whether a label or prediction value is the positive one: numerically equal when both are
 * numbers ("1" and "1.0"), case-insensitively equal for true/yes-like words, otherwise exact; under
 * a cut (">=10"), whether the value is a number passing it.
 */
export function positiveMatcher(positive: string): (value: string) => boolean {
  const outcome = parsePositive(positive);
  if (outcome.kind === 'cut') return (value) => passesCut(outcome, parseDecimal(value));
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

/** A positive outcome given by the user (--positive, the saved columns), read once; a reversed operator ("=>10") is an InputError. */
export function givenPositive(file: string, column: string | undefined, text: string): PositiveOutcome {
  try {
    return parsePositive(text);
  } catch (error) {
    throw new InputError(`positive outcome ${(error as Error).message}`, { file, ...(column ? { column } : {}) });
  }
}

/** A cut label's field as a number: a word is one error naming its file, line and column. */
export function cutNumber(positive: string, column: string, field: string, file: string, line: number | undefined): number {
  const value = parseDecimal(field);
  if (Number.isNaN(value)) {
    throw new InputError(`"${field}" is not a number, but the positive outcome ${cutWords(column, positive) ?? positive} compares numbers`, {
      file,
      line,
      column,
    });
  }
  return value;
}
