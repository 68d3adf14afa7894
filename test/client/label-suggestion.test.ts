// The label question's order and wording with a suggested label; expected values written out by
// hand from the hand-made columns below.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { suggestedDescription, suggestedFirst } from '../../client/src/label-suggestion';

const columns = [{ name: 'school' }, { name: 'sex' }, { name: 'G1' }, { name: 'G3' }];
const suggestion = { column: 'G3', reason: "the file's last column, where the outcome usually is" };

describe('the label question with a suggested label', () => {
  it('lists the suggested column first, the others in the file order', () => {
    assert.deepEqual(
      suggestedFirst(columns, suggestion).map((c) => c.name),
      ['G3', 'school', 'sex', 'G1'],
    );
    assert.deepEqual(
      suggestedFirst(columns, undefined).map((c) => c.name),
      ['school', 'sex', 'G1', 'G3'],
    );
    // a suggestion the question does not offer (taken by another role) changes nothing
    assert.deepEqual(
      suggestedFirst(columns.slice(0, 3), suggestion).map((c) => c.name),
      ['school', 'sex', 'G1'],
    );
  });

  it('says why beside the suggested column only', () => {
    // the reason on the second line: a description beside the name is cut past a few words
    assert.deepEqual(suggestedDescription('G3', 'numeric (17 values)', suggestion), {
      description: 'suggested · numeric (17 values)',
      why: "suggested: the file's last column, where the outcome usually is",
    });
    assert.deepEqual(suggestedDescription('G1', 'numeric (17 values)', suggestion), { description: 'numeric (17 values)' });
  });
});
