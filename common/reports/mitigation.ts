import type { LabelCounts, MetricIntervals, MetricValues, PositiveMeans } from './audit';

/**
 * `model.json` of every mitigation run (documented in docs/mitigation-json.md). Bump
 * MITIGATION_SCHEMA_VERSION on any incompatible change (`parity apply` reads only its own version).
 */
export const MITIGATION_SCHEMA_VERSION = 1;

/**
 * `report.json` of every mitigation run. 2: a randomized decision's `after` (and sweep points) are
 * in expectation with intervals, its seeded draw in `draw`; reports of version 1 had the draw as
 * `after` and the expectation, without intervals, as `expected`.
 */
export const MITIGATION_REPORT_SCHEMA_VERSION = 2;

/**
 * The figures every mitigation reports for its `before` and `after` models on the same rows:
 * accuracy (classification) or MSE (regression), and the audit's between-group aggregates under
 * their audit names (`demographic_parity_difference`, `equal_opportunity_difference`, ...), over
 * all groups and over the groups of at least `largeGroups.minGroupSize` rows. Computed by the
 * audit engine itself, so a mitigation report and `parity audit` of its predictions.csv agree to
 * the last digit; the intervals are the audit's Poisson bootstrap on the same statistics. A
 * randomized decision's are in expectation (MitigationReport.draw), its rows drawn by probability.
 */
/**
 * A run's own decision on the rows it was fitted on, and the gap its setting bounds there
 * (docs/mitigation-json.md): written by the method, so the report can say whether the bound also
 * holds on the rows measured without knowing each method's algebra.
 */
export interface OnFittingRows {
  rows: number;
  /** As point estimates in expectation (no intervals). */
  aggregates: MetricValues;
  /** Reports before it: absent (no sentence on the bound is written for them). */
  bound?: FittingBound;
}

/** The gap a method's setting bounds on its fitting rows. */
export interface FittingBound {
  /** The aggregate bounded, e.g. `demographic_parity_difference`. */
  metric: string;
  limit: number;
  /** The setting and how it bounds the gap, as a sentence's subject and verb: "the tolerance 0.01 bounds the demographic parity difference by 0.01". */
  reason: string;
  /** Which rows those are, after "the rows": "the rules were fitted on". */
  fittedOn: string;
}

export interface OutcomeSummary {
  rows: number;
  accuracy?: number | null;
  mse?: number | null;
  /** Regression: R² over all rows (reports before it: absent), with its interval under `r2` when bootstrapped. */
  r2?: number | null;
  /** Classification: the share of all rows predicted positive (reports before the cold try of issue 19: absent). */
  selectionRate?: number | null;
  aggregates: MetricValues;
  /** The same aggregates over the groups with at least minGroupSize rows only (reports before issue 16: absent). */
  largeGroups?: {
    minGroupSize: number;
    /** Classification: groups with fewer rows of a label value are left out too (absent from older reports). */
    minLabelCount?: number;
    /** How many groups that is. */
    groups: number;
    aggregates: MetricValues;
    intervals?: MetricIntervals;
  };
  /**
   * Percentile intervals of `accuracy` or `mse` (under that name; `selection_rate` too), and of the aggregates, when the
   * summary was bootstrapped (`before`, `after`, and the sweep points of reports since issue 16
   * item 2; not reports before issue 16).
   */
  intervals?: MetricIntervals;
  aggregateIntervals?: MetricIntervals;
  /** How the intervals were drawn (present with them): as the audit's `bootstrap` (docs/audit-json.md). */
  bootstrap?: OutcomeBootstrap;
  /**
   * Per group: the key metrics (selection rate, TPR, ...) for before/after tables, their intervals
   * when bootstrapped, and the score or prediction at the levels 0, 0.01, ..., 1 when there are
   * scores (for the CDF plots).
   */
  groups: {
    group: string;
    count: number;
    /** Classification: rows with a positive and a negative label, and whether that is under minLabelCount (as the audit's GroupResult). */
    labels?: LabelCounts;
    fewLabels?: boolean;
    metrics: MetricValues;
    intervals?: MetricIntervals;
    /** The rates whose interval is exact binomial, not the bootstrap's (as the audit's GroupResult.exactIntervals). */
    exactIntervals?: string[];
    quantiles?: number[];
  }[];
}

export interface OutcomeBootstrap {
  resamples: number;
  seed: number;
  level: number;
  /** `poisson-paired`: the change's draws, shared by before and after (docs/mitigation-json.md). */
  method: 'poisson-statistics' | 'poisson-paired';
}

/**
 * after − before of accuracy or MSE and of every aggregate, on the same rows, with percentile
 * intervals of the per-replicate difference when bootstrapped: each replicate resamples the same
 * rows (the same Poisson multiplicities) for before and after, so the interval is paired.
 */
export interface OutcomeChange {
  accuracy?: number | null;
  mse?: number | null;
  r2?: number | null;
  aggregates: MetricValues;
  largeGroups: { minGroupSize: number; minLabelCount?: number; groups: number; aggregates: MetricValues; intervals?: MetricIntervals };
  intervals?: MetricIntervals;
  aggregateIntervals?: MetricIntervals;
  bootstrap?: OutcomeBootstrap;
}

/**
 * The rows of a report's before/after figures. `test`: a held-out file; `held-out`: a share of the
 * training file's rows drawn at random (`fraction`, `seed`) and never fitted on; `train`: the
 * training rows themselves, which the models were fitted on (in-sample); `data`: a model-output
 * file, post-processed (its rules fitted on `calibration` when there is one, else on these rows).
 * A post-processing method measured on held-out rows (`test`, `held-out`) says in `fitted` which
 * rows its rules were fitted on: the calibration file, else the model-output file's other rows.
 */
/** Rows of a held-out file equal to a row of the training file in every training column, and the share of them expected by chance. */
export interface SharedRows {
  rows: number;
  /** The share of training rows equal to another training row: about how often an independently drawn row matches one. */
  chance: number;
}

export interface MeasuredRows {
  kind: 'test' | 'held-out' | 'train' | 'data';
  file: string;
  rows: number;
  /** A held-out file (`test`): its rows that equal a row of the training file (reports before it: absent). */
  sharedWithTraining?: SharedRows;
  fraction?: number;
  seed?: number;
  calibration?: string;
  fitted?: { file: string; rows: number };
}

export type MitigationKind = 'pre-processing' | 'in-processing' | 'post-processing';

/** The features of a fitted model: the columns used, and the ones the default choice left out, each with its reason in words. */
export interface FeatureSummary {
  used: string[];
  leftOut: { column: string; reason: string }[];
}

/** A part of the threshold optimizer's rule for one group: a score cut (positive above it, at it with tieProbability), or a coin flip. */
export type ThresholdRuleComponent = { weight: number; threshold: number; tieProbability: number } | { weight: number; rate: number };

/** The threshold optimizer's rule for one group, as report.json `parameters.rules` and model.json `rules` hold it. */
export interface ThresholdGroupRule {
  group: string;
  components: ThresholdRuleComponent[];
  /** The group's fitting rows, and their positive and negative labels (reports and models written before they were recorded: absent). */
  rows?: number;
  positives?: number;
  negatives?: number;
}

export interface MitigationReport {
  /** 1 for reports written before the randomized decisions' `draw` (they may hold `expected` instead). */
  schemaVersion: typeof MITIGATION_REPORT_SCHEMA_VERSION | 1;
  method: string;
  kind: MitigationKind;
  task: 'classification' | 'regression';
  /** Absolute paths of the inputs and of the files written. */
  files: { inputs: Record<string, string>; predictions: string; model: string; report: string };
  /** positiveMeans: as the audit's (null: not stated; absent from older reports and methods without a positive value). */
  columns: {
    label: string | null;
    sensitive: string[];
    prediction: string | null;
    score: string | null;
    added: string[];
    positiveMeans?: PositiveMeans | null;
    /** The label value counted as positive (absent from older reports and methods without a label). */
    positive?: string | null;
    /** Interior bin edges of each binned numeric sensitive column, as the audit's (absent from older reports). */
    bins?: Record<string, number[]>;
  };
  /**
   * The feature columns a model was fitted on, and those the default left out with why: training-data
   * methods', and in a comparison (parity compare) a post-processing method's base model's.
   */
  features?: FeatureSummary;
  /** The settings used, including the ones chosen by model selection. */
  parameters: Record<string, unknown>;
  /** Which rows `before` and `after` were computed on: "test", "held-out", "train" or "data". */
  evaluatedOn: string;
  /** The rows `before` and `after` were both measured on, in detail (reports before the cold try's fixes: absent). */
  measuredOn?: MeasuredRows;
  /** What `before` is: the same base model (or decision) without the mitigation, in words. */
  baseline?: string;
  before: OutcomeSummary;
  after: OutcomeSummary;
  /**
   * For a randomized decision (threshold's mixed cuts, the reductions' mixtures), whose `after` is
   * in expectation (each row counted as positive with its probability): the figures of the one
   * seeded draw written to predictions.csv (point estimates, no intervals).
   */
  draw?: SeededDraw;
  /**
   * Reports of schema version 1 only: a randomized decision's figures in expectation (point
   * estimates), when its `after` was the seeded draw.
   */
  expected?: OutcomeSummary;
  /**
   * A run measured on other rows than it was fitted on, whose setting bounds a gap there (the
   * threshold optimizer's tolerance, reject option's bound, a reduction's ε): its own decision on
   * the fitting rows, as point estimates in expectation (no intervals), so the report can say
   * whether the bound holds there and not on the rows measured (reports before it, in-sample runs
   * and other methods: absent). See docs/mitigation-json.md.
   */
  onFittingRows?: OnFittingRows;
  /** after − before with paired intervals (reports before issue 18 item 6: absent). */
  change?: OutcomeChange;
  /**
   * "After" is a decision without scores of its own (a reduction's randomized mixture; a
   * post-processing rule on the input's unchanged scores): the score distances (`ks_distance`,
   * `wasserstein_distance`) are left out of before, after, the draw, the change and the sweep
   * points, as they would compare a distance between decisions with one between scores (absent
   * otherwise, and from reports before it).
   */
  decisionOnly?: boolean;
  /** The strength sweep, in order of increasing strength; empty when not requested. */
  tradeoff: TradeoffPoint[];
  seconds: number;
  warnings: string[];
  /** Set by `parity compare` in each method's report.json (absent from a method run on its own). */
  comparedIn?: ComparedIn;
}

/**
 * The comparison a method's run belongs to, in the user's terms: a post-processing method reads
 * the comparison's own score files (base/*.scored.csv), which stand for the user's rows.
 */
export interface ComparedIn {
  /** comparison.json. */
  comparison: string;
  /** The user's training file. */
  train: string;
  /** The rows every point is measured on: the held-out file ("test") or the held-out share of the training file ("held-out"). */
  measuredOn: MeasuredRows;
  /** The column of the comparison's base model's scores (post-processing methods read it as their score). */
  baseScore: string;
  /** The comparison's unmitigated model on those rows (the plot's ring): its accuracy and aggregates. */
  reference: { accuracy: number | null; aggregates: MetricValues };
  /** The aggregate on the comparison plot's horizontal axis. */
  fairnessMetric: string;
}

/**
 * One setting of the sweep with the outcome summary at that setting (per-group figures included,
 * without the groups' score quantiles), so a point of the trade-off plot opens exactly that
 * setting's figures.
 */
export interface TradeoffPoint extends OutcomeSummary {
  /** Name and value of the swept parameter (e.g. "strength" 0.5, "lambda" 0.01). */
  parameter: string;
  value: number;
  /**
   * As the report's `change`, for this setting: after − before on the same rows, with the paired
   * interval from the run's resamples and seed, when the run bootstrapped (reports before issue 16
   * item 2, or with bootstrap 0: absent, and the point has no intervals either).
   */
  change?: OutcomeChange;
  /** As the report's `draw`, for this setting, when the decision is randomized (its figures are then in expectation). */
  draw?: SeededDraw;
  /** Reports of schema version 1 only: as the report's `expected`, for this setting. */
  expected?: OutcomeSummary;
}

/** The figures of one seeded draw of a randomized decision (point estimates), and its seed. */
export interface SeededDraw extends OutcomeSummary {
  seed: number;
}

/** `model.json`: everything needed to apply the fitted method to new data (`parity apply`). */
export interface ModelFile {
  schemaVersion: typeof MITIGATION_SCHEMA_VERSION;
  method: string;
  /** Method-specific fitted state (scalers, weights, sorted arrays, ...). */
  [field: string]: unknown;
}

export interface MitigationProgress {
  /** 0..1 of the whole job. */
  fraction: number;
  message: string;
}

export interface MitigationHooks {
  signal?: AbortSignal;
  onProgress?(progress: MitigationProgress): void;
}
