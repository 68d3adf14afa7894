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
  return `${what}; ticked: ${shown}`;
}
