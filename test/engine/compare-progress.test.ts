// The comparison's progress line: "k of n methods done", the time so far, and once a method has
// finished an estimate of the time left from the pace so far. Expected strings worked out by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { duration, expectedSeconds, progressLine, roughDuration, slowNote } from '../../server/src/services/compare-progress';

describe('comparison progress', () => {
  it('says k of n methods and the time so far, with no estimate before a method has finished', () => {
    assert.equal(progressLine({ weights: [10, 30], fractions: [0.5, 0.2], finished: 0, elapsedSeconds: 12 }), '0 of 2 methods done · 12 s elapsed');
  });

  it('estimates the time left from the expected work done so far', () => {
    // work done 10·1 + 30·0.5 = 25 of 40 in 20 s: 20 × 15 / 25 = 12 s left, said in 5 s steps: 15 s
    assert.equal(
      progressLine({ weights: [10, 30], fractions: [1, 0.5], finished: 1, elapsedSeconds: 20 }),
      '1 of 2 methods done · 20 s elapsed · about 15 s left',
    );
    // 3.4·1 + 2.2·1 + 33.8·0.1 = 8.98 of 39.4 done in 95 s: 95 × 30.42 / 8.98 = 321.8 s, rounded up to whole minutes: 6 min
    assert.equal(
      progressLine({ weights: [3.4, 2.2, 33.8], fractions: [1, 1, 0.1], finished: 2, elapsedSeconds: 95 }),
      '2 of 3 methods done · 1 min 35 s elapsed · about 6 min left',
    );
    assert.equal(progressLine({ weights: [1, 1], fractions: [1, 1], finished: 2, elapsedSeconds: 3 }), '2 of 2 methods done · 3 s elapsed');
  });

  it('writes durations for reading', () => {
    assert.equal(duration(4.4), '4 s');
    assert.equal(duration(65), '1 min 5 s');
    assert.equal(duration(120), '2 min');
    assert.equal(duration(3725), '1 h 2 min');
    assert.equal(roughDuration(2), '5 s');
    assert.equal(roughDuration(57), '1 min');
    assert.equal(roughDuration(61), '2 min');
  });

  it('weighs the fair representation by its groups, as measured: 33.8 s with 2 groups, 283.6 s with 10', () => {
    assert.equal(expectedSeconds('reweighing', 30), 2.2);
    assert.equal(expectedSeconds('representation', 1), 33.8);
    assert.equal(expectedSeconds('representation', 2), 33.8);
    // 33.8 × 5^1.32 = 33.8 × 8.37 = 282.8
    assert.ok(Math.abs(expectedSeconds('representation', 10) - 283.6) < 2);
    assert.equal(slowNote('representation'), 'slow: about 35 s on 10,000 rows with 2 groups, 5 min with 10');
    assert.equal(slowNote('correlation-remover'), undefined);
  });
});
