import { CellSample, ValueSegments, segmentSample } from '../metrics/sample';
import { hashStrings } from '../metrics/poisson';
import { addLabelMoments, LABEL_MOMENTS } from '../metrics/label-mean';

import type { TaskKind } from '../../../../common/reports/audit';

export type { TaskKind };

/** What the statistics of one audit hold (decided by the plan). */
export interface StatisticsLayout {
  task: TaskKind;
  /** The sensitive columns, in the order of every cell key. */
  sensitive: readonly string[];
  /**
   * The classes, indexed as in the records: binary audits ["0", "1"] (1 = the positive label, or
   * predicted positive); multiclass audits the class values as spelt in the data.
   */
  classes: readonly string[];
  hasLabel: boolean;
  hasPrediction: boolean;
  weighted: boolean;
  /** Value records are kept: a classification score, or a regression prediction and target. */
  values: boolean;
  /** A dataset audit of a model's decisions without the true label: its outcome's rate is the selection rate. */
  decisions?: boolean;
  /** A dataset audit of a numeric label: each cell keeps sums of it (label-mean.ts), not classes. */
  labelMoments?: boolean;
  /** A randomized decision's rows (addExpectedRow): the weight sums are expected counts, not counts. */
  expected?: boolean;
}

/** Counts of one (cell, true class, predicted class). See docs/design.md. */
export interface OutcomeRecord {
  cell: readonly string[];
  /** Index of the true class in `classes`; -1 without a label. */
  label: number;
  /** Index of the predicted class in `classes`; -1 without a prediction. */
  prediction: number;
  count: number;
  weight: number;
  weightSquared: number;
}

/** Counts of one (cell, true class, distinct value [, target]). See docs/design.md. */
export interface ValueRecord {
  cell: readonly string[];
  /** Binary class index in classification; -1 in regression. */
  label: number;
  value: number;
  /** The regression target; NaN in classification. */
  target: number;
  count: number;
  weight: number;
  weightSquared: number;
}

/** Numbers per outcome slot: rows, Σw, Σw². */
export const OUTCOME_FIELDS = 3;

/** One intersectional cell: the finest group, from which every grouping is merged. */
export interface Cell {
  /** The group value of each sensitive column (see OutcomeRecord.cell). */
  readonly key: readonly string[];
  /** Hash of the key: the cell's part of every bootstrap draw's seed. */
  readonly hash: number;
  /** Rows in the cell. */
  rows: number;
  /** Per (label slot, prediction slot): rows, Σw, Σw² (OUTCOME_FIELDS numbers each). */
  outcomes: Float64Array;
  /** Sums of a numeric label (LABEL_MOMENTS numbers; empty otherwise). */
  readonly moments: Float64Array;
  readonly sample: CellSample | undefined;
}

/** Cells by the codes of their sensitive values: one array level per sensitive column. */
type CellTree = (CellTree | Cell | undefined)[];

/**
 * The audit's mergeable sufficient statistics: per intersectional cell, the outcome counts and
 * weight sums, and the value records. Memory for the counting metrics is cells x classes² numbers,
 * independent of the number of rows; the bootstrap is drawn from these statistics at evaluation.
 */
export class AuditStatistics {
  /** The cells in order of first appearance. */
  readonly cells: Cell[] = [];
  /** Rows that entered the statistics, and their total weight. */
  rows = 0;
  weight = 0;
  private classNames: string[];
  /** Per sensitive column, the code of each value seen: cells are found without joining strings. */
  private readonly codes: Map<string, number>[] = [];
  private readonly tree: CellTree = [];
  private segmented: ValueSegments | undefined;

  constructor(readonly layout: StatisticsLayout) {
    this.classNames = [...layout.classes];
  }

  get classes(): readonly string[] {
    return this.classNames;
  }

  get labelSlots(): number {
    return this.layout.hasLabel ? Math.max(1, this.classNames.length) : 1;
  }

  get predictionSlots(): number {
    return this.layout.hasPrediction ? Math.max(1, this.classNames.length) : 1;
  }

  /** Distinct values seen so far in sensitive column `column`. */
  distinctValues(column: number): number {
    return this.codes[column]?.size ?? 0;
  }

  /** The index of a class, added when new (a multiclass audit meeting a class first seen late). */
  classIndex(name: string): number {
    const index = this.classNames.indexOf(name);
    if (index >= 0) return index;
    const labelSlots = this.labelSlots;
    const predictionSlots = this.predictionSlots;
    this.classNames.push(name);
    for (const cell of this.cells) cell.outcomes = this.regrow(cell.outcomes, labelSlots, predictionSlots);
    return this.classNames.length - 1;
  }

  /** The cell of a combination of sensitive values (created on first use). */
  cell(key: readonly string[]): Cell {
    let level = this.tree;
    for (let s = 0; s < key.length - 1; s++) {
      const code = this.codeOf(s, key[s]!);
      level = (level[code] ??= []) as CellTree;
    }
    const last = this.codeOf(key.length - 1, key[key.length - 1]!);
    return (level[last] as Cell | undefined) ?? (level[last] = this.newCell(key));
  }

  /**
   * One row, or `count` identical rows (a database's GROUP BY record): the class indices (-1 when
   * absent), the weight of each row, and the value record if any. `target` is the regression
   * target, or the numeric label of a dataset audit.
   */
  addRow(cell: Cell, label: number, prediction: number, weight: number, value?: number, target = Number.NaN, count = 1): void {
    const total = count === 1 ? weight : count * weight;
    const squares = count === 1 ? weight * weight : count * weight * weight;
    this.rows += count;
    this.weight += total;
    cell.rows += count;
    if (this.layout.task !== 'regression') {
      const at = this.slot(label, prediction);
      cell.outcomes[at]! += count;
      cell.outcomes[at + 1]! += total;
      cell.outcomes[at + 2]! += squares;
    }
    if (this.layout.labelMoments) addLabelMoments(cell.moments, 0, target, weight, count);
    if (value !== undefined) cell.sample?.pushRecord(value, label < 0 ? 0 : label, target, count, total, squares);
  }

  /**
   * One row whose prediction is positive with probability p (a randomized decision): its weight is
   * split p and 1 - p between the two predicted classes, so the weight sums are the expected
   * confusion counts. It counts as one row, in the likelier predicted class.
   */
  addExpectedRow(cell: Cell, label: number, probability: number): void {
    this.rows++;
    this.weight += 1;
    cell.rows++;
    const positive = this.slot(label, 1);
    const negative = this.slot(label, 0);
    cell.outcomes[probability >= 0.5 ? positive : negative]! += 1;
    cell.outcomes[positive + 1]! += probability;
    cell.outcomes[positive + 2]! += probability * probability;
    cell.outcomes[negative + 1]! += 1 - probability;
    cell.outcomes[negative + 2]! += (1 - probability) * (1 - probability);
  }

  /** An aggregated record (a database's GROUP BY row); records of one key may come several times. */
  addOutcome(record: OutcomeRecord): void {
    const cell = this.cell(record.cell);
    const at = this.slot(record.label, record.prediction);
    cell.outcomes[at]! += record.count;
    cell.outcomes[at + 1]! += record.weight;
    cell.outcomes[at + 2]! += record.weightSquared;
    cell.rows += record.count;
    this.rows += record.count;
    this.weight += record.weight;
  }

  /** An aggregated value record. In regression these are the only records (and count the rows). */
  addValue(record: ValueRecord): void {
    const cell = this.cell(record.cell);
    cell.sample?.pushRecord(record.value, record.label < 0 ? 0 : record.label, record.target, record.count, record.weight, record.weightSquared);
    if (this.layout.task === 'regression') {
      cell.rows += record.count;
      this.rows += record.count;
      this.weight += record.weight;
    }
  }

  /**
   * Every value record, combined per key and sorted by value (cells in the order of `cells`). This
   * empties the per-cell samples to free their memory, so no rows can be added afterwards.
   */
  segments(): ValueSegments | undefined {
    if (!this.layout.values) return undefined;
    this.segmented ??= segmentSample(
      this.cells.map((c) => c.sample!),
      this.cells.map((c) => c.key),
      this.classHashes(),
    );
    return this.segmented;
  }

  /** Value records segmented elsewhere (their cells indexed as in `cells`), used instead of the cells' samples. */
  useSegments(segments: ValueSegments): void {
    this.segmented = segments;
  }

  /** The hash of each class name, as used in the bootstrap keys. */
  classHashes(): number[] {
    return this.classNames.map((name) => hashStrings([name]));
  }

  /**
   * Replaces the values of one sensitive column by `coarser(value)` in every cell, merging the
   * cells that then share a key (a numeric column with too many distinct values is rounded).
   */
  remapColumn(column: number, coarser: (value: string) => string): void {
    const old = this.cells.splice(0);
    this.tree.length = 0;
    this.codes.length = 0;
    for (const cell of old) {
      const key = cell.key.map((value, i) => (i === column ? coarser(value) : value));
      const target = this.cell(key);
      target.rows += cell.rows;
      for (let i = 0; i < cell.outcomes.length; i++) target.outcomes[i]! += cell.outcomes[i]!;
      addMoments(target, cell);
      if (target.sample && cell.sample) target.sample.append(cell.sample);
    }
  }

  /** Adds the statistics of another AuditStatistics that saw a disjoint set of rows. */
  merge(other: AuditStatistics): void {
    if (other.layout.task !== this.layout.task || !other.layout.labelMoments !== !this.layout.labelMoments)
      throw new Error('cannot merge the statistics of different audits');
    if (this.segmented || other.segmented) throw new Error('cannot merge statistics whose values were already segmented');
    const classMap = other.classNames.map((name) => this.classIndex(name));
    for (const source of other.cells) {
      const target = this.cell(source.key);
      target.rows += source.rows;
      for (let l = 0; l < other.labelSlots; l++) {
        for (let p = 0; p < other.predictionSlots; p++) {
          const from = (l * other.predictionSlots + p) * OUTCOME_FIELDS;
          const to = this.slot(other.layout.hasLabel ? classMap[l]! : -1, other.layout.hasPrediction ? classMap[p]! : -1);
          for (let f = 0; f < OUTCOME_FIELDS; f++) target.outcomes[to + f]! += source.outcomes[from + f]!;
        }
      }
      addMoments(target, source);
      if (target.sample && source.sample) target.sample.append(source.sample);
    }
    this.rows += other.rows;
    this.weight += other.weight;
  }

  /** Offset of a (label, prediction) slot in a cell's outcomes. */
  slot(label: number, prediction: number): number {
    return ((label < 0 ? 0 : label) * this.predictionSlots + (prediction < 0 ? 0 : prediction)) * OUTCOME_FIELDS;
  }

  private regrow(outcomes: Float64Array, labelSlots: number, predictionSlots: number): Float64Array {
    const grown = new Float64Array(this.labelSlots * this.predictionSlots * OUTCOME_FIELDS);
    for (let l = 0; l < labelSlots; l++) {
      for (let p = 0; p < predictionSlots; p++) {
        const from = (l * predictionSlots + p) * OUTCOME_FIELDS;
        grown.set(outcomes.subarray(from, from + OUTCOME_FIELDS), this.slot(l, p));
      }
    }
    return grown;
  }

  private codeOf(column: number, value: string): number {
    const codes = (this.codes[column] ??= new Map());
    let code = codes.get(value);
    if (code === undefined) {
      code = codes.size;
      codes.set(value, code);
    }
    return code;
  }

  private newCell(key: readonly string[]): Cell {
    const { layout } = this;
    const cell: Cell = {
      key: [...key],
      hash: hashStrings(key),
      rows: 0,
      outcomes: new Float64Array(this.labelSlots * this.predictionSlots * OUTCOME_FIELDS),
      moments: new Float64Array(layout.labelMoments ? LABEL_MOMENTS : 0),
      sample: layout.values ? new CellSample(layout.task === 'regression', layout.weighted) : undefined,
    };
    this.cells.push(cell);
    return cell;
  }
}

function addMoments(target: Cell, source: Cell): void {
  for (let i = 0; i < source.moments.length; i++) target.moments[i]! += source.moments[i]!;
}
