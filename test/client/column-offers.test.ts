// A guided run's column questions offer only columns the run can use (a score that is the label
// failed only at the run: "column "income" has "<=50K", not a number"). Adult-like columns; the
// expected lists written out by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noColumnText, offeredColumns } from '../../client/src/column-offers';

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

  it('other questions, and nothing answered yet, offer every column', () => {
    assert.deepEqual(names(offeredColumns('score', {}, adult)), ['age', 'hours']);
    assert.deepEqual(names(offeredColumns('label', {}, adult)), names(adult));
    assert.deepEqual(names(offeredColumns('weight', { label: 'income' }, adult)), names(adult));
  });

  it('the placeholder says when nothing fits', () => {
    assert.equal(noColumnText('score', 2), '');
    assert.match(noColumnText('score', 0), /no numeric column besides the label and the sensitive attributes/);
  });
});
