import type { ColumnsResult } from '../../common/protocol';

type Suggestion = ColumnsResult['suggestedLabel'];

/**
 * A label question's columns with the suggested label first (no name said which column is the
 * label: the file's last one), the others in the file's order, so the likely outcome is on top
 * rather than at the end of a long list.
 */
export function suggestedFirst<C extends { name: string }>(columns: readonly C[], suggestion: Suggestion): C[] {
  const first = columns.find((column) => column.name === suggestion?.column);
  return first ? [first, ...columns.filter((column) => column !== first)] : [...columns];
}

/**
 * "suggested · numeric, 21 values" beside the suggested column, and why on its second line (a
 * description beside the name is cut past a few words); other columns keep their description.
 */
export function suggestedDescription(name: string, description: string, suggestion: Suggestion): { description: string; why?: string } {
  return suggestion?.column === name ? { description: `suggested · ${description}`, why: `suggested: ${suggestion.reason}` } : { description };
}
