import { COARSER_GROUPS, InputError } from '../../engine/errors';
import { LinearRow, solveLinearProgram } from '../../engine/numerics/linear-program';
import { CurvePoint, hullAt, UpperConcaveHull } from './hull';
import { GroupRanking } from './roc';
import { asGroupCodes, type GroupCodes } from '../../engine/table/table';
import type { ThresholdGroupRule, ThresholdRuleComponent } from '../../../../common/reports/mitigation';

export type ThresholdFairness = 'demographic-parity' | 'equal-opportunity' | 'equalized-odds';

/** One part of a group's randomized rule: a score cut, or "positive with probability rate". */
export type RuleComponent = ThresholdRuleComponent;

/** A group's rule; a fitted one records its fitting rows (a rule read from an older model.json may not). */
export type GroupRule = ThresholdGroupRule;

/** A group's rows ranked by score, and the hull vertices of the rates the constraint equalizes. */
interface GroupCurve {
  name: string;
  ranking: GroupRanking;
  /** DP / EO: x = selection rate / TPR, y = correct decisions. Equalized odds: x = FPR, y = TPR. */
  hull: CurvePoint[];
  /** The points the decision mixes: the hull's vertices, and for equalized odds also "nobody positive" (0, 0) when the hull starts above it. */
  vertices: CurvePoint[];
}

/**
 * Hardt, Price & Srebro (2016): group-specific, possibly randomized thresholds on a score that
 * maximize expected accuracy on the fitting rows under a fairness constraint, solved exactly as a
 * linear program over the groups' convex hulls (HiGHS).
 *
 * A randomized mixture of threshold rules reaches every point of the convex hull of the group's
 * threshold points, so each group's decision is a convex combination λ of its hull vertices:
 * - demographic parity / equal opportunity: vertices of the upper hull of (selection rate or TPR,
 *   correct decisions); the constrained rate is Σ λ_v x_v;
 * - equalized odds: vertices of the upper ROC hull (FPR, TPR), whose convex hull reaches down to
 *   the diagonal (coin flips); both rates are constrained, and the correct decisions are
 *   P·TPR + N·(1 − FPR), linear in λ. Points under the diagonal are never needed: replacing
 *   (f, t) by (min(f, t), t) keeps every pairwise gap and does not lower the accuracy.
 * Each constrained rate lies within tolerance/2 of a common target (so the groups' rates differ
 * by at most `tolerance`); the program maximizes the total of correct decisions. The solution is
 * then written exactly: with tolerance 0 every group gets the target itself, as a mixture of the
 * two hull vertices around it (equalized odds: the hull point at the target FPR mixed with the
 * coin flip at that rate), so the constraint holds in expectation up to rounding.
 */
export async function optimizeThresholds(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  groups: readonly string[] | GroupCodes,
  fairness: ThresholdFairness,
  tolerance: number,
  file: string,
): Promise<GroupRule[]> {
  return fitThresholds(rankGroups(scores, labels, groups), fairness, tolerance, file);
}

/** The fitting rows of each group, ranked by score, in the order of the groups' names. */
export interface RankedGroups {
  names: readonly string[];
  rankings: readonly GroupRanking[];
}

/**
 * Ranks each group's rows once: every fit (each tolerance of a sweep) and the common cut start from
 * the rankings. The groups' scores are sorted one after the other in one buffer, the size of the
 * largest group (a buffer per group was 16 MB of garbage at 2M rows).
 */
export function rankGroups(scores: ArrayLike<number>, labels: ArrayLike<number>, groups: readonly string[] | GroupCodes): RankedGroups {
  const { codes, names } = asGroupCodes(groups);
  const sizes = new Float64Array(names.length);
  for (let i = 0; i < codes.length; i++) sizes[codes[i]!]!++;
  const scratch = new Float64Array(sizes.reduce((largest, size) => Math.max(largest, size), 0));
  const codeOf = new Map(names.map((name, code) => [name, code]));
  const sorted = [...names].sort();
  return { names: sorted, rankings: sorted.map((name) => GroupRanking.ofRows(scores, labels, { codes, code: codeOf.get(name)! }, scratch)) };
}

/** optimizeThresholds on rows ranked by rankGroups. */
export async function fitThresholds(ranked: RankedGroups, fairness: ThresholdFairness, tolerance: number, file: string): Promise<GroupRule[]> {
  const curves = groupCurves(ranked, fairness, file);
  const metrics = fairness === 'equalized-odds' ? 2 : 1;
  // Columns: the targets (one per constrained rate), then every group's vertex weights.
  const offsets: number[] = [];
  let columns = metrics;
  for (const curve of curves) {
    offsets.push(columns);
    columns += curve.vertices.length;
  }
  const total = ranked.rankings.reduce((rows, ranking) => rows + ranking.n, 0);
  const cost = new Float64Array(columns);
  const lower = new Float64Array(columns);
  const upper = new Float64Array(columns).fill(1);
  const rows: LinearRow[] = [];
  curves.forEach((curve, g) => {
    const { vertices, ranking } = curve;
    const at = vertices.map((_, v) => offsets[g]! + v);
    vertices.forEach((vertex, v) => (cost[at[v]!] = correctAt(fairness, ranking, vertex) / total));
    rows.push({ indices: at, values: vertices.map(() => 1), lower: 1, upper: 1 });
    for (let m = 0; m < metrics; m++) {
      const rate = vertices.map((vertex) => (fairness === 'equalized-odds' && m === 1 ? vertex.y : vertex.x));
      rows.push({ indices: [...at, m], values: [...rate, -1], lower: -tolerance / 2, upper: tolerance / 2 });
    }
  });
  const solution = await solveLinearProgram({ sense: 'maximize', cost, lower, upper, rows });
  // Always feasible: every group can reach any common rate (equalized odds: any point of the diagonal).
  if (solution.status !== 'optimal') throw new Error('threshold optimizer: the linear program has no solution');
  const x = solution.values;
  const inWindow = (value: number, target: number) => Math.min(Math.max(value, target - tolerance / 2, 0), target + tolerance / 2, 1);
  // With tolerance 0 the common TPR is at most every group's hull at the common FPR (the solver's value may exceed it by rounding).
  const commonTpr = (fpr: number) =>
    Math.max(
      fpr,
      curves.reduce((lowest, c) => Math.min(lowest, hullAt(c.hull, fpr).y), x[1]!),
    );
  const fitted = ({ name, ranking }: GroupCurve, components: RuleComponent[]): GroupRule => ({
    group: name,
    rows: ranking.n,
    positives: ranking.positives,
    negatives: ranking.negatives,
    components,
  });
  return curves.map((curve, g) => {
    const weights = curve.vertices.map((_, v) => x[offsets[g]! + v]!);
    const rate = (pick: (vertex: CurvePoint) => number) => curve.vertices.reduce((sum, vertex, v) => sum + weights[v]! * pick(vertex), 0);
    if (fairness !== 'equalized-odds')
      return fitted(
        curve,
        mixture(
          curve,
          inWindow(
            rate((v) => v.x),
            x[0]!,
          ),
        ),
      );
    const fpr = inWindow(
      rate((v) => v.x),
      x[0]!,
    );
    // the TPR in its window, on or under the group's hull and on or above the diagonal
    const tpr =
      tolerance === 0
        ? commonTpr(fpr)
        : Math.max(
            fpr,
            Math.min(
              hullAt(curve.hull, fpr).y,
              inWindow(
                rate((v) => v.y),
                x[1]!,
              ),
            ),
          );
    return fitted(curve, diagonalMixture(curve, fpr, tpr));
  });
}

function groupCurves(ranked: RankedGroups, fairness: ThresholdFairness, file: string): GroupCurve[] {
  return ranked.names.map((name, g) => {
    const ranking = ranked.rankings[g]!;
    if (fairness !== 'demographic-parity' && ranking.positives === 0)
      throw new InputError(`group "${name}" has no positive label: its true positive rate is undefined`, { file }, COARSER_GROUPS);
    if (fairness === 'equalized-odds' && ranking.negatives === 0)
      throw new InputError(`group "${name}" has no negative label: its false positive rate is undefined`, { file }, COARSER_GROUPS);
    const pointAt = (k: number): CurvePoint => {
      const tp = ranking.truePositives(k);
      if (fairness === 'demographic-parity') return { k, x: k / ranking.n, y: ranking.correct(k) };
      if (fairness === 'equal-opportunity') return { k, x: tp / ranking.positives, y: ranking.correct(k) };
      return { k, x: (k - tp) / ranking.negatives, y: tp / ranking.positives };
    };
    const ranks = ranking.cutRanks();
    const first = pointAt(ranks[0]!);
    const upper = new UpperConcaveHull();
    upper.add(first);
    for (let i = 1; i < ranks.length; i++) upper.add(pointAt(ranks[i]!));
    const hull = upper.vertices;
    const startsAbove = fairness === 'equalized-odds' && hull[0]!.y > 0;
    return { name, ranking, hull, vertices: startsAbove ? [first, ...hull] : hull };
  });
}

/** Expected correct decisions at a hull vertex. */
function correctAt(fairness: ThresholdFairness, ranking: GroupRanking, vertex: CurvePoint): number {
  if (fairness !== 'equalized-odds') return vertex.y;
  return ranking.positives * vertex.y + ranking.negatives * (1 - vertex.x);
}

/** The rule at rate x on the hull: the two vertices around x, mixed. */
function mixture(curve: GroupCurve, x: number): RuleComponent[] {
  const { left, right, mix } = hullAt(curve.hull, x);
  const components: RuleComponent[] = [
    { weight: 1 - mix, ...curve.ranking.cut(left.k) },
    { weight: mix, ...curve.ranking.cut(right.k) },
  ];
  return components.filter((c) => c.weight > 0);
}

/** The rule at ROC point (fpr, tpr): the hull point at fpr with probability α, else the coin flip "positive with probability fpr". */
function diagonalMixture(curve: GroupCurve, fpr: number, tpr: number): RuleComponent[] {
  const top = hullAt(curve.hull, fpr).y;
  const alpha = top - fpr > 0 ? (tpr - fpr) / (top - fpr) : 1;
  const components = mixture(curve, fpr).map((c) => ({ ...c, weight: c.weight * alpha }));
  return [...components, { weight: 1 - alpha, rate: fpr }].filter((c) => c.weight > 0);
}

/** P(ŷ = 1) of a row with this score under a group's rule. */
export function positiveProbability(rule: GroupRule, score: number): number {
  let p = 0;
  for (const c of rule.components) {
    if ('rate' in c) p += c.weight * c.rate;
    else p += c.weight * (score > c.threshold ? 1 : score === c.threshold ? c.tieProbability : 0);
  }
  return p;
}
