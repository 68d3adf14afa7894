import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paretoFront } from '../../server/src/engine/compare/pareto';

/** Brute force: a point is optimal when no other point is at least as good on both and better on one. */
function dominated(points: { accuracy: number | null; fairness: number | null }[], i: number): boolean {
  const p = points[i]!;
  return points.some(
    (q, j) =>
      j !== i &&
      q.accuracy !== null &&
      q.fairness !== null &&
      q.accuracy >= p.accuracy! &&
      q.fairness <= p.fairness! &&
      (q.accuracy > p.accuracy! || q.fairness < p.fairness!),
  );
}

describe('Pareto front', () => {
  it('marks exactly the non-dominated points (random points with ties, checked by brute force)', () => {
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let trial = 0; trial < 200; trial++) {
      const points = Array.from({ length: 1 + Math.floor(random() * 30) }, () => ({
        accuracy: random() < 0.05 ? null : Math.round(random() * 20) / 20,
        fairness: Math.round(random() * 10) / 10,
      }));
      const front = paretoFront(points);
      points.forEach((p, i) => assert.equal(front[i], p.accuracy !== null && !dominated(points, i), `trial ${trial}, point ${i}`));
    }
  });

  it('keeps identical optimal points together', () => {
    assert.deepEqual(
      paretoFront([
        { accuracy: 0.8, fairness: 0.1 },
        { accuracy: 0.8, fairness: 0.1 },
        { accuracy: 0.7, fairness: 0.2 },
      ]),
      [true, true, false],
    );
  });
});
