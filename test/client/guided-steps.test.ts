// The "(n/m)" of a guided run's questions counts only those asked (a user saw 3/7 then 5/7), and the
// label and positive value Configure Columns saved are not asked again. Expected numbers by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { settledByColumns, stepOf } from '../../client/src/guided-steps';

describe('the step numbers of a guided run', () => {
  // reweighing's questions on a file whose saved positive value settles "positive"
  const keys = ['test', 'label', 'sensitive', 'positive', 'fairness', 'sweep'];
  const asks = (key: string) => key !== 'positive';

  it('number the questions asked 1 to 5, the one left out taking no number', () => {
    assert.deepEqual(
      keys.filter(asks).map((key) => stepOf(keys, asks, key)),
      [1, 2, 3, 4, 5].map((step) => ({ step, steps: 5 })),
    );
  });

  it('count every question when none is left out', () => {
    assert.deepEqual(
      stepOf(keys, () => true, 'fairness'),
      { step: 5, steps: 6 },
    );
  });
});

describe('the answers the saved columns settle', () => {
  const saved = { label: 'income', positive: '>50K' };
  const fits = () => true;

  it('leave out the saved label while the run uses it and can, and its saved positive value', () => {
    const params = { label: 'income', positive: '>50K' };
    assert.equal(settledByColumns('label', params, { saved, configured: saved }, fits), true);
    assert.equal(settledByColumns('positive', params, { saved, configured: saved }, fits), true);
    assert.equal(settledByColumns('sensitive', params, { saved, configured: saved }, fits), false);
  });

  it('ask the label when none was saved (an inferred one), another was answered, or the method cannot use it', () => {
    const inferred = { label: 'income' };
    assert.equal(settledByColumns('label', { label: 'income' }, { saved: undefined, configured: inferred }, fits), false);
    assert.equal(settledByColumns('label', { label: 'age' }, { saved, configured: saved }, fits), false);
    assert.equal(
      settledByColumns('label', { label: 'income' }, { saved, configured: saved }, () => false),
      false,
    );
  });

  it('ask the positive value for another label or another value', () => {
    assert.equal(settledByColumns('positive', { label: 'sex', positive: '>50K' }, { saved, configured: saved }, fits), false);
    assert.equal(settledByColumns('positive', { label: 'income', positive: '<=50K' }, { saved, configured: saved }, fits), false);
  });
});
