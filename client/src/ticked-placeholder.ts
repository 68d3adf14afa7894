import type { ParameterSchema } from '../../common/params';
import { MANY_PLACEHOLDER_MAX } from './quick-pick-texts';

/**
 * A multiple choice's placeholder: what is ticked now, not the command line's "(default: all): a, b, c"
 * (Compare starts with the methods that take seconds ticked, not all of them).
 */
export function tickedPlaceholder(description: string, ticked: readonly string[], all: readonly string[]): string {
  const what = description.replace(/ \(default: [^)]*\).*$/, '');
  // the shorter list: the few left out ("all but representation") or the few ticked
  const left = all.filter((value) => !ticked.includes(value));
  const shown =
    left.length === 0
      ? `all ${all.length}`
      : ticked.length === 0
        ? 'none'
        : left.length < ticked.length
          ? `all but ${left.join(', ')}`
          : `${ticked.length} of ${all.length}: ${ticked.join(', ')}`;
  const placeholder = `${what}; ticked: ${shown}`;
  // past what the box shows beside its "9 Selected" badge and OK button, the count alone: the ticks say which
  return placeholder.length <= MANY_PLACEHOLDER_MAX ? placeholder : `${what}; ${ticked.length} of ${all.length} ticked`;
}

/**
 * The placeholder of a parameter asked as a multiple choice (parameter-questions.ts): a list of
 * named choices says what is ticked; columns or values their description, the editor's short one
 * (ParameterSchema.editorDescription), which says what none ticked means where that is a default.
 */
export function manyChoicePlaceholder(property: ParameterSchema, ticked: readonly string[]): string {
  const description = property.description ?? '';
  const all = property.items?.enum;
  return all ? tickedPlaceholder(description, ticked, all) : description;
}
