import { throwIfAborted } from '../../engine/errors';
import { fitKernelSvm, KernelSvmModel, kernelDecisionValues, rbfKernel } from '../../engine/learners/kernel-svm';
import { decisionValues } from '../../engine/learners/linear-model';
import { fitLinearSvm } from '../../engine/learners/linear-svm';
import { fitLogistic, sigmoid } from '../../engine/learners/logistic';
import { stratifiedFolds, trainingRows } from '../../engine/numerics/folds';
import { constrainedRows, FermFairness, fitFermBasis, projectRows } from './projection';
import { extentOf } from '../../../../common/extent';

export type FermLearner = 'linear-svm' | 'logistic' | 'rbf-svm';

export interface FermSettings {
  C: number;
  /** RBF only. */
  gamma?: number;
}

/** A fitted model, fair (FERM) or not, as saved in model.json. */
export interface FermFit {
  learner: FermLearner;
  fair: boolean;
  settings: FermSettings;
  /** Orthonormal basis of the constraint directions (linear FERM; empty otherwise). */
  basis: number[][];
  /** Linear learners: w in the encoded feature space (orthogonal to every u_g when fair). */
  linear?: { weights: number[]; bias: number };
  kernel?: { gamma: number; supportVectors: number[][]; coefficients: number[]; bias: number };
}

export interface FermProblem {
  /** Encoded feature rows (numeric columns standardized on the training rows, categorical ones one-hot). */
  rows: readonly Float64Array[];
  labels: Uint8Array;
  groups: readonly string[];
  /** The reference group first. */
  order: readonly string[];
  fairness: FermFairness;
  learner: FermLearner;
  signal?: AbortSignal;
}

/** The grids searched by 3-fold CV: those of the authors' published code (linear_ferm.py, ferm.py). */
export const LINEAR_C_GRID = [0.01, 0.1, 1];
export const RBF_C_GRID = [0.1, 1, 10];
export const RBF_GAMMA_GRID = [0.1, 0.01];

export function defaultGrid(learner: FermLearner): FermSettings[] {
  return learner === 'rbf-svm' ? RBF_C_GRID.flatMap((C) => RBF_GAMMA_GRID.map((gamma) => ({ C, gamma }))) : LINEAR_C_GRID.map((C) => ({ C }));
}

/** Fits on the given rows (all rows, or a subset of indices): (fair) project or add τ rows, then the learner. */
export function fitFerm(problem: FermProblem, settings: FermSettings, fair: boolean, subset?: ArrayLike<number>): FermFit {
  const pick = <T>(values: ArrayLike<T>) => (subset ? Array.from(subset, (i) => values[i]!) : Array.from(values));
  const rows = pick(problem.rows as Float64Array[]);
  const labels = Uint8Array.from(pick(problem.labels));
  const groups = pick(problem.groups as string[]);
  const signal = problem.signal ? { signal: problem.signal } : {};
  if (problem.learner === 'rbf-svm') {
    const gamma = settings.gamma ?? 0.01;
    const equalities = fair ? tauRows(rows, labels, groups, problem.order, problem.fairness, gamma) : [];
    const { model } = fitKernelSvm(rows, labels, { C: settings.C, gamma, equalities, tolerance: 1e-3, ...signal });
    return {
      learner: problem.learner,
      fair,
      settings,
      basis: [],
      kernel: { gamma, supportVectors: model.supportVectors.map((v) => [...v]), coefficients: [...model.coefficients], bias: model.bias },
    };
  }
  const basis = fair ? fitFermBasis(rows, labels, groups, problem.order, problem.fairness) : [];
  // The SVM projects implicitly (keeping one-hot rows sparse); logistic regression gets x̃ itself.
  const model =
    problem.learner === 'logistic'
      ? fitLogistic(projectRows(basis, rows), labels, { l2: 1 / (settings.C * rows.length), ...signal })
      : fitLinearSvm(rows, labels, { C: settings.C, tolerance: 1e-2, maxEpochs: 300, orthogonalTo: basis, ...signal });
  // The learner fits on x̃ (the SVM without forming it), so w lies in the span of the x̃ rows, orthogonal to every u_g; project
  // once more to remove the rounding drift, then ⟨w, x̃⟩ = ⟨w, x⟩ (w in the original space).
  const [weights] = projectRows(basis, [model.weights]);
  return { learner: problem.learner, fair, settings, basis, linear: { weights: [...weights!], bias: model.bias } };
}

/**
 * τ_g(i) = mean_{j ∈ P_g} K(x_j, x_i) − mean_{j ∈ P_ref} K(x_j, x_i) for each non-reference group g,
 * P the constrained rows (positives for equal opportunity).
 */
export function tauRows(
  rows: readonly Float64Array[],
  labels: ArrayLike<number>,
  groups: readonly string[],
  order: readonly string[],
  fairness: FermFairness,
  gamma: number,
): Float64Array[] {
  const included = constrainedRows(labels, fairness);
  const members = order.map((g) => [...rows.keys()].filter((i) => groups[i] === g && included(i)));
  const meanKernel = (set: number[], i: number) => set.reduce((s, j) => s + rbfKernel(rows[j]!, rows[i]!, gamma), 0) / set.length;
  const reference = Float64Array.from(rows, (_, i) => meanKernel(members[0]!, i));
  return members.slice(1).map((set) => Float64Array.from(rows, (_, i) => meanKernel(set, i) - reference[i]!));
}

/** The fitted map of the pre-processing form: the projected features x̃. */
export function fermFeatures(fit: FermFit, rows: readonly Float64Array[]): Float64Array[] {
  return projectRows(fit.basis, rows);
}

/** Decision values f(x) (for logistic: the log-odds). */
export function fermDecisionValues(fit: FermFit, rows: readonly Float64Array[]): Float64Array {
  if (fit.kernel) {
    const model: KernelSvmModel = {
      gamma: fit.kernel.gamma,
      supportVectors: fit.kernel.supportVectors.map((v) => Float64Array.from(v)),
      coefficients: Float64Array.from(fit.kernel.coefficients),
      bias: fit.kernel.bias,
    };
    return kernelDecisionValues(model, rows);
  }
  return decisionValues({ weights: Float64Array.from(fit.linear!.weights), bias: fit.linear!.bias }, rows);
}

/** The reported score: a probability for logistic regression, the decision value for SVMs; positive when ≥ threshold. */
export function scoreOf(learner: FermLearner, decision: number): number {
  return learner === 'logistic' ? sigmoid(decision) : decision;
}

export function thresholdOf(learner: FermLearner): number {
  return learner === 'logistic' ? 0.5 : 0;
}

/**
 * The unfairness that selection minimizes: the largest gap between groups in true-positive rate
 * (DEO, equal opportunity) or in positive-prediction rate (demographic parity).
 */
export function unfairness(predictions: ArrayLike<number>, labels: ArrayLike<number>, groups: readonly string[], fairness: FermFairness): number {
  const included = constrainedRows(labels, fairness);
  const rates = new Map<string, { hits: number; count: number }>();
  for (let i = 0; i < groups.length; i++) {
    if (!included(i)) continue;
    const cell = rates.get(groups[i]!) ?? { hits: 0, count: 0 };
    cell.count++;
    cell.hits += predictions[i]!;
    rates.set(groups[i]!, cell);
  }
  const values = [...rates.values()].map((cell) => cell.hits / cell.count);
  if (values.length < 2) return 0;
  const [lowest, highest] = extentOf(values);
  return highest - lowest;
}

/** Why a setting of the grid may not be chosen (see eligibility). */
export type Exclusion = 'not above the majority-class rate' | 'near-constant predictions';

export interface CvRow {
  settings: FermSettings;
  /** Mean over the folds of the held-out accuracy and unfairness. */
  accuracy: number;
  unfairness: number;
  /** Share of all held-out predictions that fall in the more frequent predicted class. */
  dominantShare: number;
  /** Set when the setting is not eligible. */
  excluded?: Exclusion;
}

export interface SelectionResult {
  settings: FermSettings;
  /** Every setting of the grid with its CV figures. */
  table: CvRow[];
  /** Mean over the folds of the held-out accuracy of always predicting the training folds' majority class. */
  majorityAccuracy: number;
  /** True when no setting was eligible and the best CV accuracy was taken regardless. */
  fallback: boolean;
}

/**
 * How FERM's setting is chosen: "fair" is the paper's rule (keep settings with mean CV accuracy ≥
 * 90% of the best, take the lowest mean unfairness); "accurate" takes the best mean accuracy, as
 * the authors' published scripts do (GridSearchCV).
 */
export type SelectionRule = 'fair' | 'accurate';

/** At or above this share of one predicted class, a setting counts as a constant classifier. */
export const NEAR_CONSTANT_SHARE = 0.99;

export interface SelectionOptions {
  seed?: number;
  rule?: SelectionRule;
  onStep?: (done: number, total: number) => void;
  /** The held-out rows of each fold (default: 3 folds stratified by label, shuffled with `seed`). */
  folds?: readonly Int32Array[];
}

/**
 * CV of every setting. The unconstrained model takes the best mean accuracy; FERM follows `rule`.
 * Guard (both): a setting that does no better than always predicting the majority class, or
 * whose held-out predictions are ≥ 99% one class, is not eligible, since the paper's rule would
 * otherwise reward a constant classifier for its zero unfairness. If no setting is eligible the
 * best mean accuracy is taken and `fallback` says so.
 */
export function selectSettings(problem: FermProblem, grid: readonly FermSettings[], fair: boolean, options: SelectionOptions = {}): SelectionResult {
  const folds = options.folds ?? stratifiedFolds(Int32Array.from(problem.labels), 2, 3, options.seed ?? 0);
  const majorityAccuracy = folds.reduce((sum, held, f) => sum + majorityRate(problem.labels, held, trainingRows(folds, f)), 0) / folds.length;
  const table = grid.map((settings, s): CvRow => {
    let accuracy = 0;
    let gap = 0;
    let positives = 0;
    let total = 0;
    folds.forEach((held, f) => {
      throwIfAborted(problem.signal);
      options.onStep?.(s * folds.length + f, grid.length * folds.length);
      const fit = fitFerm(problem, settings, fair, trainingRows(folds, f));
      const rows = Array.from(held, (i) => problem.rows[i]!);
      const predictions = Uint8Array.from(fermDecisionValues(fit, rows), (v) => (scoreOf(fit.learner, v) >= thresholdOf(fit.learner) ? 1 : 0));
      const labels = Uint8Array.from(held, (i) => problem.labels[i]!);
      accuracy += predictions.reduce((sum, p, i) => sum + (p === labels[i] ? 1 : 0), 0) / held.length / folds.length;
      gap +=
        unfairness(
          predictions,
          labels,
          Array.from(held, (i) => problem.groups[i]!),
          problem.fairness,
        ) / folds.length;
      positives += predictions.reduce((sum, p) => sum + p, 0);
      total += predictions.length;
    });
    const dominantShare = Math.max(positives, total - positives) / total;
    const excluded = eligibility(accuracy, dominantShare, majorityAccuracy);
    return { settings, accuracy, unfairness: gap, dominantShare, ...(excluded ? { excluded } : {}) };
  });
  const eligible = table.filter((row) => !row.excluded);
  const fallback = eligible.length === 0;
  const candidates = fallback ? table : eligible;
  const [, best] = extentOf(candidates.map((row) => row.accuracy));
  const chosen =
    fair && (options.rule ?? 'fair') === 'fair' && !fallback
      ? candidates.filter((row) => row.accuracy >= 0.9 * best).reduce((a, b) => (b.unfairness < a.unfairness ? b : a))
      : candidates.find((row) => row.accuracy === best)!;
  return { settings: chosen.settings, table, majorityAccuracy, fallback };
}

function eligibility(accuracy: number, dominantShare: number, majorityAccuracy: number): Exclusion | undefined {
  // Both are means of per-fold rates summed in different orders: equal rates may differ by rounding.
  if (accuracy <= majorityAccuracy + 1e-9) return 'not above the majority-class rate';
  if (dominantShare >= NEAR_CONSTANT_SHARE) return 'near-constant predictions';
  return undefined;
}

/** Held-out accuracy of predicting, for every held-out row, the most frequent label of the training rows. */
function majorityRate(labels: ArrayLike<number>, held: Int32Array, training: Int32Array): number {
  const trainingPositives = training.reduce((sum, i) => sum + labels[i]!, 0);
  const majority = trainingPositives * 2 > training.length ? 1 : 0;
  return held.reduce((sum, i) => sum + (labels[i] === majority ? 1 : 0), 0) / held.length;
}
