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

/** "suggested: the file's last column, …" beside the suggested column, before its own description. */
export function suggestedDescription(name: string, description: string, suggestion: Suggestion): string {
  return suggestion?.column === name ? `suggested (${suggestion.reason}) · ${description}` : description;
}
