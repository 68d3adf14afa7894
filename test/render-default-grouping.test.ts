// The grouping an audit panel opens on, from hand-made reports: which sensitive attributes are
// binned is all that decides it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultGroupingIndex, shownGroupingIndex } from '../common/render/default-grouping';

/** The groupings an audit forms of these columns (each, then the pair), with these binned. */
function report(sensitive: string[], bins: Record<string, number[]>) {
  return { groupings: [...sensitive.map((name) => ({ by: [name] })), { by: sensitive }], columns: { bins } };
}

describe('the audit panel’s first grouping', () => {
  it('is the first attribute grouped by its own values, not a number cut into bins', () => {
    // COMPAS decisions with age (65 ages, binned into quartiles) left of race in the file
    assert.equal(defaultGroupingIndex(report(['age', 'race'], { age: [25, 31, 42] })), 1);
    assert.equal(defaultGroupingIndex(report(['age', 'priors', 'sex'], { age: [25, 31, 42], priors: [1, 4] })), 2);
  });

  it('is the first grouping when none or every attribute is binned', () => {
    // student-por.csv's age has 8 values: kept as they are, not binned
    assert.equal(defaultGroupingIndex(report(['sex', 'age'], {})), 0);
    assert.equal(defaultGroupingIndex(report(['age', 'sex'], {})), 0);
    assert.equal(defaultGroupingIndex(report(['age', 'income'], { age: [30], income: [1000] })), 0);
    assert.equal(defaultGroupingIndex({ groupings: [], columns: { bins: {} } }), 0);
  });
});

describe('the grouping an audit panel shows (Run Mitigation… from it starts on its attributes)', () => {
  // Adult's audit as cold try 12 saw it: age binned, then marital-status, race, sex; the pairs after
  const adult = report(['age', 'marital-status', 'race', 'sex'], { age: [28, 37, 48] });

  it("is the one the user chose in the panel: sex (index 3), not the first attribute's", () => {
    assert.equal(shownGroupingIndex(adult, 3), 3);
    assert.deepEqual(adult.groupings[shownGroupingIndex(adult, 3)]!.by, ['sex']);
    // the crossed grouping, index 4: all four attributes
    assert.deepEqual(adult.groupings[shownGroupingIndex(adult, 4)]!.by, ['age', 'marital-status', 'race', 'sex']);
  });

  it('is the default one when none was chosen (marital-status: age is binned), and stays within the report', () => {
    assert.equal(shownGroupingIndex(adult, undefined), 1);
    assert.equal(shownGroupingIndex(adult, 9), 4);
    assert.equal(shownGroupingIndex(adult, -1), 0);
  });
});
