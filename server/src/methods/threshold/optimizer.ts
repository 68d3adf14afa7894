import { InputError } from '../../engine/errors';
import { GroupRanking } from './roc';

export type ThresholdFairness = 'demographic-parity' | 'equal-opportunity' | 'equalized-odds';

/** One part of a group's randomized rule: a score cut, or "positive with probability rate". */
export type RuleComponent = { weight: number; threshold: number; tieProbability: number } | { weight: number; rate: number };

export interface GroupRule {
  group: string;
  components: RuleComponent[];
}

/** Target rates searched: 0, 1/GRID, ..., 1. */
const GRID = 1000;

/**
 * Hardt, Price & Srebro (2016): group-specific, possibly randomized thresholds on a score that
 * maximize expected accuracy under a fairness constraint, on the fitting rows.
 * - demographic parity / equal opportunity: every group's selection rate / TPR within
 *   `tolerance` of a common target; the target is searched on a grid of 1,001 values and each
 *   group takes its most accurate cut inside the window (a cut may split a tie block, which
 *   randomizes the decision at that score).
 * - equalized odds: every group reaches the same (FPR, TPR) point. For a target FPR f the best
 *   common TPR is the smallest of the groups' ROC upper hulls at f; a group reaches it by mixing
 *   the two hull vertices around f and, when its hull is higher, the coin flip "positive with
 *   probability f" (on the ROC diagonal). f is searched on the grid. The constraint then holds
 *   exactly in expectation.
 */
export function optimizeThresholds(scores: ArrayLike<number>, labels: ArrayLike<number>, groups: readonly string[], fairness: ThresholdFairness, tolerance: number, file: string): GroupRule[] {
  const names = [...new Set(groups)].sort();
  const rankings = names.map((name) => {
    let size = 0;
    for (let i = 0; i < groups.length; i++) if (groups[i] === name) size++;
    const s = new Float64Array(size);
    const y = new Uint8Array(size);
    for (let i = 0, j = 0; i < groups.length; i++) {
      if (groups[i] !== name) continue;
      s[j] = scores[i]!;
      y[j++] = labels[i]!;
    }
    const ranking = new GroupRanking(s, y);
    if (fairness !== 'demographic-parity' && ranking.positives === 0) throw new InputError(`group "${name}" has no positive label: its true positive rate is undefined`, { file });
    if (fairness === 'equalized-odds' && ranking.negatives === 0) throw new InputError(`group "${name}" has no negative label: its false positive rate is undefined`, { file });
    return ranking;
  });
  if (fairness === 'equalized-odds') return equalizedOdds(names, rankings);
  let best = { correct: -Infinity, cuts: [] as number[] };
  for (let step = 0; step <= GRID; step++) {
    const target = step / GRID;
    const cuts: number[] = [];
    let correct = 0;
    for (const ranking of rankings) {
      const [from, to] = window(ranking, fairness, target - tolerance / 2, target + tolerance / 2);
      if (from > to) break;
      const k = ranking.bestCut(from, to);
      cuts.push(k);
      correct += ranking.correct(k);
    }
    if (cuts.length === rankings.length && correct > best.correct) best = { correct, cuts };
  }
  return names.map((group, g) => ({ group, components: [{ weight: 1, ...rankings[g]!.cut(best.cuts[g]!) }] }));
}

/** The ranks k whose selection rate (or TPR) lies in [low, high]. */
function window(ranking: GroupRanking, fairness: ThresholdFairness, low: number, high: number): [number, number] {
  if (fairness === 'demographic-parity') return [Math.max(0, low * ranking.n), Math.min(ranking.n, high * ranking.n)];
  // TPR(k) is non-decreasing in k: binary search each end on the real line of ranks
  const tpr = (k: number) => ranking.truePositives(k) / ranking.positives;
  const first = (predicate: (k: number) => boolean) => {
    let lo = 0;
    let hi = ranking.n;
    if (!predicate(hi)) return Number.POSITIVE_INFINITY;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (predicate(mid)) hi = mid;
      else lo = mid;
    }
    return predicate(lo) ? lo : hi;
  };
  const from = first((k) => tpr(k) >= low - 1e-12);
  const beyond = first((k) => tpr(k) > high + 1e-12);
  return [from, Number.isFinite(beyond) ? beyond - 1e-9 : ranking.n];
}

function equalizedOdds(names: string[], rankings: GroupRanking[]): GroupRule[] {
  const hulls = rankings.map((r) => upperHull(r.rocPoints()));
  const n = rankings.reduce((sum, r) => sum + r.n, 0);
  let best = { accuracy: -Infinity, fpr: 0, tpr: 0 };
  for (let step = 0; step <= GRID; step++) {
    const fpr = step / GRID;
    const tpr = Math.min(...hulls.map((hull) => hullAt(hull, fpr).tpr));
    const accuracy = rankings.reduce((sum, r) => sum + r.positives * tpr + r.negatives * (1 - fpr), 0) / n;
    if (accuracy > best.accuracy) best = { accuracy, fpr, tpr };
  }
  return names.map((group, g) => {
    const ranking = rankings[g]!;
    const { tpr: top, left, right, mix } = hullAt(hulls[g]!, best.fpr);
    // on the hull with probability λ, else the coin flip at rate f (on the diagonal)
    const lambda = top - best.fpr > 1e-12 ? (best.tpr - best.fpr) / (top - best.fpr) : 1;
    const components: RuleComponent[] = [
      { weight: lambda * (1 - mix), ...ranking.cut(left.k) },
      { weight: lambda * mix, ...ranking.cut(right.k) },
      { weight: 1 - lambda, rate: best.fpr },
    ];
    return { group, components: components.filter((c) => c.weight > 1e-15) };
  });
}

type RocPoint = { k: number; fpr: number; tpr: number };

/** The upper concave hull of ROC points, from (0, 0) to (1, 1), by increasing FPR. */
function upperHull(points: RocPoint[]): RocPoint[] {
  const hull: RocPoint[] = [];
  for (const p of points) {
    while (hull.length > 0 && hull.at(-1)!.fpr === p.fpr && hull.at(-1)!.tpr <= p.tpr) hull.pop();
    while (hull.length >= 2) {
      const [a, b] = [hull.at(-2)!, hull.at(-1)!];
      // drop b when it lies on or below the segment a-p
      if ((b.tpr - a.tpr) * (p.fpr - a.fpr) <= (p.tpr - a.tpr) * (b.fpr - a.fpr)) hull.pop();
      else break;
    }
    if (hull.length === 0 || p.fpr > hull.at(-1)!.fpr) hull.push(p);
  }
  return hull;
}

/** The hull at FPR f: its TPR, and the vertices around f with the mixing weight of the right one. */
function hullAt(hull: RocPoint[], f: number): { tpr: number; left: RocPoint; right: RocPoint; mix: number } {
  let i = 0;
  while (i < hull.length - 2 && hull[i + 1]!.fpr < f) i++;
  const left = hull[i]!;
  const right = hull[Math.min(i + 1, hull.length - 1)]!;
  const mix = right.fpr > left.fpr ? Math.min(1, Math.max(0, (f - left.fpr) / (right.fpr - left.fpr))) : 0;
  return { tpr: left.tpr + mix * (right.tpr - left.tpr), left, right, mix };
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
