import { parseDecimal } from '../../../../common/decimal';
import { profileColumns } from '../schema/profile';
import { NumberColumn } from '../table/columns';
import { columnIndex, rowFields, Table } from '../table/table';

/**
 * A column with more distinct values than this is not tested as an encoding of an audited column:
 * the per-value tallies stay small (a score's recoding into bands has a handful of values).
 */
export const MAX_ENCODING_VALUES = 50;
/** The share of training rows allowed to break a dependency (data-entry noise): 0.1%. */
export const DEPENDENCY_EXCEPTIONS = 0.001;
/**
 * A text column with more distinct values than this is left out of the default features: one
 * model input per value (dates, names, charge descriptions) outnumbers what the rows can fit, and a
 * Newton step's cost grows with the cube of the inputs (ProPublica's COMPAS file: 25,000 inputs, 6 GB).
 */
export const MAX_FEATURE_VALUES = 100;
/** Rows profiled to recognise identifiers and empty columns, as the editor's column profile does. */
const PROFILED_ROWS = 10_000;

/** A column left out of the default features, and why in words. */
export interface LeftOutColumn {
  column: string;
  reason: string;
}

/** The feature columns a model is fitted on, and the columns the default left out with reasons. */
export interface FeatureChoice {
  features: string[];
  leftOut: LeftOutColumn[];
}

/** The columns a model must not learn from, by why. */
export interface FeatureRoles {
  /** The label and the sensitive attributes the run is fair for: never features, and not listed. */
  exclude: readonly string[];
  /** The sensitive attributes the run is fair for (also in `exclude`): a column that determines one is left out too (age of age_cat). */
  sensitive: readonly string[];
  /** The audited model's score or prediction: left out, and so is every column that encodes one. */
  audited: readonly string[];
  /** Other columns the user keeps out (the file's other sensitive attributes, in the editor). */
  notFeatures?: readonly string[];
}

/**
 * The default features: every column but the label and sensitive ones, the audited model's score or
 * prediction and the columns asked to be kept out, less identifiers and empty columns (the column
 * profile's rule), text columns of more than MAX_FEATURE_VALUES values, every column that encodes an audited one (`encodingOf`) and every column that
 * determines a sensitive attribute or one kept out (`determinationOf`: age of age_cat). Given
 * features are kept as given.
 */
export function chooseFeatures(table: Table, roles: FeatureRoles, given?: readonly string[]): FeatureChoice {
  if (given) return { features: [...given], leftOut: [] };
  const { exclude } = roles;
  // the label (or a sensitive attribute) is never the audited model's output, whatever inferred it so
  const audited = roles.audited.filter((column) => !exclude.includes(column));
  const notFeatures = (roles.notFeatures ?? []).filter((column) => !exclude.includes(column) && !audited.includes(column));
  const leftOut: LeftOutColumn[] = [
    ...audited.map((column) => ({ column, reason: `${column} left out: it is the audited model's output` })),
    ...notFeatures.map((column) => ({
      column,
      // the editor marks the file's sensitive attributes, the CLI any column (--not-features): one wording for both, no flag in it
      reason: `${column} left out: a sensitive attribute of the file, or listed not to learn from`,
    })),
  ];
  // every column not learned from, the run's own sensitive attributes first: a column that determines one is left out too
  const notLearned = [...new Set([...roles.sensitive, ...(roles.notFeatures ?? [])])].filter(
    (column) => table.columns.includes(column) && !audited.includes(column),
  );
  const candidates = table.columns.filter((name) => !exclude.includes(name) && !audited.includes(name) && !notFeatures.includes(name));
  const sample = Array.from({ length: Math.min(table.rowCount, PROFILED_ROWS) }, (_, row) => rowFields(table, row));
  const profiles = new Map(profileColumns(table.columns, sample).map((profile) => [profile.name, profile]));
  const features: string[] = [];
  for (const column of candidates) {
    const { kind, distinct } = profiles.get(column)!;
    if (kind === 'identifier' || kind === 'empty') {
      leftOut.push({ column, reason: `${column} left out: ${kind === 'empty' ? 'it has no value' : 'it identifies rows'}` });
      continue;
    }
    if (kind === 'categorical' && distinct > MAX_FEATURE_VALUES) {
      leftOut.push({
        column,
        reason: `${column} left out: ${distinct.toLocaleString('en-US')} distinct text values, one model input each`,
      });
      continue;
    }
    const reason =
      audited.map((anchor) => encodingOf(table, column, anchor)).find((found) => found !== null) ??
      notLearned.map((attribute) => determinationOf(table, column, attribute)).find((found) => found !== null);
    if (reason) leftOut.push({ column, reason: `${column} left out: ${reason}` });
    else features.push(column);
  }
  return { features, leftOut };
}

/**
 * The report's warning when the default features leave one column to learn from (none stops the
 * run: fitFeatureEncoding), naming it, what was left out, and how to choose more in the editor's
 * words and the command line's: a model of one column is of little use, and nothing else would say
 * the default left the others out (a file whose other columns are sensitive attributes, what
 * determines them, or an identifier). A file with no other column gets none: there is no more to choose.
 */
export function fewFeaturesWarnings(choice: FeatureChoice): string[] {
  const { features, leftOut } = choice;
  if (features.length !== 1 || leftOut.length === 0) return [];
  return [
    `the model learns from only ${features[0]}: the default features left out ${leftOut.map((out) => out.column).join(', ')} (see Left out); ` +
      'to learn from more, choose them under "Feature columns" in Run Mitigation\'s questions (on the command line: --features)',
  ];
}

/** Given features that encode an audited column, in words: the report warns of them. */
export function encodingWarnings(table: Table, features: readonly string[], audited: readonly string[]): string[] {
  return features.flatMap((column) =>
    audited.flatMap((anchor) => {
      if (column === anchor) return [`the features include the audited model's output ${anchor}`];
      const reason = encodingOf(table, column, anchor);
      return reason ? [`the features include ${column}: ${reason}`] : [];
    }),
  );
}

/** How `column` depends on `anchor`, on the rows where both are present (dependencyOf). */
interface Dependency {
  rows: number;
  /** Rows the data may have off a dependency: DEPENDENCY_EXCEPTIONS of `rows`, rounded down. */
  allowed: number;
  /** `column`'s values as bands of the numeric anchor, by increasing range; null when the anchor is not numeric. */
  bands: { bands: Band[]; exceptions: number } | null;
  /** Anchor → column and column → anchor (rows off their value's most common partner); null unless both have 2 to MAX_ENCODING_VALUES values. */
  functions: { anchorDetermines: number; columnDetermines: number; anchorValues: number; fewestAnchorRows: number } | null;
}

interface Band {
  value: string;
  min: number;
  max: number;
}

/**
 * How `column` (at most MAX_ENCODING_VALUES values, else null) depends on `anchor`, in one pass
 * with tallies per value of `column`, and one walk over the rows in increasing anchor order when
 * the anchor is numeric:
 * - bands: each anchor value goes to its most common column value, and each column value keeps
 *   its largest run of consecutive anchor values; the other rows are the exceptions (none: the
 *   column's values cover disjoint ranges of the anchor, Low 1-4, Medium 5-7, High 8-10);
 * - functions: per value of one column, the rows off its most common partner, either way.
 */
function dependencyOf(table: Table, column: string, anchor: string): Dependency | null {
  const values = table.data[columnIndex(table, column)]!;
  const anchors = table.data[columnIndex(table, anchor)]!;
  const codes = new Map<string, number>();
  const rowCodes = new Int32Array(table.rowCount).fill(-1);
  const pairs = new Map<string, number[]>(); // per anchor value: rows per column code
  let rows = 0;
  for (let row = 0; row < table.rowCount; row++) {
    const value = values.text(row);
    const partner = anchors.text(row);
    if (value === null || partner === null) continue;
    rows++;
    let code = codes.get(value);
    if (code === undefined) {
      if (codes.size === MAX_ENCODING_VALUES) return null;
      code = codes.size;
      codes.set(value, code);
    }
    rowCodes[row] = code;
    // pair counts only while the anchor has few values (a probability score has thousands)
    if (pairs.size > MAX_ENCODING_VALUES) continue;
    const counts = pairs.get(partner) ?? [];
    counts[code] = (counts[code] ?? 0) + 1;
    pairs.set(partner, counts);
  }
  if (codes.size < 2) return null;
  const allowed = Math.floor(DEPENDENCY_EXCEPTIONS * rows);
  const order = numericOrder(table, anchor);
  const names = [...codes.keys()];
  return {
    rows,
    allowed,
    bands: order ? bandsOf(order, rowCodes, names) : null,
    functions: pairs.size <= MAX_ENCODING_VALUES && pairs.size >= 2 ? functionsOf([...pairs.values()], codes.size) : null,
  };
}

/** Per anchor value the rows off its most common column value (and the reverse), from the pair counts. */
function functionsOf(pairs: number[][], columnValues: number): NonNullable<Dependency['functions']> {
  let anchorDetermines = 0;
  let fewestAnchorRows = Infinity;
  const byColumn = Array.from({ length: columnValues }, () => ({ total: 0, most: 0 }));
  for (const counts of pairs) {
    let total = 0;
    let most = 0;
    counts.forEach((count, code) => {
      total += count;
      most = Math.max(most, count);
      byColumn[code]!.total += count;
      byColumn[code]!.most = Math.max(byColumn[code]!.most, count);
    });
    anchorDetermines += total - most;
    fewestAnchorRows = Math.min(fewestAnchorRows, total);
  }
  const columnDetermines = byColumn.reduce((sum, { total, most }) => sum + total - most, 0);
  return { anchorDetermines, columnDetermines, anchorValues: pairs.length, fewestAnchorRows };
}

/** The column's values as bands of the anchor, walking the rows (`order`) in increasing anchor value. */
function bandsOf(order: { rows: Int32Array; numbers: Float64Array }, rowCodes: Int32Array, names: readonly string[]): Dependency['bands'] {
  const runs: (Band & { code: number; rows: number })[] = [];
  let exceptions = 0;
  const counts = new Float64Array(names.length);
  for (let start = 0; start < order.rows.length;) {
    const number = order.numbers[order.rows[start]!]!;
    let end = start;
    counts.fill(0);
    for (; end < order.rows.length && order.numbers[order.rows[end]!] === number; end++) {
      const code = rowCodes[order.rows[end]!]!;
      if (code >= 0) counts[code]!++;
    }
    start = end;
    let code = 0;
    for (let c = 1; c < counts.length; c++) if (counts[c]! > counts[code]!) code = c;
    const total = counts.reduce((a, b) => a + b, 0);
    if (total === 0) continue;
    exceptions += total - counts[code]!;
    const last = runs[runs.length - 1];
    if (last?.code === code) {
      last.max = number;
      last.rows += counts[code]!;
    } else runs.push({ value: names[code]!, code, min: number, max: number, rows: counts[code]! });
  }
  // a value in several runs keeps its largest: the rows of the others are exceptions
  const largest = new Map<number, (typeof runs)[number]>();
  for (const run of runs) if ((largest.get(run.code)?.rows ?? -1) < run.rows) largest.set(run.code, run);
  for (const run of runs) if (largest.get(run.code) !== run) exceptions += run.rows;
  const bands = runs.filter((run) => largest.get(run.code) === run).map(({ value, min, max }) => ({ value, min, max }));
  return { bands, exceptions };
}

/** The rows with a numeric anchor value in increasing order of it, per table and anchor (computed once); null when a present value is not a number. */
const numericOrders = new WeakMap<Table, Map<string, { rows: Int32Array; numbers: Float64Array } | null>>();
function numericOrder(table: Table, anchor: string): { rows: Int32Array; numbers: Float64Array } | null {
  const known = numericOrders.get(table) ?? new Map<string, { rows: Int32Array; numbers: Float64Array } | null>();
  numericOrders.set(table, known);
  if (!known.has(anchor)) known.set(anchor, sortedNumbers(table, anchor));
  return known.get(anchor)!;
}

function sortedNumbers(table: Table, anchor: string): { rows: Int32Array; numbers: Float64Array } | null {
  const column = table.data[columnIndex(table, anchor)]!;
  // a column stored as numbers is read as such (NaN: missing), any other parsed cell by cell
  const numbers = column instanceof NumberColumn ? column.values(table.rowCount) : new Float64Array(table.rowCount).fill(Number.NaN);
  if (!(column instanceof NumberColumn)) {
    for (let row = 0; row < table.rowCount; row++) {
      const text = column.text(row);
      if (text === null) continue;
      const number = parseDecimal(text);
      if (!Number.isFinite(number)) return null;
      numbers[row] = number;
    }
  }
  const present: number[] = [];
  for (let row = 0; row < table.rowCount; row++) if (!Number.isNaN(numbers[row]!)) present.push(row);
  return { rows: Int32Array.from(present).sort((a, b) => numbers[a]! - numbers[b]!), numbers };
}

/**
 * Whether `column` encodes the numeric or coded audited `anchor` (dependencyOf), in words:
 * - its 2 to MAX_ENCODING_VALUES values cover disjoint ranges of the numeric anchor (a banding of
 *   a score: Low 1-4, Medium 5-7, High 8-10);
 * - a functional dependency either way, both columns with 2 to MAX_ENCODING_VALUES values;
 * each broken by at most DEPENDENCY_EXCEPTIONS of the rows. Null when neither holds.
 */
export function encodingOf(table: Table, column: string, anchor: string): string | null {
  const dependency = dependencyOf(table, column, anchor);
  if (!dependency) return null;
  const { rows, allowed, bands, functions } = dependency;
  const exceptions = (count: number) => (count === 0 ? '' : ` but for ${count} of ${rows} training rows`);
  if (bands && bands.bands.length >= 2 && bands.exceptions <= allowed)
    return `each of its ${bands.bands.length} values covers a disjoint range of the audited ${anchor} (${bandsText(bands.bands)}), so it encodes ${anchor}${exceptions(bands.exceptions)}`;
  if (!functions) return null;
  if (functions.anchorDetermines <= allowed) return `the audited ${anchor} determines it${exceptions(functions.anchorDetermines)}`;
  if (functions.columnDetermines <= allowed) return `it determines the audited ${anchor}${exceptions(functions.columnDetermines)}`;
  return null;
}

/** Rows each value of a column must have for its mapping to another column to count as structure, not chance. */
export const MIN_ROWS_PER_VALUE = 5;

/**
 * Whether `column` determines `notLearned`, a column not learned from, in a way no identifier does
 * by chance (dependencyOf, with `notLearned` as the column and `column` as the anchor), in words:
 * - `notLearned`'s 2 to MAX_ENCODING_VALUES values are bands of the numeric `column` (age_cat of age);
 * - `notLearned` is a coarsening of `column`: `column` has at most MAX_ENCODING_VALUES values,
 *   each on MIN_ROWS_PER_VALUE rows or more, and each maps to one value of `notLearned`;
 * each broken by at most DEPENDENCY_EXCEPTIONS of the rows. Null when neither holds.
 */
export function determinationOf(table: Table, column: string, notLearned: string): string | null {
  const dependency = dependencyOf(table, notLearned, column);
  if (!dependency) return null;
  const { rows, allowed, bands, functions } = dependency;
  const exceptions = (count: number) => (count === 0 ? '' : `; but for ${count} of ${rows} training rows`);
  const what = `it determines ${notLearned}`;
  if (bands && bands.bands.length >= 2 && bands.exceptions <= allowed) return `${what} (${bandsText(bands.bands)}${exceptions(bands.exceptions)})`;
  if (functions && functions.anchorDetermines <= allowed && functions.fewestAnchorRows >= MIN_ROWS_PER_VALUE)
    return `${what} (each of its ${functions.anchorValues} values has one ${notLearned} value${exceptions(functions.anchorDetermines)})`;
  return null;
}

function bandsText(bands: readonly Band[]): string {
  return bands.map(({ value, min, max }) => `${value}: ${rangeText(min, max)}`).join(', ');
}

function rangeText(min: number, max: number): string {
  return min === max ? String(min) : `${min}–${max}`;
}
