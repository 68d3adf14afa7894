// The threshold optimizer's linear program against values computed independently:
// - a brute-force solve over every pair of score thresholds on small cases (computed here, without
//   hulls or a solver);
// - Fairlearn 0.9's ThresholdOptimizer on the same scores, recorded in bench/peers/fairlearn-threshold.json
//   by bench/peers/fairlearn_threshold.py (PYTHONPATH=../shared/peers /usr/bin/python3 ...; inputs from
//   out/bench/peers/export.js). Fairlearn searches the common rate on a 1,001-point grid, so the exact
//   optimum is at least its accuracy.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { GroupRule, optimizeThresholds, positiveProbability, ThresholdFairness } from '../../server/src/methods/threshold/optimizer';
import { createRandom } from '../../server/src/engine/numerics/random';
import { adultBaseScores } from '../support/adult';
import { compasScores } from '../support/compas-scores';

interface Outcome {
  accuracy: number;
  /** Per group: expected selection rate, TPR, FPR. */
  rates: { selection: number; tpr: number; fpr: number }[];
}

/** Expected accuracy and per-group rates of the rules' decision probabilities (computed here). */
function outcome(rules: GroupRule[], scores: ArrayLike<number>, labels: ArrayLike<number>, groups: readonly string[]): Outcome {
  const byGroup = new Map(rules.map((rule) => [rule.group, rule]));
  const sums = new Map<string, number[]>();
  let correct = 0;
  for (let i = 0; i < groups.length; i++) {
    const p = positiveProbability(byGroup.get(groups[i]!)!, scores[i]!);
    const y = labels[i]!;
    correct += y === 1 ? p : 1 - p;
    const s = sums.get(groups[i]!) ?? [0, 0, 0, 0, 0];
    [s[0], s[1], s[2], s[3], s[4]] = [s[0]! + 1, s[1]! + p, s[2]! + y, s[3]! + y * p, s[4]! + (1 - y) * p];
    sums.set(groups[i]!, s);
  }
  return {
    accuracy: correct / groups.length,
    rates: [...sums.values()].map(([n, p, pos, tp, fp]) => ({ selection: p! / n!, tpr: tp! / pos!, fpr: fp! / (n! - pos!) })),
  };
}

const spread = (values: number[]) => Math.max(...values) - Math.min(...values);

/** Every deterministic threshold rule of a group ("positive when score ≥ t", t over the scores and +∞): its FPR, TPR, selection rate and correct count. */
function thresholdPoints(scores: number[], labels: number[]): { fpr: number; tpr: number; selection: number; correct: number }[] {
  const cuts = [Number.POSITIVE_INFINITY, ...new Set(scores)];
  const positives = labels.filter((y) => y === 1).length;
  const negatives = labels.length - positives;
  return cuts.map((t) => {
    let tp = 0;
    let fp = 0;
    scores.forEach((s, i) => {
      if (s >= t && labels[i] === 1) tp++;
      if (s >= t && labels[i] !== 1) fp++;
    });
    return { fpr: negatives ? fp / negatives : 0, tpr: positives ? tp / positives : 0, selection: (tp + fp) / scores.length, correct: tp + (negatives - fp) };
  });
}

/** The best value of `value` at exactly `x` over every pair of points mixed to reach it (−∞ when none reaches x). */
function bestPairAt<T>(points: T[], x: number, rate: (p: T) => number, value: (p: T) => number): number {
  let best = Number.NEGATIVE_INFINITY;
  for (const a of points) {
    for (const b of points) {
      const [xa, xb] = [rate(a), rate(b)];
      if (xa === xb) {
        if (Math.abs(xa - x) < 1e-12) best = Math.max(best, value(a), value(b));
      } else if ((xa <= x && x <= xb) || (xb <= x && x <= xa)) {
        const w = (x - xa) / (xb - xa);
        best = Math.max(best, (1 - w) * value(a) + w * value(b));
      }
    }
  }
  return best;
}

interface SmallCase {
  scores: number[];
  labels: number[];
  groups: string[];
}

/** Brute force, demographic parity or equal opportunity: the best total of correct decisions over common targets T, each group at its best rate within T ± tolerance/2. */
function bruteForceOneRate(data: SmallCase, fairness: 'demographic-parity' | 'equal-opportunity', tolerance: number): number {
  const names = [...new Set(data.groups)];
  const perGroup = names.map((g) => {
    const rows = data.groups.flatMap((h, i) => (h === g ? [i] : []));
    return thresholdPoints(
      rows.map((i) => data.scores[i]!),
      rows.map((i) => data.labels[i]!),
    );
  });
  const rate = (p: { selection: number; tpr: number }) => (fairness === 'demographic-parity' ? p.selection : p.tpr);
  const rates = perGroup.flatMap((points) => points.map(rate));
  // The total is concave and piecewise linear in T with breaks at a point's rate ± tolerance/2 or where the window meets 0 or 1.
  const targets = [0, 1, tolerance / 2, 1 - tolerance / 2, ...rates.flatMap((r) => [r, r - tolerance / 2, r + tolerance / 2])].filter((t) => t >= 0 && t <= 1);
  let best = Number.NEGATIVE_INFINITY;
  for (const target of targets) {
    const [low, high] = [Math.max(0, target - tolerance / 2), Math.min(1, target + tolerance / 2)];
    let total = 0;
    for (const points of perGroup) {
      const candidates = [low, high, ...points.map(rate).filter((r) => r >= low && r <= high)];
      total += Math.max(...candidates.map((x) => bestPairAt(points, x, rate, (p) => p.correct)));
    }
    best = Math.max(best, total);
  }
  return best / data.groups.length;
}

/** Brute force, equalized odds (tolerance 0): every group at the same (FPR, TPR). */
function bruteForceEqualizedOdds(data: SmallCase): number {
  const names = [...new Set(data.groups)];
  const perGroup = names.map((g) => {
    const rows = data.groups.flatMap((h, i) => (h === g ? [i] : []));
    return thresholdPoints(
      rows.map((i) => data.scores[i]!),
      rows.map((i) => data.labels[i]!),
    );
  });
  const positives = data.labels.filter((y) => y === 1).length;
  const negatives = data.labels.length - positives;
  // The best TPR at a common FPR f is min over groups of each group's best pair at f; the total
  // P·TPR − N·FPR is concave in f and breaks at a point's FPR or where two groups' segments cross.
  const fprs = new Set(perGroup.flatMap((points) => points.map((p) => p.fpr)));
  const segments = perGroup.map((points) => points.flatMap((a) => points.filter((b) => b.fpr > a.fpr).map((b) => [a, b] as const)));
  for (let g = 0; g < segments.length; g++) {
    for (let h = g + 1; h < segments.length; h++) {
      for (const [a, b] of segments[g]!) {
        for (const [c, d] of segments[h]!) {
          const s1 = (b.tpr - a.tpr) / (b.fpr - a.fpr);
          const s2 = (d.tpr - c.tpr) / (d.fpr - c.fpr);
          if (s1 === s2) continue;
          const f = (c.tpr - a.tpr + s1 * a.fpr - s2 * c.fpr) / (s1 - s2);
          if (f >= Math.max(a.fpr, c.fpr) && f <= Math.min(b.fpr, d.fpr)) fprs.add(f);
        }
      }
    }
  }
  let best = Number.NEGATIVE_INFINITY;
  for (const f of fprs) {
    const tpr = Math.min(
      ...perGroup.map((points) =>
        bestPairAt(
          points,
          f,
          (p) => p.fpr,
          (p) => p.tpr,
        ),
      ),
    );
    best = Math.max(best, (positives * tpr + negatives * (1 - f)) / data.labels.length);
  }
  return best;
}

/** Three groups of 5 to 8 rows with tied scores and both labels in every group. */
function smallCase(seed: number): SmallCase {
  const random = createRandom(seed);
  const data: SmallCase = { scores: [], labels: [], groups: [] };
  for (const [g, shift] of [
    ['a', 0],
    ['b', 1],
    ['c', 2],
  ] as const) {
    const n = 5 + random.int(4);
    for (let i = 0; i < n; i++) {
      const y = i < 2 ? i : random.next() < 0.3 + 0.15 * shift ? 1 : 0;
      data.groups.push(g);
      data.labels.push(y);
      data.scores.push(Math.round(4 * (random.next() + 0.4 * y + 0.2 * shift)) / 4);
    }
  }
  return data;
}

describe('threshold optimizer: exact linear program', () => {
  for (let seed = 1; seed <= 8; seed++) {
    it(`equals a brute force over all threshold pairs on small case ${seed} (DP and EO at tolerance 0 and 0.1, equalized odds at 0)`, async () => {
      const data = smallCase(seed);
      for (const fairness of ['demographic-parity', 'equal-opportunity'] as const) {
        for (const tolerance of [0, 0.1]) {
          const got = outcome(
            await optimizeThresholds(data.scores, data.labels, data.groups, fairness, tolerance, 'small.csv'),
            data.scores,
            data.labels,
            data.groups,
          );
          const expected = bruteForceOneRate(data, fairness, tolerance);
          assert.ok(Math.abs(got.accuracy - expected) < 1e-9, `${fairness} tolerance ${tolerance}: accuracy ${got.accuracy}, brute force ${expected}`);
          const rates = got.rates.map((r) => (fairness === 'demographic-parity' ? r.selection : r.tpr));
          assert.ok(spread(rates) <= tolerance + 1e-12, `${fairness} tolerance ${tolerance}: rates ${rates}`);
        }
      }
      const odds = outcome(
        await optimizeThresholds(data.scores, data.labels, data.groups, 'equalized-odds', 0, 'small.csv'),
        data.scores,
        data.labels,
        data.groups,
      );
      const expected = bruteForceEqualizedOdds(data);
      assert.ok(Math.abs(odds.accuracy - expected) < 1e-9, `equalized odds: accuracy ${odds.accuracy}, brute force ${expected}`);
      assert.ok(spread(odds.rates.map((r) => r.tpr)) < 1e-12 && spread(odds.rates.map((r) => r.fpr)) < 1e-12);
    });
  }

  it('equalized odds with a tolerance keeps both rates within it and is at least as accurate as the exact constraint', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      const data = smallCase(seed);
      const exact = outcome(
        await optimizeThresholds(data.scores, data.labels, data.groups, 'equalized-odds', 0, 'small.csv'),
        data.scores,
        data.labels,
        data.groups,
      );
      const loose = outcome(
        await optimizeThresholds(data.scores, data.labels, data.groups, 'equalized-odds', 0.1, 'small.csv'),
        data.scores,
        data.labels,
        data.groups,
      );
      assert.ok(spread(loose.rates.map((r) => r.tpr)) <= 0.1 + 1e-12 && spread(loose.rates.map((r) => r.fpr)) <= 0.1 + 1e-12);
      assert.ok(loose.accuracy >= exact.accuracy - 1e-12, `seed ${seed}: ${loose.accuracy} < ${exact.accuracy}`);
    }
  });
});

interface FairlearnRecord {
  data: 'adult' | 'compas';
  sensitive: string;
  constraint: string;
  groups: number;
  expected_accuracy: number;
  scores: { rows: number; positives: number; score_sum: number };
}

const FAIRLEARN = JSON.parse(readFileSync(path.resolve(__dirname, '../../../bench/peers/fairlearn-threshold.json'), 'utf8')) as { results: FairlearnRecord[] };
const CRITERIA: Record<string, ThresholdFairness> = {
  demographic_parity: 'demographic-parity',
  true_positive_rate_parity: 'equal-opportunity',
  equalized_odds: 'equalized-odds',
};

describe('threshold optimizer against Fairlearn 0.9 ThresholdOptimizer (recorded figures)', () => {
  for (const data of ['adult', 'compas'] as const) {
    for (const sensitive of ['race', 'sex']) {
      it(`${data} by ${sensitive}: every criterion at the exact constraint reaches Fairlearn's accuracy`, async () => {
        const { groups, labels, scores } = data === 'adult' ? await adultBaseScores([sensitive]) : await compasScores([sensitive]);
        for (const [constraint, fairness] of Object.entries(CRITERIA)) {
          const peer = FAIRLEARN.results.find((r) => r.data === data && r.sensitive === sensitive && r.constraint === constraint)!;
          // the recorded run saw these very scores
          assert.equal(peer.scores.rows, scores.length);
          assert.equal(
            peer.scores.positives,
            labels.reduce((a, b) => a + b, 0),
          );
          assert.ok(Math.abs(peer.scores.score_sum - scores.reduce((a, b) => a + b, 0)) < 1e-8);
          assert.equal(peer.groups, new Set(groups).size);
          const got = outcome(await optimizeThresholds(scores, labels, groups, fairness, 0, `${data}.csv`), scores, labels, groups);
          assert.ok(got.accuracy >= peer.expected_accuracy - 1e-6, `${constraint}: ${got.accuracy} < Fairlearn ${peer.expected_accuracy}`);
          // Fairlearn's grid is 1/1000 of a rate: the exact optimum is never far above it
          assert.ok(got.accuracy <= peer.expected_accuracy + 1e-3, `${constraint}: ${got.accuracy} vs Fairlearn ${peer.expected_accuracy}`);
          const equalized = fairness === 'demographic-parity' ? ['selection'] : fairness === 'equal-opportunity' ? ['tpr'] : ['tpr', 'fpr'];
          for (const rate of equalized as ('selection' | 'tpr' | 'fpr')[])
            assert.ok(spread(got.rates.map((r) => r[rate])) < 1e-9, `${constraint}: ${rate} spread`);
        }
      });
    }
  }
});
