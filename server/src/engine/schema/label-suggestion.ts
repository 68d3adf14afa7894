import type { ColumnProfile } from './profile';
import { namedLikeDecision, roleOfName, type ResolvedRoles } from './roles';

export interface LabelSuggestion {
  column: string;
  reason: string;
}

/**
 * The label the editor's label question offers first when no column's name says it is the label
 * (and no tie of such names is the user's to settle). A suggestion, not an inference: the audit of
 * a file never configured keeps to names, since a label taken from a column's place alone would
 * change its figures unseen; the editor asks, so the user sees it and can pick another.
 * - the file's last column (student-por.csv's final grade G3, law_data.csv's first_pf), where
 *   data sets conventionally put the outcome (UCI's files; Weka takes the last attribute as the
 *   class by default): only one that can be a label (two values, or a number of more) and that no
 *   name gives another role (a decision, a score, an age);
 * - else the one column of two values named like a decision ("detained"): inferred as the
 *   decision audited, yet with no label named it is as likely the true outcome (a cold try's
 *   COMPAS file whose "detained" held who was detained), and nothing else is a label more likely.
 */
export function suggestedLabel(profiles: readonly ColumnProfile[], roles: ResolvedRoles): LabelSuggestion | undefined {
  if (roles.label !== undefined || roles.unsettled?.label !== undefined) return undefined;
  return lastColumn(profiles, roles) ?? decisionColumn(profiles, roles);
}

function lastColumn(profiles: readonly ColumnProfile[], roles: ResolvedRoles): LabelSuggestion | undefined {
  const last = profiles.at(-1);
  if (!last || roleOfName(last.name) !== undefined) return undefined;
  if ([roles.prediction, roles.score, ...roles.sensitive].includes(last.name)) return undefined;
  const numericTarget = last.kind === 'numeric' && last.distinct > 2;
  if (!twoValues(last) && !numericTarget) return undefined;
  return { column: last.name, reason: "the file's last column, where the outcome usually is" };
}

/** The one two-valued column named like a decision; none when several are (which is the outcome is the user's to say). */
function decisionColumn(profiles: readonly ColumnProfile[], roles: ResolvedRoles): LabelSuggestion | undefined {
  const taken = [roles.score, ...roles.sensitive];
  const decisions = profiles.filter((profile) => namedLikeDecision(profile.name) && twoValues(profile) && !taken.includes(profile.name));
  if (decisions.length !== 1) return undefined;
  return { column: decisions[0]!.name, reason: 'named like a decision; pick it if it holds the true outcomes' };
}

function twoValues(profile: ColumnProfile): boolean {
  return profile.distinct === 2 && !profile.moreValues && profile.kind !== 'identifier';
}
