import type { ColumnProfile } from './profile';
import { roleOfName, type ResolvedRoles } from './roles';

export interface LabelSuggestion {
  column: string;
  reason: string;
}

/**
 * The label the editor's label question offers first when no column's name says it is the label
 * (student-por.csv's final grade G3, law_data.csv's first_pf): the file's last column, where data
 * sets conventionally put the outcome (UCI's files; Weka takes the last attribute as the class by
 * default). Only a column that can be a label (two values, or a number of more) and that no name
 * gives another role (a "detained" decision, a score, an age); and not when names already name
 * label candidates (a tie is the user's to settle). A suggestion, not an inference: the audit of
 * a file never configured keeps to names, since a label taken from a column's place alone would
 * change its figures unseen; the editor asks, so the user sees it and can pick another.
 */
export function suggestedLabel(profiles: readonly ColumnProfile[], roles: ResolvedRoles): LabelSuggestion | undefined {
  if (roles.label !== undefined || roles.unsettled?.label !== undefined) return undefined;
  const last = profiles.at(-1);
  if (!last || roleOfName(last.name) !== undefined) return undefined;
  if ([roles.prediction, roles.score, ...roles.sensitive].includes(last.name)) return undefined;
  const twoValues = last.distinct === 2 && !last.moreValues && last.kind !== 'identifier';
  const numericTarget = last.kind === 'numeric' && last.distinct > 2;
  if (!twoValues && !numericTarget) return undefined;
  return { column: last.name, reason: "the file's last column, where the outcome usually is" };
}
