import type { AuditReport, Grouping } from '../reports/audit';
import { groupingName } from './audit-model';

/**
 * What a reference group chosen in one grouping also changes: references are kept per sensitive
 * column (race = White), so every other grouping of the report with that column (race × sex) is
 * compared with a group having that value too. `set` holds the columns' values the reference sets
 * (the chosen group's key, or the report's given references of the grouping's columns); empty:
 * none is set yet. Undefined when no other grouping has one of the grouping's columns.
 */
export function referenceScopeLine(
  report: Pick<AuditReport, 'groupings'>,
  grouping: Pick<Grouping, 'by'>,
  set: Readonly<Record<string, string>>,
): string | undefined {
  const others = (column: string) => report.groupings.filter((g) => g.by.includes(column) && groupingName(g) !== groupingName(grouping)).map(groupingName);
  const shared = grouping.by.filter((column) => others(column).length > 0);
  if (shared.length === 0) return undefined;
  const chosen = shared.filter((column) => set[column] !== undefined);
  if (chosen.length === 0) {
    const names = [...new Set(shared.flatMap(others))];
    return `The reference is set per column: a group chosen here also sets the reference of ${wordList(names)}.`;
  }
  const parts = chosen.map((column, i) => `${column} = ${set[column]} ${i === 0 ? 'also applies to ' : 'to '}${wordList(others(column))}`);
  return `The reference is set per column: ${parts.join(', ')}.`;
}

/** "a", "a and b", "a, b and c". */
function wordList(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
