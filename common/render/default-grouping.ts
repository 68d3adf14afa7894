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
