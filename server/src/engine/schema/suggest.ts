import { distance } from 'fastest-levenshtein';
import { compareStrings } from './names';

/**
 * Up to `max` candidates that look like a misspelling of `name` (case-insensitive): within an edit
 * distance of max(2, a third of the name's length), or containing it / contained in it. Sorted by
 * distance, then name.
 */
export function closestNames(name: string, candidates: readonly string[], max = 3): string[] {
  const wanted = name.toLowerCase();
  const tolerance = Math.max(2, Math.floor(name.length / 3));
  return candidates
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const contains = lower.includes(wanted) || wanted.includes(lower);
      return { candidate, contains, edits: distance(wanted, lower) };
    })
    .filter(({ contains, edits }) => contains || edits <= tolerance)
    .sort((a, b) => a.edits - b.edits || compareStrings(a.candidate, b.candidate))
    .slice(0, max)
    .map(({ candidate }) => candidate);
}

const LISTED_NAMES = 12;

/** `unknown column "racee"; did you mean "race"?`, or the available columns when none is close. */
export function unknownColumnMessage(name: string, columns: readonly string[]): string {
  const close = closestNames(name, columns).map((candidate) => `"${candidate}"`);
  if (close.length > 0) {
    const choices = close.length === 1 ? close[0] : `${close.slice(0, -1).join(', ')} or ${close.at(-1)}`;
    return `unknown column "${name}"; did you mean ${choices}?`;
  }
  const shown = columns.slice(0, LISTED_NAMES).join(', ');
  const more = columns.length > LISTED_NAMES ? `, … (${columns.length} columns)` : '';
  return `unknown column "${name}"; the columns are: ${shown}${more}`;
}
