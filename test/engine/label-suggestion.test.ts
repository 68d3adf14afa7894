// The label the editor offers first when no column's name says which is the label, and the order
// a few-valued column's values are listed in. Expected values come from hand-made profiles (the
// columns named below) and, for the Portuguese-course student file, from its own content counted
// with awk: its last column is G3, the final grade, with the 17 values 0, 1 and 5 to 19.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Papa from 'papaparse';
import { suggestedLabel } from '../../server/src/engine/schema/label-suggestion';
import { listedValues } from '../../server/src/engine/schema/listed-values';
import { profileColumns, type ColumnKind, type ColumnProfile } from '../../server/src/engine/schema/profile';
import { resolveRoles } from '../../server/src/engine/schema/roles';
import { SHARED_DATA } from '../support/adult';

/** Profiles for role inference with a kind and a number of values each; unlisted columns are categorical of 3 values. */
function profilesFor(columns: readonly string[], kinds: Readonly<Record<string, [ColumnKind, number]>> = {}): ColumnProfile[] {
  return columns.map((name, index) => ({
    name,
    index,
    kind: kinds[name]?.[0] ?? 'categorical',
    missing: 0,
    nonMissing: 100,
    distinct: kinds[name]?.[1] ?? 3,
    topValues: [],
  }));
}

function suggestion(columns: readonly string[], kinds: Readonly<Record<string, [ColumnKind, number]>> = {}): string | undefined {
  const profiles = profilesFor(columns, kinds);
  return suggestedLabel(profiles, resolveRoles('f.csv', profiles, {}))?.column;
}

function studentProfiles(): ColumnProfile[] {
  const text = readFileSync(path.join(SHARED_DATA, 'student-por.csv'), 'utf8');
  const [header, ...rows] = Papa.parse<string[]>(text.trim(), { delimiter: ';' }).data;
  return profileColumns(header!, rows);
}

describe('suggestedLabel', () => {
  it("offers student-por.csv's final grade G3, its last column, when no name says which is the label", () => {
    const profiles = studentProfiles();
    const roles = resolveRoles('student-por.csv', profiles, {});
    assert.equal(roles.label, undefined, 'no column is named like a label');
    const g3 = profiles.at(-1)!;
    assert.deepEqual([g3.name, g3.kind, g3.distinct], ['G3', 'numeric', 17]);
    assert.deepEqual(suggestedLabel(profiles, roles), { column: 'G3', reason: "the file's last column, where the outcome usually is" });
  });

  it('offers a last column of two values, or numeric of more', () => {
    assert.equal(suggestion(['sex', 'LSAT', 'first_pf'], { first_pf: ['numeric', 2] }), 'first_pf');
    assert.equal(suggestion(['race', 'passed'], { passed: ['boolean', 2] }), 'passed');
    assert.equal(suggestion(['race', 'result'], { result: ['categorical', 2] }), 'result');
    assert.equal(suggestion(['race', 'G1', 'G3'], { G1: ['numeric', 17], G3: ['numeric', 17] }), 'G3');
  });

  it('offers nothing when a name gives the label or the last column another role, or it cannot be a label', () => {
    assert.equal(suggestion(['race', 'outcome', 'G3'], { outcome: ['boolean', 2], G3: ['numeric', 17] }), undefined, 'a named label');
    assert.equal(suggestion(['race', 'label', 'y'], { label: ['boolean', 2], y: ['boolean', 2] }), undefined, 'two named labels tie');
    assert.equal(suggestion(['race', 'y_pred'], { y_pred: ['boolean', 2] }), undefined, "a model's prediction");
    assert.equal(suggestion(['race', 'decile_score'], { decile_score: ['numeric', 10] }), undefined, 'a score');
    assert.equal(suggestion(['race', 'age'], { age: ['numeric', 60] }), undefined, 'a sensitive attribute');
    assert.equal(suggestion(['race', 'job'], { job: ['categorical', 12] }), undefined, 'words of many values');
    assert.equal(suggestion(['race', 'case'], { case: ['identifier', 100] }), undefined, 'an identifier');
    assert.equal(suggestion(['race', 'G3'], { G3: ['numeric', 1] }), undefined, 'one value');
  });
});

describe('suggestedLabel: a column named like a decision', () => {
  const reason = 'named like a decision; pick it if it holds the true outcomes';

  it("offers the cold try's detained (yes/no) when no name says which is the label, not the identifier id", () => {
    // the header of the cold try's COMPAS decisions file (/work/coldtry/ws12/compas-decisions.csv), kinds
    // and counts as its rows read by hand: id a row number, detained yes/no; the other counts do not matter
    const header = ['id', 'sex', 'age', 'age_cat', 'race', 'priors_count', 'detained'];
    const kinds: Record<string, [ColumnKind, number]> = {
      id: ['identifier', 7214],
      sex: ['categorical', 2],
      age: ['numeric', 65],
      race: ['categorical', 6],
      priors_count: ['numeric', 37],
      detained: ['boolean', 2],
    };
    const profiles = profilesFor(header, kinds);
    const roles = resolveRoles('compas-decisions.csv', profiles, {});
    // still inferred as the decision audited: the suggestion only orders the label question
    assert.equal(roles.prediction, 'detained');
    assert.deepEqual(suggestedLabel(profiles, roles), { column: 'detained', reason });
    assert.equal(suggestion(['race', 'loan_approved'], { loan_approved: ['categorical', 2] }), 'loan_approved', 'a word of the name');
  });

  it('offers none when a name gives the label, two decisions tie, or the decision has more than two values', () => {
    assert.equal(suggestion(['gender', 'repaid_outcome', 'loan_approved'], { repaid_outcome: ['boolean', 2], loan_approved: ['boolean', 2] }), undefined);
    assert.equal(suggestion(['race', 'approved', 'hired'], { approved: ['boolean', 2], hired: ['boolean', 2] }), undefined, 'two decisions');
    assert.equal(suggestion(['race', 'decision'], { decision: ['categorical', 3] }), undefined, 'three values');
  });

  it('keeps to the last column when it can be the label: an outcome after the decision', () => {
    assert.equal(suggestion(['race', 'loan_approved', 'defaulted'], { loan_approved: ['boolean', 2], defaulted: ['boolean', 2] }), 'defaulted');
  });
});

describe('listedValues', () => {
  it("lists G3's values in number order, not by frequency", () => {
    const g3 = studentProfiles().at(-1)!;
    assert.deepEqual(
      g3.topValues.slice(0, 3).map((v) => v.value),
      ['11', '10', '13'],
      'the most frequent first, as profiled',
    );
    assert.deepEqual(listedValues(g3), ['0', '1', ...Array.from({ length: 15 }, (_, i) => String(i + 5))]);
  });

  it('orders decimals as numbers and keeps words by frequency', () => {
    const counted = (values: string[]) => ({ topValues: values.map((value, i) => ({ value, count: 10 - i })) });
    assert.deepEqual(listedValues(counted(['1.0', '0.0'])), ['0.0', '1.0']);
    assert.deepEqual(listedValues(counted(['10', '9', '-2', '2.5'])), ['-2', '2.5', '9', '10']);
    assert.deepEqual(listedValues(counted(['no', 'yes'])), ['no', 'yes']);
    assert.deepEqual(listedValues(counted(['>50K', '<=50K'])), ['>50K', '<=50K']);
    assert.deepEqual(listedValues(counted(['3', 'n/a', '1'])), ['3', 'n/a', '1'], 'a word among numbers: by frequency');
  });
});
