// A guided run's column questions offer only columns the run can use (a score that is the label
// failed only at the run: "column "income" has "<=50K", not a number"). Adult-like columns; the
// expected lists written out by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noColumnText, notNamedText, offeredColumns } from '../../client/src/column-offers';

const adult = [
  { name: 'age', kind: 'numeric' },
  { name: 'race', kind: 'categorical' },
  { name: 'sex', kind: 'categorical' },
  { name: 'hours', kind: 'numeric' },
  { name: 'income', kind: 'categorical' },
];
const names = (columns: readonly { name: string }[]) => columns.map((c) => c.name);

describe('the columns a column question offers', () => {
  it('a score: numeric columns only, neither the label nor a sensitive attribute', () => {
    assert.deepEqual(names(offeredColumns('score', { label: 'income', sensitive: ['race', 'sex'] }, adult)), ['age', 'hours']);
    assert.deepEqual(names(offeredColumns('score', { label: 'hours', sensitive: ['age'] }, adult)), []);
  });

  it('a numeric label is not offered as the score once chosen', () => {
    const scored = [...adult, { name: 'y', kind: 'numeric' }];
    assert.deepEqual(names(offeredColumns('score', { label: 'y' }, scored)), ['age', 'hours']);
  });

  it('a prediction: any column but the label and the sensitive attributes', () => {
    assert.deepEqual(names(offeredColumns('prediction', { label: 'income', sensitive: ['sex'] }, adult)), ['age', 'race', 'hours']);
  });

  it('the label: not the column chosen as the score or the prediction', () => {
    assert.deepEqual(names(offeredColumns('label', { score: 'hours' }, adult)), ['age', 'race', 'sex', 'income']);
    assert.deepEqual(names(offeredColumns('label', { prediction: 'race' }, adult)), ['age', 'sex', 'hours', 'income']);
  });

  it('features and sensitive attributes: not the label chosen', () => {
    assert.deepEqual(names(offeredColumns('sensitive', { label: 'income' }, adult)), ['age', 'race', 'sex', 'hours']);
    assert.deepEqual(names(offeredColumns('features', { label: 'income', sensitive: ['sex'] }, adult)), ['age', 'race', 'sex', 'hours']);
    assert.deepEqual(names(offeredColumns('sensitive', {}, adult)), names(adult));
  });

  it('other questions, and nothing answered yet, offer every column', () => {
    assert.deepEqual(names(offeredColumns('score', {}, adult)), ['age', 'hours']);
    assert.deepEqual(names(offeredColumns('label', {}, adult)), names(adult));
    assert.deepEqual(names(offeredColumns('weight', { label: 'income' }, adult)), names(adult));
  });

  it('the placeholder says when nothing fits', () => {
    assert.equal(noColumnText('score', 2), '');
    assert.match(noColumnText('score', 0), /no numeric column besides the label and the sensitive attributes/);
  });

  it('says beside a score or prediction offered which columns are not named like one', () => {
    // the cold try's compas-decisions.csv: no score; age and priors_count are numbers, not scores
    assert.equal(notNamedText('score', { named: 'sensitive' }), 'not named like a score', 'age');
    assert.equal(notNamedText('score', {}), 'not named like a score', 'priors_count');
    assert.equal(notNamedText('score', { named: 'score' }), undefined, 'decile_score');
    assert.equal(notNamedText('prediction', { named: 'prediction' }), undefined, 'detained');
    assert.equal(notNamedText('prediction', { named: 'score' }), 'not named like a prediction');
    assert.equal(notNamedText('label', {}), undefined, 'not a model output');
  });
});
