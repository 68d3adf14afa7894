import { replicateWeight, rowHash } from '../metrics/bootstrap';
import { CONFUSION_WIDTH } from '../metrics/classification';
import { COUNT, DATASET_WIDTH, POSITIVES } from '../metrics/dataset';
import { REGRESSION_WIDTH, addRegressionRow } from '../metrics/regression';
import { RowSample } from '../metrics/sample';

export type TaskKind = 'classification' | 'regression' | 'dataset';

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
  readonly sample: RowSample | undefined;
}

/**
 * Mergeable one-pass sufficient statistics of an audit, keyed by intersectional cell. Memory for
 * counting metrics is cells x (1 + bootstrap) x width numbers, independent of the number of rows.
 * Bootstrap weights depend only on (seed, global row index), so merging accumulators that saw
 * disjoint row ranges equals one accumulator that saw all rows.
 */
export class AuditAccumulator {
  readonly cells = new Map<string, Cell>();
  readonly width: number;
  rows = 0;

  constructor(
    readonly task: TaskKind,
    readonly keepSample: boolean,
    readonly bootstrap: number,
    readonly seed: number,
  ) {
    this.width = statsWidth(task);
  }

  cell(key: readonly string[]): Cell {
    const id = key.join('\u001f');
    let cell = this.cells.get(id);
    if (!cell) {
      cell = {
        key: [...key],
        stats: new Float64Array(this.width),
        replicates: new Float64Array(this.width * this.bootstrap),
        sample: this.keepSample ? new RowSample() : undefined,
      };
      this.cells.set(id, cell);
    }
    return cell;
  }

  /** A classification row: `confusionIndex` from confusionCell(); the score when the audit has one. */
  addClassification(cell: Cell, rowIndex: number, confusionIndex: number, actualPositive: boolean, score?: number): void {
    const hash = this.countRow(rowIndex);
    cell.stats[confusionIndex]! += 1;
    for (let b = 0; b < this.bootstrap; b++) {
      cell.replicates[b * this.width + confusionIndex]! += replicateWeight(hash, b);
    }
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
    for (const source of other.cells.values()) {
      const target = this.cell(source.key);
      addInto(target.stats, source.stats);
      addInto(target.replicates, source.replicates);
      if (target.sample && source.sample) {
        for (let i = 0; i < source.sample.length; i++) {
          target.sample.push(source.sample.values[i]!, source.sample.flags[i]!, source.sample.hashes[i]!);
        }
      }
    }
    this.rows += other.rows;
  }

  private countRow(rowIndex: number): number {
    this.rows++;
    return this.bootstrap > 0 || this.keepSample ? rowHash(this.seed, rowIndex) : 0;
  }
}

function addInto(target: Float64Array, source: Float64Array): void {
  for (let i = 0; i < source.length; i++) target[i]! += source[i]!;
}
