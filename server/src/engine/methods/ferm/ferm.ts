import { throwIfAborted } from '../../errors';
import { fitKernelSvm, KernelSvmModel, kernelDecisionValues, rbfKernel } from '../../learners/kernel-svm';
import { decisionValues } from '../../learners/linear-model';
import { fitLinearSvm } from '../../learners/linear-svm';
import { fitLogistic, sigmoid } from '../../learners/logistic';
import { stratifiedFolds, trainingRows } from '../../leakage/folds';
import { constrainedRows, FermFairness, fitFermBasis, projectRows } from './projection';

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
    return { learner: problem.learner, fair, settings, basis: [], kernel: { gamma, supportVectors: model.supportVectors.map((v) => [...v]), coefficients: [...model.coefficients], bias: model.bias } };
  }
  const basis = fair ? fitFermBasis(rows, labels, groups, problem.order, problem.fairness) : [];
  const features = projectRows(basis, rows);
  const model =
    problem.learner === 'logistic'
      ? fitLogistic(features, labels, { l2: 1 / (settings.C * features.length), ...signal })
      : fitLinearSvm(features, labels, { C: settings.C, tolerance: 1e-2, maxEpochs: 300, ...signal });
  // The learner only sees x̃, so w lies in the span of the x̃ rows, orthogonal to every u_g; project
  // once more to remove the rounding drift, then ⟨w, x̃⟩ = ⟨w, x⟩ (w in the original space).
  const [weights] = projectRows(basis, [model.weights]);
  return { learner: problem.learner, fair, settings, basis, linear: { weights: [...weights!], bias: model.bias } };
}

/**
 * τ_g(i) = mean_{j ∈ P_g} K(x_j, x_i) − mean_{j ∈ P_ref} K(x_j, x_i) for each non-reference group g,
 * P the constrained rows (positives for equal opportunity).
 */
export function tauRows(rows: readonly Float64Array[], labels: ArrayLike<number>, groups: readonly string[], order: readonly string[], fairness: FermFairness, gamma: number): Float64Array[] {
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
    const model: KernelSvmModel = { gamma: fit.kernel.gamma, supportVectors: fit.kernel.supportVectors.map((v) => Float64Array.from(v)), coefficients: Float64Array.from(fit.kernel.coefficients), bias: fit.kernel.bias };
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
  return values.length < 2 ? 0 : Math.max(...values) - Math.min(...values);
}

export interface SelectionResult {
  settings: FermSettings;
  /** Mean CV accuracy and unfairness of every setting of the grid. */
  table: { settings: FermSettings; accuracy: number; unfairness: number }[];
}

/**
 * How FERM's setting is chosen: "fair" is the paper's rule (keep settings with mean CV accuracy ≥
 * 90% of the best, take the lowest mean unfairness); "accurate" takes the best mean accuracy, as
 * the authors' published scripts do (GridSearchCV).
 */
export type SelectionRule = 'fair' | 'accurate';

/**
 * 3-fold CV (folds stratified by label, seeded) of every setting. The unconstrained model always
 * takes the best mean accuracy; FERM follows `rule`.
 */
export function selectSettings(problem: FermProblem, grid: readonly FermSettings[], fair: boolean, seed: number, onStep?: (done: number, total: number) => void, rule: SelectionRule = 'fair'): SelectionResult {
  const folds = stratifiedFolds(Int32Array.from(problem.labels), 2, 3, seed);
  const table = grid.map((settings, s) => {
    let accuracy = 0;
    let gap = 0;
    folds.forEach((held, f) => {
      throwIfAborted(problem.signal);
      onStep?.(s * folds.length + f, grid.length * folds.length);
      const fit = fitFerm(problem, settings, fair, trainingRows(folds, f));
      const rows = Array.from(held, (i) => problem.rows[i]!);
      const predictions = Uint8Array.from(fermDecisionValues(fit, rows), (v) => (scoreOf(fit.learner, v) >= thresholdOf(fit.learner) ? 1 : 0));
      const labels = Uint8Array.from(held, (i) => problem.labels[i]!);
      accuracy += predictions.reduce((sum, p, i) => sum + (p === labels[i] ? 1 : 0), 0) / held.length / folds.length;
      gap += unfairness(predictions, labels, Array.from(held, (i) => problem.groups[i]!), problem.fairness) / folds.length;
    });
    return { settings, accuracy, unfairness: gap };
  });
  const best = Math.max(...table.map((row) => row.accuracy));
  const chosen = fair && rule === 'fair'
    ? table.filter((row) => row.accuracy >= 0.9 * best).reduce((a, b) => (b.unfairness < a.unfairness ? b : a))
    : table.find((row) => row.accuracy === best)!;
  return { settings: chosen.settings, table };
}
