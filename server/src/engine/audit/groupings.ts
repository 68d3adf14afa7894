import { InputError } from '../errors';
import type { Partition } from '../metrics/sweep';
import type { CellVectors, EvaluationSettings } from './vectors';
import { OUTCOME_FIELDS, type AuditStatistics } from './statistics';

export type GroupingKind = (typeof GROUPING_KINDS)[number];
export const GROUPING_KINDS = ['each', 'pairs', 'full'] as const;

/**
 * The groupings of an audit, as lists of sensitive column indices: each column alone, each pair
 * of columns, and all columns together (the full intersection), as asked, without repeats (with
 * two columns, the pair is the full intersection).
 */
export function groupingColumns(columns: readonly number[], kinds: readonly GroupingKind[] = GROUPING_KINDS): number[][] {
  const out: number[][] = [];
  const add = (set: number[]) => {
    if (!out.some((existing) => existing.join() === set.join())) out.push(set);
  };
  if (kinds.includes('each')) columns.forEach((c) => add([c]));
  if (kinds.includes('pairs')) columns.forEach((a, i) => columns.slice(i + 1).forEach((b) => add([a, b])));
  if (kinds.includes('full') && columns.length > 1) add([...columns]);
  return out;
}

/** How many groups the rows fall into when grouped by `columns` (after binning): observed ones only. */
export function observedGroupCount(
  statistics: AuditStatistics,
  columns: readonly number[],
  groupValue: readonly (((value: string) => string) | undefined)[],
): number {
  const keys = new Set<string>();
  for (const cell of statistics.cells) keys.add(columns.map((c) => groupValue[c]?.(cell.key[c]!) ?? cell.key[c]!).join('\u001f'));
  return keys.size;
}

export interface GroupLayout {
  key: string[];
  /** Indices of the cells that make the group. */
  cells: number[];
  rows: number;
  /** Classification: the group's rows of each label value (not weights: the rule counts observations). */
  labels?: LabelCounts;
}

export interface LabelCounts {
  positive: number;
  negative: number;
}

/** Whether a group has enough rows, and (classification) enough rows of each label value, for the adequate aggregates. */
export function adequate(group: GroupLayout, settings: Pick<EvaluationSettings, 'minGroupSize' | 'minLabelCount'>): boolean {
  return group.rows >= settings.minGroupSize && !hasFewLabels(group, settings.minLabelCount);
}

/** A group with fewer than `minLabelCount` rows of either label value (never outside classification). */
export function hasFewLabels(group: GroupLayout, minLabelCount: number): boolean {
  return group.labels !== undefined && Math.min(group.labels.positive, group.labels.negative) < minLabelCount;
}

/** The groups of one grouping, largest first, and how its cells map to them. */
export interface GroupingLayout {
  columns: readonly number[];
  groups: GroupLayout[];
  /** Indices of every group, and of the adequate groups: at least minGroupSize rows, and minLabelCount of each label value. */
  observed: number[];
  large: number[];
  partition: Partition;
  /** The same with the cells of small groups left out. */
  largePartition: Partition;
  referenceIndex: number;
  referenceSource: 'given' | 'largest';
  minGroupSize: number;
  minLabelCount: number;
  /** The groups whose AIF360 figures the aggregates report, chosen on the point estimate. */
  aif360Choice?: Record<string, number>;
  largeAif360Choice?: Record<string, number>;
}

export function layoutGroupings(statistics: AuditStatistics, vectors: CellVectors, settings: EvaluationSettings): GroupingLayout[] {
  const cellKeys = statistics.cells.map((cell) => cell.key.map((value, i) => settings.groupValue[i]?.(value) ?? value));
  return settings.groupings.map((columns) => layoutGrouping(statistics, cellKeys, columns, vectors, settings));
}

function layoutGrouping(
  statistics: AuditStatistics,
  cellKeys: readonly string[][],
  columns: readonly number[],
  vectors: CellVectors,
  settings: EvaluationSettings,
): GroupingLayout {
  const byKey = new Map<string, GroupLayout>();
  cellKeys.forEach((cellKey, index) => {
    const key = columns.map((c) => cellKey[c]!);
    const id = key.join('\u001f');
    let group = byKey.get(id);
    if (!group) {
      group = { key, cells: [], rows: 0 };
      byKey.set(id, group);
      if (byKey.size > settings.maxGroups) throw tooManyGroups(statistics, columns, settings);
    }
    group.cells.push(index);
    group.rows += vectors.rows[index]!;
  });
  if (statistics.layout.task === 'classification') for (const group of byKey.values()) group.labels = labelCounts(statistics, group.cells);
  const groups = [...byKey.values()].sort((a, b) => b.rows - a.rows || a.key.join().localeCompare(b.key.join()));
  const groupOfCell = new Int32Array(cellKeys.length);
  groups.forEach((group, g) => group.cells.forEach((cell) => (groupOfCell[cell] = g)));
  const large = groups.flatMap((group, g) => (adequate(group, settings) ? [g] : []));
  const largeOfCell = groupOfCell.map((g) => (adequate(groups[g]!, settings) ? g : -1));
  const { index: referenceIndex, source } = referenceOf(statistics, columns, groups, settings);
  return {
    columns,
    groups,
    observed: groups.map((_, g) => g),
    large,
    partition: { groups: groups.length, groupOfCell },
    largePartition: { groups: groups.length, groupOfCell: largeOfCell },
    referenceIndex,
    referenceSource: source,
    minGroupSize: settings.minGroupSize,
    minLabelCount: settings.minLabelCount,
  };
}

/** The rows of each label value of a binary classification's cells (label slot 1 is the positive value). */
function labelCounts(statistics: AuditStatistics, cells: readonly number[]): LabelCounts {
  const counts = { positive: 0, negative: 0 };
  const predictions = statistics.predictionSlots;
  for (const c of cells) {
    const outcomes = statistics.cells[c]!.outcomes;
    for (let p = 0; p < predictions; p++) {
      counts.negative += outcomes[p * OUTCOME_FIELDS]!;
      counts.positive += outcomes[(predictions + p) * OUTCOME_FIELDS]!;
    }
  }
  return counts;
}

function tooManyGroups(statistics: AuditStatistics, columns: readonly number[], settings: EvaluationSettings): InputError {
  const names = columns.map((c) => statistics.layout.sensitive[c]!);
  const what = names.length === 1 ? `column "${names[0]}"` : `the intersection ${names.join(' × ')}`;
  return new InputError(
    `${what} has more than ${settings.maxGroups} groups`,
    { file: settings.file, column: names.join(',') },
    {
      fix: { kind: 'columns', role: 'sensitive' },
      cli: `raise --max-groups, bin a numeric column with --bins, choose another sensitive column${names.length > 1 ? ', or pass --groupings each' : ''}`,
    },
  );
}

/**
 * The reference group: the group with the `--reference` values of the grouping's columns (the
 * largest such group when only some of its columns have one), else the largest group.
 */
function referenceOf(
  statistics: AuditStatistics,
  columns: readonly number[],
  groups: readonly GroupLayout[],
  settings: EvaluationSettings,
): { index: number; source: 'given' | 'largest' } {
  const names = columns.map((c) => statistics.layout.sensitive[c]!);
  const given = names.map((name) => settings.references[name]);
  if (given.every((value) => value === undefined)) return { index: 0, source: 'largest' };
  const index = groups.findIndex((group) => given.every((value, i) => value === undefined || group.key[i] === value));
  if (index < 0 && columns.length === 1) {
    const values = groups
      .slice(0, 12)
      .map((g) => `"${g.key[0]}"`)
      .join(', ');
    throw new InputError(
      `the reference group "${given[0]}" is not a group of ${names[0]}; the groups are ${values}${groups.length > 12 ? ', …' : ''}`,
      { file: settings.file, column: names[0]! },
      { fix: { kind: 'columns', role: 'reference' }, cli: `pass --reference ${names[0]}=VALUE with one of them` },
    );
  }
  return index < 0 ? { index: 0, source: 'largest' } : { index, source: 'given' };
}

export interface EmptyGroups {
  /** Combinations of the columns' values with no row (keys in column order). */
  keys: string[][];
  /** Empty combinations not listed because the full product exceeds the group limit. */
  unlisted: number;
}

/** The combinations of values seen in each column of an intersection that have no row, as Fairlearn lists them. */
export function emptyIntersections(layout: GroupingLayout, maxGroups: number): EmptyGroups {
  if (layout.columns.length < 2) return { keys: [], unlisted: 0 };
  const values = layout.columns.map((_, i) => [...new Set(layout.groups.map((g) => g.key[i]!))].sort());
  const product = values.reduce((n, v) => n * v.length, 1);
  const missing = product - layout.groups.length;
  if (missing === 0) return { keys: [], unlisted: 0 };
  if (product > maxGroups) return { keys: [], unlisted: missing };
  const seen = new Set(layout.groups.map((g) => g.key.join('\u001f')));
  let combinations: string[][] = [[]];
  for (const column of values) combinations = combinations.flatMap((prefix) => column.map((value) => [...prefix, value]));
  return { keys: combinations.filter((key) => !seen.has(key.join('\u001f'))), unlisted: 0 };
}
