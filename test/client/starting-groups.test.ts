// Compare Methods starts on the groups last chosen in Run Mitigation on the same file, else on the
// configured attributes whose crossed groups stay large. Expected lists written out by hand; the
// groups' rows are counted from the files (Adult's adult.data, the COMPAS example, student-por.csv).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ColumnGroups, crossedSensitive, smallestGroupLine, startingGroups, untickedNote } from '../../client/src/starting-groups';

/** Each column's groups' rows, as Configure Columns' profile gives them. */
const ROWS: Record<string, number[] | undefined> = {
  // adult.data: 32,561 rows
  race: [27816, 3124, 1039, 311, 271],
  sex: [21790, 10771],
  'marital-status': [14976, 10683, 4443, 1025, 993, 418, 23],
  'native-country': [29170, 643, 1],
  // the COMPAS example: 7,214 rows
  compasSex: [5819, 1395],
  compasRace: [3696, 2454, 637, 377, 32, 18],
  // student-por.csv: 649 rows
  studentSex: [383, 266],
  age: [179, 177, 140, 112, 32, 6, 2, 1],
  address: [452, 197],
  // many values or binned: no groups known
  income: undefined,
  adultAge: undefined,
};
/** The ranks the server gives these names (sensitiveNameRank: race 0, sex 3, age 5, marital 11, …); none for the others. */
const RANKS: Record<string, number> = {
  race: 0,
  compasRace: 0,
  sex: 3,
  compasSex: 3,
  studentSex: 3,
  age: 5,
  adultAge: 5,
  'marital-status': 11,
  'native-country': 14,
};
const rows: ColumnGroups = { rows: (column) => ROWS[column], rank: () => undefined };
const ranked: ColumnGroups = { ...rows, rank: (column) => RANKS[column] };

describe('the sensitive attributes Compare Methods starts on', () => {
  const configured = ['race', 'sex'];

  it('takes the attributes last answered in Run Mitigation, one or several', () => {
    assert.deepEqual(startingGroups({ train: '/data/compas.csv', label: 'two_year_recid', sensitive: ['sex'] }, configured, rows, 30), ['sex']);
    assert.deepEqual(startingGroups({ sensitive: ['sex', 'race'] }, configured, rows, 30), ['sex', 'race']);
  });

  it('else starts as a run does', () => {
    assert.deepEqual(startingGroups(undefined, configured, rows, 30), ['race', 'sex']);
    for (const answers of [{ label: 'two_year_recid' }, { sensitive: [] }, { sensitive: 'sex' }, { sensitive: ['sex', 3] }]) {
      assert.deepEqual(startingGroups(answers, configured, rows, 30), ['race', 'sex']);
    }
    assert.deepEqual(startingGroups(undefined, [], rows, 30), []);
  });

  it('leaves the input lists unchanged', () => {
    const answers = { sensitive: ['sex'] };
    startingGroups(answers, configured, rows, 30);
    assert.deepEqual(answers, { sensitive: ['sex'] });
    assert.deepEqual(configured, ['race', 'sex']);
  });
});

describe('the sensitive attributes a run starts with ticked', () => {
  it("crosses Adult's race and sex: the smallest expected group is 32,561 × 271/32,561 × 10,771/32,561 = 89.6 rows (109 in fact)", () => {
    assert.deepEqual(crossedSensitive(['race', 'sex'], rows, 30), ['race', 'sex']);
    // native-country has a group of 1 row: never crossed
    assert.deepEqual(crossedSensitive(['race', 'sex', 'native-country'], rows, 30), ['race', 'sex']);
    // a larger minimum group size than 89.6 keeps race alone
    assert.deepEqual(crossedSensitive(['race', 'sex'], rows, 90), ['race']);
  });

  it("does not cross the COMPAS example's sex and race: 7,214 × 1,395/7,214 × 18/7,214 = 3.5 rows (2 in fact)", () => {
    assert.deepEqual(crossedSensitive(['compasSex', 'compasRace'], rows, 30), ['compasSex']);
  });

  it('starts from the columns whose groups are known: a binned column first in the file does not leave race and sex out (cold try 15, Adult)', () => {
    // income's groups are not known (as Adult's binned age): before, it was ticked alone, being first
    assert.deepEqual(crossedSensitive(['income', 'race', 'sex'], rows, 30), ['race', 'sex']);
    // with no column of known groups, the first alone
    assert.deepEqual(crossedSensitive(['income', 'native-country'], { rows: () => undefined, rank: () => undefined }, 30), ['income']);
  });

  it("ticks race and sex first by their names' kind: Adult's marital-status, first in the file, crossed with race would make 32,561 × 23/32,561 × 271/32,561 = 0.2 rows (cold try 16)", () => {
    const adult = ['adultAge', 'marital-status', 'race', 'sex', 'native-country'];
    // in the file's order, marital-status (first with known groups) was ticked alone
    assert.deepEqual(crossedSensitive(adult, rows, 30), ['marital-status']);
    // race × sex: 89.6 ≥ 30; marital-status × race × sex: 89.6 × 23/32,561 = 0.06; native-country has a group of 1 row; age is binned
    assert.deepEqual(crossedSensitive(adult, ranked, 30), ['race', 'sex']);
    // unranked names come after the ranked ones (the result keeps the configured order); income's groups are unknown, so never crossed
    assert.deepEqual(crossedSensitive(['address', 'studentSex', 'income'], ranked, 30), ['address', 'studentSex']);
    // student age (ranked 5, a group of 1 row) before address: address is still crossed with sex, age not
    assert.deepEqual(crossedSensitive(['address', 'age', 'studentSex'], ranked, 30), ['address', 'studentSex']);
  });

  it('crosses the student file’s sex and address (649 × 266/649 × 197/649 = 80.7), not its age (a group of 1 row)', () => {
    assert.deepEqual(crossedSensitive(['studentSex', 'age', 'address'], rows, 30), ['studentSex', 'address']);
  });

  it('always ticks one; a column of unknown groups is not crossed', () => {
    assert.deepEqual(crossedSensitive(['native-country', 'sex'], rows, 30), ['native-country']);
    assert.deepEqual(crossedSensitive(['sex', 'income'], rows, 30), ['sex']);
    assert.deepEqual(crossedSensitive(['income', 'sex'], rows, 30), ['sex']);
    assert.deepEqual(crossedSensitive([], rows, 30), []);
  });
});

describe('the sensitive question says which configured attributes are unticked, and why', () => {
  it("says each attribute's smallest group on its second line, whatever is ticked (cold try 16: a reason stayed after unticking)", () => {
    // the COMPAS example's race, counted in the CSV: Native American 18 of 7,214 rows
    const race = [3696, 2454, 637, 377, 32, 18].map((n, i) => ({
      value: ['African-American', 'Caucasian', 'Hispanic', 'Other', 'Asian', 'Native American'][i]!,
      rows: n,
    }));
    assert.equal(smallestGroupLine({ name: 'race', groups: race }), 'smallest group Native American: 18 of 7,214 rows');
    assert.equal(smallestGroupLine({ name: 'x', groups: [{ value: 'a', rows: 5 }] }), undefined, 'one group: nothing to cross');
    assert.equal(smallestGroupLine({ name: 'x' }), undefined, 'groups not known (binned, many values)');
    // a number is named with its column: "smallest group 12" read as a count (the full-size screenshot look)
    const counts = [
      { value: '0', rows: 40 },
      { value: '12', rows: 1 },
      { value: '-3', rows: 9 },
    ];
    assert.equal(smallestGroupLine({ name: 'juv_misd_count', groups: counts }), 'smallest group juv_misd_count = 12: 1 of 50 rows');
  });

  it('names the one left out of COMPAS sex × race, and says nothing when every one is ticked', () => {
    const ticked = crossedSensitive(['compasSex', 'compasRace'], rows, 30);
    // 7,214 × 1,395/7,214 × 18/7,214 = 3.5 rows < 30; "compasRace left unticked: crossed groups would be small" is 55 characters
    assert.deepEqual(untickedNote(['compasSex', 'compasRace'], ticked, rows, 30), {
      placeholder: 'compasRace left unticked: crossed groups would be small',
      unticked: ['compasRace'],
    });
    assert.equal(untickedNote(['race', 'sex'], crossedSensitive(['race', 'sex'], rows, 30), rows, 30), undefined);
  });

  it('lists several left out in their configured order, or counts them when their names would not fit the placeholder', () => {
    // crossed with studentSex × address (smallest 80.7 expected): age's group of 1 row gives 0.12; income's groups are not known
    assert.deepEqual(untickedNote(['studentSex', 'age', 'address', 'income'], ['studentSex', 'address'], rows, 30), {
      placeholder: 'age and income left unticked: crossed groups would be small',
      unticked: ['age', 'income'],
    });
    // "age, income and native-country left unticked: crossed groups would be small" would be 75 characters (the box shows 60)
    assert.equal(
      untickedNote(['studentSex', 'age', 'address', 'income', 'native-country'], ['studentSex', 'address'], rows, 30)?.placeholder,
      '3 attributes left unticked: crossed groups would be small',
    );
  });

  it('is said again for what the user ticks: a reason only where crossing with the ticks of now makes small groups', () => {
    const configured = ['race', 'sex', 'native-country'];
    // race ticked: sex crosses (89.6 expected ≥ 30), native-country does not (a group of 1 row)
    assert.deepEqual(untickedNote(configured, ['race'], rows, 30)?.unticked, ['native-country']);
    // sex ticked instead: race crosses (271 × 10,771/32,561 = 89.6), native-country still does not
    assert.deepEqual(untickedNote(configured, ['sex'], rows, 30), {
      placeholder: 'native-country left unticked: crossed groups would be small',
      unticked: ['native-country'],
    });
    // with a minimum of 90 rows, race × sex (89.6) is small too: unticking race gives it its reason, naming sex alone
    assert.deepEqual(untickedNote(configured, ['sex'], rows, 90)?.unticked, ['race', 'native-country']);
    // a ticked column that is not configured takes part in the crossing: the student file's age × address, 649 × 1/649 × 197/649 = 0.3
    assert.deepEqual(untickedNote(['address'], ['age'], rows, 30)?.unticked, ['address']);
    // nothing ticked: nothing is crossed, nothing to say
    assert.equal(untickedNote(configured, [], rows, 30), undefined);
  });
});
