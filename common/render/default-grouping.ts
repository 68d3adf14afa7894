/**
 * The grouping an audit panel opens on: the first sensitive attribute, in the order they were
 * chosen, whose groups are its own values (race, sex) rather than the bins the audit cut a
 * number into (age [33, 39)); those cuts are the audit's choice, not groups the user named, so
 * "race" is shown first even when "age" came before it in the file. With every attribute binned,
 * the first grouping. Editor pickers return ticked columns in the file's order, not the order they
 * were ticked, so that order alone would put "age" first whenever it is left of "race".
 */
export function defaultGroupingIndex(report: {
  groupings: readonly { by: readonly string[] }[];
  columns: { bins: Readonly<Record<string, number[]>> };
}): number {
  const index = report.groupings.findIndex((g) => g.by.length === 1 && report.columns.bins[g.by[0]!] === undefined);
  return Math.max(0, index);
}

/** The grouping an audit panel shows: the one its view chose (within the report's), else defaultGroupingIndex's. */
export function shownGroupingIndex(
  report: { groupings: readonly { by: readonly string[] }[]; columns: { bins: Readonly<Record<string, number[]>> } },
  chosen: number | undefined,
): number {
  return Math.max(0, Math.min(chosen ?? defaultGroupingIndex(report), report.groupings.length - 1));
}

/**
 * Why the panel opened on its grouping, said beside the chooser until the user picks one: by
 * defaultGroupingIndex's rule, naming the attributes it passed over because the audit binned them.
 * Undefined when there is only one grouping (nothing was chosen).
 */
export function defaultGroupingLine(report: Parameters<typeof defaultGroupingIndex>[0]): string | undefined {
  if (report.groupings.length < 2) return undefined;
  const index = defaultGroupingIndex(report);
  const shown = report.groupings[index]!;
  const name = shown.by.join(' × ');
  const own = shown.by.length === 1 && report.columns.bins[shown.by[0]!] === undefined;
  const binned = report.groupings.slice(0, index).flatMap((g) => (g.by.length === 1 ? [g.by[0]!] : []));
  const why = !own
    ? 'the first grouping, as every sensitive attribute is cut into bins by the audit'
    : binned.length > 0
      ? `the first sensitive attribute whose groups are its own values (${binned.join(', ')} ${binned.length === 1 ? 'is' : 'are'} cut into bins by the audit)`
      : 'the first sensitive attribute chosen';
  return `Shown first: ${name}, ${why}. Choose another with Grouping.`;
}
