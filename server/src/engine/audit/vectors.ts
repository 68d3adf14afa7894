import type { MetricSet } from '../metrics/metric-set';
import type { ValueSegments } from '../metrics/sample';

/** What the evaluation of an audit's statistics is told, and the per-cell vectors it works on. */

export interface EvaluationSettings {
  file: string;
  /** Groupings, as lists of sensitive column indices. */
  groupings: readonly (readonly number[])[];
  /** Per sensitive column: the group of a cell value (bins decided at evaluation); undefined keeps the value. */
  groupValue: readonly (((value: string) => string) | undefined)[];
  /** Reference group value per sensitive column name (`--reference`). */
  references: Readonly<Record<string, string>>;
  level: number;
  minGroupSize: number;
  /** Classification: fewer rows of either label value set a group aside from the adequate aggregates (0: never). */
  minLabelCount: number;
  bootstrap: number;
  seed: number;
  maxGroups: number;
  /** Distinct score values drawn one by one in a replicate; more are drawn per pooled quantile bin. */
  replicateValueBins: number;
  /** Regression: also the worst group's MSE among the aggregates (WORST_GROUP_MSE), as mitigation summaries show it; audits leave it out. */
  worstGroupError?: boolean;
  /** The replicates' draws, when not the audit's (keyed per cell and class): paired draws of two decisions on the same rows. */
  draws?: ReplicateDraws;
  /** Receives each replicate's overall metrics and aggregates, per grouping, in replicate order. */
  onReplicate?: (grouping: number, figures: ReplicateFigures) => void;
}

/** Draws that replace the audit's for every replicate. */
export interface ReplicateDraws {
  /** The value segments drawn (for classification scores, their pooled bins: see `drawnSegments`). */
  readonly drawn: ValueSegments | undefined;
  /** Replicate b's outcome vectors (classification) and the weights of the drawn segments. */
  draw(replicate: number): { vectors: CellVectors | undefined; segmentWeights: Float64Array | undefined };
}

export interface ReplicateFigures {
  overall: MetricSet;
  aggregates: MetricSet;
  largeAggregates: MetricSet;
}

/** Per cell: the statistics vector (outcome weights, or regression sums) and the row count. */
export interface CellVectors {
  width: number;
  values: Float64Array;
  /** Σw² per outcome slot (point estimate of counting tasks only). */
  squares: Float64Array | undefined;
  rows: Float64Array;
}
