import { MANY_PLACEHOLDER_MAX } from './quick-pick-texts';

/** What the starting ticks know of each configured column: its groups' rows, and its name's sensitive rank. */
export interface ColumnGroups {
  rows: (column: string) => readonly number[] | undefined;
  rank: (column: string) => number | undefined;
}

/**
 * The configured (or inferred) sensitive attributes a run starts with ticked: those whose groups
 * are known (not binned) first, by the rank of their names' kind (race, sex before marital status;
 * others after, in their order), each one that, crossed with those already ticked, keeps the smallest crossed group at `minRows` rows
 * or more as far as the columns alone tell (the product of each column's smallest share, times the
 * rows: exact when the attributes are independent); the first always. Adult's race × sex (smallest
 * expected 271 × 0.33 = 89 rows; 119 in fact) is crossed; COMPAS's race × sex (Native American: 18
 * rows × 0.19 female = 3) is not: its reweighing would fail on a group without a row of a label.
 * A column whose groups are not known (many values, binned) is not crossed. Cold tries 8 and 9 read
 * one ticked attribute out of three as the run silently narrowing the audit.
 */
export function crossedSensitive(configured: readonly string[], groups: ColumnGroups, minRows: number): string[] {
  // the columns whose groups are known first: Adult's age (binned, first in the file) ticked alone left race and sex out (cold try 15);
  // among them race and sex first: Adult's marital-status (first in the file) ticked alone left them out (cold try 16)
  const byRank = (a: string, b: string) => (groups.rank(a) ?? Infinity) - (groups.rank(b) ?? Infinity);
  const known = configured.filter((column) => groups.rows(column) !== undefined).sort(byRank);
  const ticked: string[] = [];
  for (const column of [...known, ...configured.filter((column) => !known.includes(column))])
    if (ticked.length === 0 || !tooSmallCrossed([...ticked, column], groups.rows, minRows)) ticked.push(column);
  return configured.filter((column) => ticked.includes(column));
}

/**
 * Whether crossing `columns` would make a group under `minRows` rows as far as the columns alone
 * tell: the rows times each column's smallest share (exact when the attributes are independent).
 * A column whose groups are not known (many values, binned) counts as too small to cross.
 */
function tooSmallCrossed(columns: readonly string[], groupRows: (column: string) => readonly number[] | undefined, minRows: number): boolean {
  let rows: number | undefined;
  let smallest = 1;
  for (const column of columns) {
    const counts = groupRows(column);
    const total = counts ? counts.reduce((sum, n) => sum + n, 0) : 0;
    if (!counts || total === 0) return true;
    rows ??= total;
    smallest *= Math.min(...counts) / total;
  }
  return (rows ?? 0) * smallest < minRows;
}

/** What the sensitive attributes' question says of the configured ones crossedSensitive left unticked. */
export interface UntickedNote {
  /** Which, in the placeholder (short: VS Code cuts a multiple choice's beside its badge and OK button). */
  placeholder: string;
  unticked: string[];
}

/**
 * The note of the sensitive attributes' question on the configured attributes left unticked that
 * crossed with those `ticked` would make small groups (crossedSensitive's rule), said again as the
 * user ticks (cold try 12 read a reason naming the ticks of before). The names give way to their
 * count when they would not fit the placeholder.
 */
export function untickedNote(configured: readonly string[], ticked: readonly string[], groups: ColumnGroups, minRows: number): UntickedNote | undefined {
  if (ticked.length === 0) return undefined;
  const left = configured.filter((column) => !ticked.includes(column) && tooSmallCrossed([...ticked, column], groups.rows, minRows));
  if (left.length === 0) return undefined;
  const names = left.length === 1 ? left[0]! : `${left.slice(0, -1).join(', ')} and ${left.at(-1)!}`;
  const said = (who: string) => `${who} left unticked: crossed groups would be small`;
  return {
    placeholder: said(names).length <= MANY_PLACEHOLDER_MAX ? said(names) : said(`${left.length} attributes`),
    unticked: left,
  };
}

/**
 * An attribute's second line in the sensitive question: its smallest group, which decides whether
 * crossing it makes small groups ("smallest group Native American: 18 of 7,214 rows"). It does not
 * depend on the ticks, so it never goes stale as they change (cold try 16 read "crossed with
 * marital-status" after unticking marital-status).
 */
export function smallestGroupLine(column: { name: string; groups?: readonly { value: string; rows: number }[] }): string | undefined {
  const groups = column.groups ?? [];
  if (groups.length < 2) return undefined;
  const smallest = groups.reduce((a, b) => (b.rows < a.rows ? b : a));
  const total = groups.reduce((sum, group) => sum + group.rows, 0);
  // a number alone read as a count ("smallest group 12: 1 of 7,214 rows"): it is named with its column
  const group = /^-?\d/.test(smallest.value) ? `${column.name} = ${smallest.value}` : smallest.value;
  return `smallest group ${group}: ${smallest.rows.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows`;
}

/**
 * The sensitive attributes Compare Methods starts on: those last answered in Run Mitigation on the
 * same file (the user just chose them there), else those a run starts on (crossedSensitive).
 * Compare's own saved answers, when it has any, are spread over this.
 */
export function startingGroups(
  lastMitigation: Record<string, unknown> | undefined,
  configuredOrInferred: string[],
  groups: ColumnGroups,
  minRows: number,
): string[] {
  const answered = lastMitigation?.['sensitive'];
  if (Array.isArray(answered) && answered.length > 0 && answered.every((column) => typeof column === 'string')) return [...(answered as string[])];
  return crossedSensitive(configuredOrInferred, groups, minRows);
}

/** Each column's groups' rows as the audit forms them (Configure Columns' `groups`) and its sensitive rank, from the file's profile. */
export function columnGroupsIn(columns: readonly { name: string; groups?: readonly { rows: number }[]; sensitiveRank?: number }[]): ColumnGroups {
  return {
    rows: (column) => columns.find((c) => c.name === column)?.groups?.map((group) => group.rows),
    rank: (column) => columns.find((c) => c.name === column)?.sensitiveRank,
  };
}
