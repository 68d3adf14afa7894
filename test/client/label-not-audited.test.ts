// A run's label is never among the audited model's outputs: the cold try's compas-decisions.csv had
// "detained" inferred as the decision (so --audited detained) and then picked as the label. Expected
// values written out by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelNotAudited } from '../../client/src/label-not-audited';

describe('labelNotAudited', () => {
  it('drops the label from the audited outputs, and the list when it is left empty', () => {
    assert.deepEqual(labelNotAudited({ label: 'detained', audited: ['detained'], notFeatures: ['sex'] }), { label: 'detained', notFeatures: ['sex'] });
    assert.deepEqual(labelNotAudited({ label: 'detained', audited: ['risk', 'detained'] }), { label: 'detained', audited: ['risk'] });
  });

  it('leaves other runs as they are', () => {
    const scored = { label: 'two_year_recid', audited: ['decile_score'] };
    assert.deepEqual(labelNotAudited(scored), scored);
    assert.deepEqual(labelNotAudited({ audited: ['detained'] }), { audited: ['detained'] }, 'no label yet');
  });
});
