// The review of a guided run shows the positive value the run will use, never "not set" while one
// is in force. Expected texts written out by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { positiveShown } from '../../client/src/positive-value';

describe('the positive value in a run’s review', () => {
  it('shows the value inferred from the label when none is set', () => {
    assert.equal(positiveShown({ name: 'two_year_recid', values: ['0', '1'], positive: '1' }), '1 (inferred from two_year_recid)');
  });

  it('says a value must be chosen when the label has none of the usual spellings', () => {
    assert.equal(positiveShown({ name: 'income', values: ['<=50K', '>50K'] }), 'not set: choose it, nothing can be inferred from income: <=50K, >50K');
  });

  it('points at the label when no label is chosen yet', () => {
    assert.equal(positiveShown(undefined), 'inferred from the label column');
  });
});
