import type { Interval, MetricValues, PositiveMeans } from './audit';
import type { OutcomeBootstrap, SharedRows } from './mitigation';

/** comparison.json (docs/comparison-json.md); bump the version on incompatible changes. */
export const COMPARISON_SCHEMA_VERSION = 1;

export interface Comparison {
  schemaVersion: typeof COMPARISON_SCHEMA_VERSION;
  /** `test`: the held-out file, or the training file itself when the points are measured on a held-out share of it (`heldOut`). */
  files: { train: string; test: string; out: string };
  /** The share of the training file's rows held out at random (seed) and never fitted on, when there is no held-out file. */
  heldOut?: { fraction: number; seed: number; rows: number };
  /** With a held-out file: how many of its `testRows` rows equal a row of the training file in every training column, and the share expected by chance (comparisons before it: absent). */
  sharedWithTraining?: SharedRows & { testRows: number };
  /** positiveMeans: as the audit's (null: not stated; absent from older comparisons); bins: the edges of binned numeric sensitive columns (absent from older ones). */
  columns: { label: string; sensitive: string[]; positive: string | null; positiveMeans?: PositiveMeans | null; bins?: Record<string, number[]> };
  /** The aggregate on the horizontal axis (lower is fairer). */
  fairnessMetric: string;
  /** The unmitigated logistic regression on the same features, on the test rows (`intervals` as a Pareto point's). */
  reference: { accuracy: number | null; fairness: number | null; aggregates: MetricValues; intervals?: TradeoffIntervals; largeGroups?: LargeGroupFigures };
  /**
   * The groups of at least `minGroupSize` test rows (`groups` of the `allGroups` with rows), which
   * the reference's and every point's `largeGroups` figures are over: the audit's and the mitigation
   * reports' large-group aggregates. Comparisons written before issue 16's large-group figures:
   * absent, and so are those figures. `minLabelCount`: present when some group is also left out
   * for having fewer rows than it of a label value (the audit's rule).
   */
  largeGroups?: { minGroupSize: number; minLabelCount?: number; groups: number; allGroups: number };
  points: ComparisonPoint[];
  /**
   * How the intervals of the reference and the Pareto points were drawn (`--bootstrap`, `--seed`):
   * absent with `--bootstrap 0` (and in files written before issue 18 item 6), and so are they.
   */
  bootstrap?: OutcomeBootstrap;
  methods: {
    method: string;
    seconds: number;
    points: number;
    error: string | null;
    protocol: MethodProtocol;
    /**
     * What the method's report.json calls "before" when it is not `reference` (another learner
     * without the constraint: FERM's, the fair representation's network), in its report's words;
     * absent when its "before" is `reference`.
     */
    ownBaseline?: string;
    /** The fairness criterion the method was fitted for (its `fairness` setting): the measure compared, or the nearest it has; absent when it has none to choose (and in older comparisons). */
    criterion?: string;
  }[];
}

/** How a method was fitted and scored in the comparison. */
export interface MethodProtocol {
  /** `"train"` (training-data methods), `"train-out-of-fold"` (post-processing: the base model's out-of-fold scores of the training rows), or `"test"` (post-processing without a calibration file: in-sample). */
  fittedOn: 'train' | 'train-out-of-fold' | 'test';
  /** The rows every point is computed on. */
  scoredOn: 'test';
}

export interface ComparisonPoint {
  method: string;
  /** The swept parameter and its value (the method's default run has parameter "default"). */
  parameter: string;
  value: number;
  accuracy: number | null;
  fairness: number | null;
  aggregates: MetricValues;
  /** report.json of the method's run that produced the point. */
  report: string;
  /** The point's index in that report's `tradeoff` (its per-group figures are there); null for a run without a sweep (its `after`). */
  sweepIndex: number | null;
  pareto: boolean;
  /** Pareto-optimal points only (none on the others): the intervals of `accuracy` and `fairness`. */
  intervals?: TradeoffIntervals;
  /** The fairness figures over the comparison's `largeGroups` only, with the Pareto front they give. */
  largeGroups?: LargeGroupFigures & { pareto: boolean };
}

/**
 * A model's figures over the groups of at least the comparison's minGroupSize rows: `fairness` is
 * the fairness measure over them, `aggregates` every aggregate (as a mitigation report's
 * `largeGroups.aggregates`), `intervals` those of accuracy (over every row, as `intervals`') and of
 * that fairness figure, for the reference and the points on this front.
 */
export interface LargeGroupFigures {
  fairness: number | null;
  aggregates: MetricValues;
  intervals?: TradeoffIntervals;
}

/**
 * 95% percentile intervals of a point's `accuracy` and `fairness` from the audit's Poisson
 * bootstrap of the test rows: the same draws as `parity audit --bootstrap N --seed S` of the
 * point's test predictions by the joined sensitive columns. They are intervals of the figures
 * the plot draws: for a randomized method (threshold, the reductions), whose figures are in
 * expectation (not whole rows), the method's own intervals from the same resamples. Null where the
 * figure has none (a missing figure, a group without positive labels for a TPR gap).
 */
export interface TradeoffIntervals {
  accuracy: Interval | null;
  fairness: Interval | null;
}
