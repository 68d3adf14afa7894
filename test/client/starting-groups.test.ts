// Compare Methods starts on the groups last chosen in Run Mitigation on the same file, else on the
// first configured or inferred attribute. Expected lists written out by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startingGroups } from '../../client/src/starting-groups';

describe('the sensitive attributes Compare Methods starts on', () => {
  const configured = ['race', 'sex'];

  it('takes the attributes last answered in Run Mitigation, one or several', () => {
    assert.deepEqual(startingGroups({ train: '/data/compas.csv', label: 'two_year_recid', sensitive: ['sex'] }, configured), ['sex']);
    assert.deepEqual(startingGroups({ sensitive: ['sex', 'race'] }, configured), ['sex', 'race']);
  });

  it('starts on the first configured attribute when no mitigation ran on the file', () => {
    assert.deepEqual(startingGroups(undefined, configured), ['race']);
  });

  it('starts on the first configured attribute when the mitigation answers have no usable attributes', () => {
    assert.deepEqual(startingGroups({ label: 'two_year_recid' }, configured), ['race']);
    assert.deepEqual(startingGroups({ sensitive: [] }, configured), ['race']);
    assert.deepEqual(startingGroups({ sensitive: 'sex' }, configured), ['race']);
    assert.deepEqual(startingGroups({ sensitive: ['sex', 3] }, configured), ['race']);
  });

  it('leaves the input lists unchanged', () => {
    const answers = { sensitive: ['sex'] };
    startingGroups(answers, configured);
    assert.deepEqual(answers, { sensitive: ['sex'] });
    assert.deepEqual(configured, ['race', 'sex']);
  });

  it('starts on nothing when nothing is configured or inferred', () => {
    assert.deepEqual(startingGroups(undefined, []), []);
  });
});
