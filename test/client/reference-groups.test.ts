// The pure parts of Configure Columns' reference-group step: reading the saved `COLUMN=VALUE`
// entries, dropping stale ones, writing them back, and the confirmation's wording. Expected values
// are written out by hand from the inputs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { columnsSummary, keptReferences, optionsWithReference, referenceEntries, referencesOf } from '../../client/src/reference-groups';

const groups: Record<string, string[]> = { race: ['White', 'Black', 'Asian'], sex: ['M', 'F'] };
const groupsOf = (column: string) => groups[column];

describe('reference groups in Configure Columns', () => {
  it('reads COLUMN=VALUE entries, splitting at the first "=" (a value may hold one)', () => {
    assert.deepEqual(referencesOf({ reference: ['race=Black', 'income=<=50K'] }), { race: 'Black', income: '<=50K' });
    assert.deepEqual(referencesOf(undefined), {});
    assert.deepEqual(referencesOf({}), {});
  });

  it('drops the reference of a column no longer sensitive, and a value the column does not have', () => {
    const saved = { race: 'Black', sex: 'X' };
    assert.deepEqual(keptReferences(saved, ['race', 'sex'], groupsOf), { race: 'Black' }, '"X" is not a group of sex');
    assert.deepEqual(keptReferences(saved, ['sex'], groupsOf), {}, 'race was taken out');
    assert.deepEqual(keptReferences({ race: 'Black' }, ['sex', 'race'], groupsOf), { race: 'Black' });
  });

  it('keeps the reference of a sensitive column whose groups are not known (too many values to list)', () => {
    assert.deepEqual(keptReferences({ age: '[30, 40)' }, ['age'], groupsOf), { age: '[30, 40)' });
  });

  it('writes the entries in the order of the sensitive columns, for those columns only', () => {
    assert.deepEqual(referenceEntries({ sex: 'F', race: 'Black', zip: '1' }, ['race', 'sex']), ['race=Black', 'sex=F']);
    assert.deepEqual(referenceEntries({}, ['race']), []);
  });

  it('names the reference group in the confirmation, and nothing when the largest group is kept', () => {
    assert.equal(
      columnsSummary({ label: 'y', positive: '1', prediction: 'p', sensitive: ['race', 'sex'], reference: ['race=Black'] }),
      'label y (positive: 1); prediction p; sensitive race (reference group: Black), sex',
    );
    assert.equal(columnsSummary({ label: 'income', positive: '>50K', sensitive: ['sex'] }), 'label income (positive: >50K); sensitive sex');
    assert.equal(columnsSummary({ score: 's', threshold: 5, sensitive: ['sex'] }), 'no label; score s ≥ 5; sensitive sex');
  });

  it("repeats an audit's options with a group chosen in the panel as its reference, the other columns' references kept", () => {
    const options = { label: 'y', sensitive: ['race', 'sex'], reference: ['sex=F', 'race=White'], bootstrap: 50 };
    assert.deepEqual(optionsWithReference(options, { race: 'Black' }, ['race', 'sex']), {
      label: 'y',
      sensitive: ['race', 'sex'],
      reference: ['race=Black', 'sex=F'],
      bootstrap: 50,
    });
    // an intersection's group names every column; options inferred (none saved) become the reference alone
    assert.deepEqual(optionsWithReference(undefined, { race: 'Black', sex: 'M' }, ['race', 'sex']), { reference: ['race=Black', 'sex=M'] });
    assert.deepEqual(options.reference, ['sex=F', 'race=White'], 'the given options are not modified');
  });
});
