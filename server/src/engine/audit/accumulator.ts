import type { TaskKind } from '../../../../common/reports/audit';
import { addReplicateWeights, replicateWeight, rowHash } from '../metrics/bootstrap';
import { CONFUSION_WIDTH } from '../metrics/classification';
import { COUNT, DATASET_WIDTH, POSITIVES } from '../metrics/dataset';
import { REGRESSION_WIDTH, addRegressionRow } from '../metrics/regression';
import { CellSample, SortedSample, sortSample } from '../metrics/sample';

/** Width of the counting-statistics vector of each task. */
export function statsWidth(task: TaskKind): number {
  switch (task) {
    case 'classification':
      return CONFUSION_WIDTH;
    case 'regression':
      return REGRESSION_WIDTH;
    case 'dataset':
      return DATASET_WIDTH;
  }
}

/** One intersectional group: the finest cell, from which every grouping is merged. */
export interface Cell {
  /** The (binned) value of each sensitive column, in the order of the audit's sensitive columns. */
  readonly key: readonly string[];
  /** Counting statistics of the rows (see the metrics modules for the layout). */
  readonly stats: Float64Array;
  /** The same statistics under each bootstrap replicate's Poisson weights, replicate-major. */
  readonly replicates: Float64Array;
  /** Scores (classification) or predictions (regression) of the rows, when the task needs them. */
  readonly sample: CellSample | undefined;
}

/** Cells by the codes of their sensitive values: one array level per sensitive column. */
type CellTree = (CellTree | Cell | undefined)[];

/**
 * Mergeable one-pass sufficient statistics of an audit, keyed by intersectional cell. Memory for
 * counting metrics is cells x (1 + bootstrap) x width numbers, independent of the number of rows.
 * Bootstrap weights depend only on (seed, global row index), so merging accumulators that saw
 * disjoint row ranges equals one accumulator that saw all rows.
 */
export class AuditAccumulator {
  /** The cells in order of first appearance. */
  readonly cells: Cell[] = [];
  readonly width: number;
  rows = 0;
  /** Per sensitive column, the code of each value seen: cells are found without joining strings. */
  private readonly codes: Map<string, number>[] = [];
  private readonly tree: CellTree = [];
  private sorted: SortedSample | undefined;

  constructor(
    readonly task: TaskKind,
    readonly keepSample: boolean,
    readonly bootstrap: number,
    readonly seed: number,
  ) {
    this.width = statsWidth(task);
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
   * Every kept score or prediction, sorted once (cells in the order of `cells`). This empties the
   * per-cell samples to free their memory, so no rows can be added afterwards.
   */
  sortedSample(): SortedSample | undefined {
    if (!this.keepSample) return undefined;
    this.sorted ??= sortSample(this.cells.map((c) => c.sample!));
    return this.sorted;
  }

  /** A classification row: `confusionIndex` from confusionCell(); the score when the audit has one. */
  addClassification(cell: Cell, rowIndex: number, confusionIndex: number, actualPositive: boolean, score?: number): void {
    const hash = this.countRow(rowIndex);
    cell.stats[confusionIndex]! += 1;
    if (this.bootstrap > 0) addReplicateWeights(cell.replicates, confusionIndex, this.width, hash, this.bootstrap);
    if (score !== undefined) cell.sample?.push(score, actualPositive ? 1 : 0, hash);
  }

  addRegression(cell: Cell, rowIndex: number, target: number, prediction: number): void {
    const hash = this.countRow(rowIndex);
    addRegressionRow(cell.stats, 0, target, prediction, 1);
    for (let b = 0; b < this.bootstrap; b++) {
      const weight = replicateWeight(hash, b);
      if (weight !== 0) addRegressionRow(cell.replicates, b * this.width, target, prediction, weight);
    }
    cell.sample?.push(prediction, 0, hash);
  }

  /** A dataset row; `positive` is undefined when the audit has no label. */
  addDataset(cell: Cell, rowIndex: number, positive: boolean | undefined): void {
    const hash = this.countRow(rowIndex);
    const increment = positive ? 1 : 0;
    cell.stats[COUNT]! += 1;
    cell.stats[POSITIVES]! += increment;
    for (let b = 0; b < this.bootstrap; b++) {
      const weight = replicateWeight(hash, b);
      cell.replicates[b * this.width + COUNT]! += weight;
      cell.replicates[b * this.width + POSITIVES]! += weight * increment;
    }
  }

  /** Adds the statistics of an accumulator that saw a disjoint set of rows. */
  merge(other: AuditAccumulator): void {
    if (other.task !== this.task || other.bootstrap !== this.bootstrap || other.seed !== this.seed) {
      throw new Error('cannot merge accumulators of different audits');
    }
    if (this.sorted || other.sorted) throw new Error('cannot merge an accumulator whose sample was already sorted');
    for (const source of other.cells) {
      const target = this.cell(source.key);
      addInto(target.stats, source.stats);
      addInto(target.replicates, source.replicates);
      if (target.sample && source.sample) target.sample.append(source.sample);
    }
    this.rows += other.rows;
  }

  private countRow(rowIndex: number): number {
    this.rows++;
    return this.bootstrap > 0 ? rowHash(this.seed, rowIndex) : 0;
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
    const cell: Cell = {
      key: [...key],
      stats: new Float64Array(this.width),
      replicates: new Float64Array(this.width * this.bootstrap),
      sample: this.keepSample ? new CellSample(this.bootstrap > 0) : undefined,
    };
    this.cells.push(cell);
    return cell;
  }
}

function addInto(target: Float64Array, source: Float64Array): void {
  for (let i = 0; i < source.length; i++) target[i]! += source[i]!;
}
