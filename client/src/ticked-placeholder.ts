import { PLACEHOLDER_MAX } from './quick-pick-texts';

/** A multiple choice's box is narrower by its count badge and OK button (Compare's cut at 70 characters at 1280 px). */
const MANY_PLACEHOLDER_MAX = PLACEHOLDER_MAX - 20;

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
