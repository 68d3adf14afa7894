import { parseDecimal } from '../../../../common/decimal';
import { profileColumns } from '../schema/profile';
import { columnIndex, rowFields, Table } from '../table/table';

/**
 * A column with more distinct values than this is not tested as an encoding of an audited column:
 * the per-value tallies stay small (a score's recoding into bands has a handful of values).
 */
export const MAX_ENCODING_VALUES = 50;
/** The share of training rows allowed to break a dependency (data-entry noise): 0.1%. */
export const DEPENDENCY_EXCEPTIONS = 0.001;
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
  /** The audited model's score or prediction: left out, and so is every column that encodes one. */
  audited: readonly string[];
  /** Other columns the user keeps out (the file's other sensitive attributes, in the editor). */
  notFeatures?: readonly string[];
}

/**
 * The default features: every column but the label and sensitive ones, the audited model's score or
 * prediction and the columns asked to be kept out, less identifiers and empty columns (the column
 * profile's rule) and every column that encodes an audited one (`encodingOf`). Given features are
 * kept as given.
 */
export function chooseFeatures(table: Table, roles: FeatureRoles, given?: readonly string[]): FeatureChoice {
  if (given) return { features: [...given], leftOut: [] };
  const { exclude, audited } = roles;
  const notFeatures = (roles.notFeatures ?? []).filter((column) => !exclude.includes(column) && !audited.includes(column));
  const leftOut: LeftOutColumn[] = [
    ...audited.map((column) => ({ column, reason: `${column} left out: it is the audited model's output` })),
    ...notFeatures.map((column) => ({ column, reason: `${column} left out: listed among the columns not to learn from` })),
  ];
  const candidates = table.columns.filter((name) => !exclude.includes(name) && !audited.includes(name) && !notFeatures.includes(name));
  const sample = Array.from({ length: Math.min(table.rowCount, PROFILED_ROWS) }, (_, row) => rowFields(table, row));
  const kinds = new Map(profileColumns(table.columns, sample).map((profile) => [profile.name, profile.kind]));
  const features: string[] = [];
  for (const column of candidates) {
    const kind = kinds.get(column);
    const encoded = audited.map((anchor) => encodingOf(table, column, anchor)).find((reason) => reason !== null);
    if (kind === 'identifier' || kind === 'empty')
      leftOut.push({ column, reason: `${column} left out: ${kind === 'empty' ? 'it has no value' : 'it identifies rows'}` });
    else if (encoded) leftOut.push({ column, reason: `${column} left out: ${encoded}` });
    else features.push(column);
  }
  return { features, leftOut };
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

/** Per value of one column: how many rows, and the range of another (numeric) column over them. */
interface Tally {
  count: number;
  min: number;
  max: number;
  partners: Map<string, number> | null;
}

/**
 * Whether `column` encodes the numeric or coded `anchor`, on the rows where both are present, in
 * one pass with tallies per value of `column` (at most MAX_ENCODING_VALUES of them):
 * - disjoint ranges: `column` has 2 or more values and each covers a range of the numeric anchor
 *   that no other value's range overlaps (a banding of a score: Low 1-4, Medium 5-7, High 8-10);
 * - a functional dependency either way, both columns with 2 to MAX_ENCODING_VALUES values, broken
 *   by at most DEPENDENCY_EXCEPTIONS of the rows (the rows off their value's most common partner).
 * Null when neither holds.
 */
export function encodingOf(table: Table, column: string, anchor: string): string | null {
  const values = table.data[columnIndex(table, column)]!;
  const anchors = table.data[columnIndex(table, anchor)]!;
  const tallies = new Map<string, Tally>();
  const anchorValues = new Set<string>();
  let numeric = true;
  let rows = 0;
  for (let row = 0; row < table.rowCount; row++) {
    const value = values.text(row);
    const partner = anchors.text(row);
    if (value === null || partner === null) continue;
    rows++;
    let tally = tallies.get(value);
    if (!tally) {
      if (tallies.size === MAX_ENCODING_VALUES) return null;
      tally = { count: 0, min: Infinity, max: -Infinity, partners: new Map() };
      tallies.set(value, tally);
    }
    tally.count++;
    const number = numeric ? parseDecimal(partner) : NaN;
    if (!Number.isFinite(number)) numeric = false;
    else {
      tally.min = Math.min(tally.min, number);
      tally.max = Math.max(tally.max, number);
    }
    // pair counts only while the anchor has few values (a probability score has thousands)
    if (anchorValues.size <= MAX_ENCODING_VALUES) anchorValues.add(partner);
    if (anchorValues.size <= MAX_ENCODING_VALUES) tally.partners!.set(partner, (tally.partners!.get(partner) ?? 0) + 1);
    else tally.partners = null;
  }
  if (tallies.size < 2) return null;
  if (numeric) {
    const ranges = [...tallies].sort(([, a], [, b]) => a.min - b.min);
    if (ranges.every(([, tally], i) => i === 0 || ranges[i - 1]![1].max < tally.min)) {
      const listed = ranges.map(([value, tally]) => `${value}: ${rangeText(tally.min, tally.max)}`).join(', ');
      return `each of its ${tallies.size} values covers a disjoint range of the audited ${anchor} (${listed}), so it encodes ${anchor}`;
    }
  }
  if (anchorValues.size > MAX_ENCODING_VALUES || anchorValues.size < 2) return null;
  const allowed = Math.floor(DEPENDENCY_EXCEPTIONS * rows);
  const pairs = [...tallies].map(([value, tally]) => ({ value, partners: tally.partners! }));
  // column → anchor: the rows off their column value's most common anchor value
  const offColumn = pairs.reduce((sum, { partners }) => sum + sumOf(partners) - Math.max(...partners.values()), 0);
  // anchor → column: per anchor value, the rows off its most common column value
  const byAnchor = new Map<string, number[]>();
  for (const { partners } of pairs) for (const [partner, count] of partners) byAnchor.set(partner, [...(byAnchor.get(partner) ?? []), count]);
  const offAnchor = [...byAnchor.values()].reduce((sum, counts) => sum + counts.reduce((a, b) => a + b, 0) - Math.max(...counts), 0);
  const exceptions = (count: number) => (count === 0 ? '' : ` but for ${count} of ${rows} training rows`);
  if (offAnchor <= allowed) return `the audited ${anchor} determines it${exceptions(offAnchor)}`;
  if (offColumn <= allowed) return `it determines the audited ${anchor}${exceptions(offColumn)}`;
  return null;
}

function sumOf(counts: Map<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count;
  return sum;
}

function rangeText(min: number, max: number): string {
  return min === max ? String(min) : `${min}–${max}`;
}
