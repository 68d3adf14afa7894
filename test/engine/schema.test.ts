// The schema layer: column kinds, role inference, positive labels, binning and name suggestions,
// each against values worked out by hand.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import type { Field } from '../../server/src/engine/table/rows';
import { InputError } from '../../server/src/engine/errors';
import { ADULT_COLUMNS } from '../support/adult';
import { binIndex, binLabel, parseEdges, quantileEdgesOfCounts } from '../../server/src/engine/schema/binning';

/** The edges of a list of values: each value counted once per occurrence. */
function quantileEdges(values: readonly number[], bins: number): number[] {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return quantileEdgesOfCounts(counts, bins);
}
import { nameTokens, normalizeName } from '../../server/src/engine/schema/names';
import { inferPositive } from '../../server/src/engine/schema/positive';
import { ColumnKind, ColumnProfile, MAX_TRACKED_VALUES, profileColumns } from '../../server/src/engine/schema/profile';
import { resolveRoles, sensitiveNameRank } from '../../server/src/engine/schema/roles';
import { closestNames, unknownColumnMessage } from '../../server/src/engine/schema/suggest';

const compas = path.resolve(__dirname, '../../../../shared/data/compas-scores-two-years.csv.gz');

/** Profiles a single column given as its values. */
function profileOf(values: readonly Field[], name = 'column'): ColumnProfile {
  return profileColumns(
    [name],
    values.map((value) => [value]),
  )[0]!;
}

function kindOf(values: readonly Field[], name?: string): ColumnKind {
  return profileOf(values, name).kind;
}

/** Profiles for role inference: only name and kind matter; unlisted columns are categorical. */
function profilesFor(columns: readonly string[], kinds: Readonly<Record<string, ColumnKind>> = {}): ColumnProfile[] {
  return columns.map((name, index) => ({
    name,
    index,
    kind: kinds[name] ?? 'categorical',
    missing: 0,
    nonMissing: 100,
    distinct: 2,
    topValues: [],
  }));
}

/** Renames repeated header names the way the CSV reader does: the second "a" becomes "a.1". */
function uniqueNames(header: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((name) => {
    const times = seen.get(name) ?? 0;
    seen.set(name, times + 1);
    return times === 0 ? name : `${name}.${times}`;
  });
}

function compasText(): string {
  return gunzipSync(readFileSync(compas)).toString('utf8');
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an InputError');
}

describe('profileColumns', () => {
  it('types a decimal column and counts missing values', () => {
    assert.deepEqual(profileOf(['1.5', '2', null, '-3', '2']), {
      name: 'column',
      index: 0,
      kind: 'numeric',
      missing: 1,
      nonMissing: 4,
      distinct: 3,
      topValues: [
        { value: '2', count: 2 },
        { value: '-3', count: 1 },
        { value: '1.5', count: 1 },
      ],
      min: -3,
      max: 2,
      integer: false,
    });
  });

  it('marks whole-number columns as integer', () => {
    const profile = profileOf(['4', '10', '7', '1e2']);
    assert.equal(profile.kind, 'numeric');
    assert.equal(profile.integer, true);
    assert.equal(profile.min, 4);
    assert.equal(profile.max, 100);
  });

  it('types two-valued 0/1, yes/no, true/false, y/n and t/f columns as boolean', () => {
    assert.equal(kindOf(['1', '0', '1']), 'boolean');
    assert.equal(kindOf(['1', '1']), 'boolean');
    assert.equal(kindOf(['Yes', 'no', null]), 'boolean');
    assert.equal(kindOf(['TRUE', 'FALSE']), 'boolean');
    assert.equal(kindOf(['y', 'N']), 'boolean');
    assert.equal(kindOf(['t', 'f']), 'boolean');
    const profile = profileOf(['1', '0']);
    assert.equal(profile.min, undefined);
    assert.equal(profile.integer, undefined);
  });

  it('does not call other pairs or three spellings boolean', () => {
    assert.equal(kindOf(['yes', 'false']), 'categorical');
    assert.equal(kindOf(['Yes', 'yes', 'no']), 'categorical');
    assert.equal(kindOf(['1', '2']), 'numeric');
    assert.equal(kindOf(['1.0', '0.0']), 'numeric');
  });

  it('types words and mixed numbers and words as categorical', () => {
    assert.equal(kindOf(['a', 'b', 'a']), 'categorical');
    assert.equal(kindOf(['1', '2', 'x']), 'categorical');
  });

  it('parses numbers strictly', () => {
    assert.equal(kindOf(['0x1F', '10']), 'categorical');
    assert.equal(kindOf(['1_000', '2']), 'categorical');
    assert.equal(kindOf(['Infinity', '2']), 'categorical');
    assert.equal(kindOf(['1e999', '2']), 'categorical');
  });

  it('keeps the 20 most frequent values, by count then value', () => {
    const values = [...range(1, 25).map((i) => `v${i}`), 'v9', 'v9', 'v3'];
    const top = profileOf(values).topValues;
    assert.equal(top.length, 20);
    assert.deepEqual(top.slice(0, 4), [
      { value: 'v9', count: 3 },
      { value: 'v3', count: 2 },
      { value: 'v1', count: 1 },
      { value: 'v10', count: 1 },
    ]);
    assert.deepEqual(top.at(-1), { value: 'v25', count: 1 });
  });

  it('types nearly-all-distinct words as identifiers, from 20 values on', () => {
    const names = range(1, 20).map((i) => `person ${i}`);
    assert.equal(kindOf(names), 'identifier');
    assert.equal(kindOf(names.slice(1)), 'categorical'); // 19 values: too few to tell
    assert.equal(kindOf([...names.slice(1), 'person 2']), 'identifier'); // 19 distinct of 20 = 95%
    assert.equal(kindOf([...names.slice(2), 'person 3', 'person 3']), 'categorical'); // 18 of 20
  });

  it('types all-distinct integers as identifiers only when named like an id', () => {
    const ids = range(1, 25).map(String);
    assert.equal(kindOf(ids, 'id'), 'identifier');
    assert.equal(kindOf(ids, 'ID'), 'identifier');
    assert.equal(kindOf(ids, 'person_id'), 'identifier');
    assert.equal(kindOf(ids, 'userId'), 'identifier');
    assert.equal(kindOf(ids, 'income'), 'numeric');
    assert.equal(kindOf(ids, 'idle_minutes'), 'numeric');
    assert.equal(
      kindOf(
        ids.map((id) => `${id}.5`),
        'id',
      ),
      'numeric',
    );
  });

  it('types a column without values as empty', () => {
    assert.deepEqual(profileOf([null, null]), {
      name: 'column',
      index: 0,
      kind: 'empty',
      missing: 2,
      nonMissing: 0,
      distinct: 0,
      topValues: [],
    });
  });

  it('counts fields missing from short rows as missing', () => {
    const profiles = profileColumns(['a', 'b'], [['1', '2'], ['3']]);
    assert.equal(profiles[1]!.missing, 1);
    assert.equal(profiles[1]!.nonMissing, 1);
  });

  it('stops counting distinct values at the cap and treats the column as high-cardinality', () => {
    // 10,001 values three times each: only a third distinct, but past the cap.
    const values = range(0, 3 * 10_001 - 1).map((i) => `v${i % 10_001}`);
    const profile = profileOf(values);
    assert.equal(MAX_TRACKED_VALUES, 10_000);
    assert.equal(profile.kind, 'identifier');
    assert.equal(profile.distinct, 10_000);
    assert.equal(profile.nonMissing, 30_003);
    assert.deepEqual(profile.topValues[0], { value: 'v0', count: 3 });
    assert.ok(profile.topValues.every((top) => top.value !== 'v10000'));

    const numbers = profileOf(range(1, 10_050).map((i) => `${i / 7}`));
    assert.equal(numbers.kind, 'numeric');
    assert.equal(numbers.distinct, 10_000);
    assert.equal(numbers.max, 10_050 / 7);
  });

  it('profiles the real COMPAS file', () => {
    const [header, ...rows] = Papa.parse<string[]>(compasText(), { skipEmptyLines: true }).data;
    const columns = uniqueNames(header!);
    const sample = rows.map((row) => row.map((value): Field => (value.trim() === '' ? null : value.trim())));
    const profiles = profileColumns(columns, sample);
    const byName = (name: string) => profiles.find((profile) => profile.name === name)!;
    // Counts from Python's csv module over the same file.
    assert.equal(byName('id').kind, 'identifier');
    assert.equal(byName('name').kind, 'identifier'); // 7,158 distinct of 7,214
    assert.equal(byName('c_case_number').kind, 'identifier');
    assert.equal(byName('first').kind, 'categorical'); // 2,800 distinct
    assert.equal(byName('sex').kind, 'categorical');
    assert.equal(byName('race').distinct, 6);
    assert.equal(byName('two_year_recid').kind, 'boolean');
    assert.equal(byName('violent_recid').kind, 'empty');
    assert.deepEqual([byName('age').kind, byName('age').min, byName('age').max, byName('age').integer], ['numeric', 18, 96, true]);
    assert.deepEqual([byName('decile_score.1').min, byName('decile_score.1').max], [1, 10]);

    const roles = resolveRoles('compas.csv', profiles, {});
    assert.equal(roles.label, 'two_year_recid');
    assert.equal(roles.score, 'decile_score');
    // age and age_cat describe one attribute: the coded one (3 values against 65) is inferred
    // race and sex first, by the kind their names say (race 0, sex 3, age_cat 6), not the file's order sex, age_cat, race
    assert.deepEqual(roles.sensitive, ['race', 'sex', 'age_cat']);
    assert.deepEqual(roles.warnings, []);
  });
});

describe('column names', () => {
  it('normalizes and splits names into words', () => {
    assert.equal(normalizeName('Y-True'), 'ytrue');
    assert.deepEqual(nameTokens('two_year_recid'), ['two', 'year', 'recid']);
    assert.deepEqual(nameTokens('predictedLabel'), ['predicted', 'label']);
    assert.deepEqual(nameTokens('userID'), ['user', 'id']);
    assert.deepEqual(nameTokens('XMLHttpRequest'), ['xml', 'http', 'request']);
    assert.deepEqual(nameTokens(' decile_score.1 '), ['decile', 'score', '1']);
  });
});

describe('resolveRoles', () => {
  it('infers the roles of the COMPAS header', () => {
    const firstLine = compasText().split(/\r?\n/, 1)[0]!; // the file has CRLF line ends
    const columns = uniqueNames(firstLine.split(','));
    assert.ok(columns.includes('decile_score.1') && columns.includes('priors_count.1'));
    const profiles = profilesFor(columns, {
      id: 'identifier',
      name: 'identifier',
      age: 'numeric',
      decile_score: 'numeric',
      'decile_score.1': 'numeric',
      v_decile_score: 'numeric',
      two_year_recid: 'boolean',
      is_recid: 'boolean',
      is_violent_recid: 'boolean',
      violent_recid: 'empty',
    });
    assert.deepEqual(resolveRoles('compas.csv', profiles, {}), {
      label: 'two_year_recid',
      prediction: undefined,
      score: 'decile_score',
      // age and age_cat describe one attribute; with equal value counts (2 each here) the first stays; race, sex, age by kind
      sensitive: ['race', 'sex', 'age'],
      inferred: [
        { role: 'label', column: 'two_year_recid', reason: "name matches 'two year recid'" },
        { role: 'score', column: 'decile_score', reason: "name matches 'decile score'" },
        { role: 'sensitive', column: 'race', reason: "name matches 'race'" },
        { role: 'sensitive', column: 'sex', reason: "name matches 'sex'" },
        { role: 'sensitive', column: 'age', reason: "name matches 'age'" },
      ],
      warnings: [],
    });
  });

  it("takes the score of the prediction's model in a file of a mitigation's outputs, not the older model's", () => {
    // The columns of a reweighing run's predictions on COMPAS: the input's, then the method's own.
    const columns = ['id', 'sex', 'race', 'decile_score', 'two_year_recid', 'reweighing_prediction', 'reweighing_score'];
    const profiles = profilesFor(columns, {
      id: 'identifier',
      decile_score: 'numeric',
      two_year_recid: 'boolean',
      reweighing_prediction: 'boolean',
      reweighing_score: 'numeric',
    });
    const roles = resolveRoles('predictions.csv', profiles, {});
    assert.equal(roles.prediction, 'reweighing_prediction');
    assert.equal(roles.score, 'reweighing_score');
    // Without a prediction of that model, the best-named score stays.
    const before = resolveRoles('compas.csv', profilesFor(columns.slice(0, 5), { id: 'identifier', decile_score: 'numeric', two_year_recid: 'boolean' }), {});
    assert.equal(before.score, 'decile_score');
  });

  it('takes overridden roles as given and infers none of them', () => {
    const columns = ['sex', 'race', 'decile_score', 'two_year_recid', 'age'];
    const profiles = profilesFor(columns, { decile_score: 'numeric', age: 'numeric' });
    const roles = resolveRoles('f.csv', profiles, { label: 'two_year_recid', score: 'decile_score', sensitive: ['race', 'sex', 'race'] });
    assert.deepEqual(roles, {
      label: 'two_year_recid',
      prediction: undefined,
      score: 'decile_score',
      sensitive: ['race', 'sex'],
      inferred: [],
      warnings: [],
    });
  });

  it('infers the UCI adult roles from hyphenated names', () => {
    const columns = ADULT_COLUMNS;
    const roles = resolveRoles('adult.csv', profilesFor(columns, { age: 'numeric' }), {});
    assert.equal(roles.label, 'income');
    // in the order of their kinds (race, sex, age, marital status, nationality), not the file's (age first)
    assert.deepEqual(roles.sensitive, ['race', 'sex', 'age', 'marital-status', 'native-country']);
  });

  it('ranks sensitive names by their kind, race and sex first (the order a run starts ticking them), and no other name', () => {
    // the places of race, sex, age, marital_status and native_country in the sensitive names' list
    const ranks = ['age', 'marital-status', 'race', 'sex', 'native-country'].map(sensitiveNameRank);
    assert.deepEqual(ranks, [5, 11, 0, 3, 14]);
    assert.equal(sensitiveNameRank('race_desc'), 0, 'a word of the name');
    assert.equal(sensitiveNameRank('age_cat'), 6);
    for (const name of ['income', 'decile_score', 'id', 'two_year_recid']) assert.equal(sensitiveNameRank(name), undefined, name);
  });

  it('gives a name that fits several roles to the score, then the prediction, then the label', () => {
    const columns = ['y', 'y_pred', 'y_score', 'gender'];
    const roles = resolveRoles('f.csv', profilesFor(columns, { y: 'boolean', y_pred: 'boolean', y_score: 'numeric' }), {});
    assert.deepEqual([roles.label, roles.prediction, roles.score], ['y', 'y_pred', 'y_score']);

    const words = resolveRoles('f.csv', profilesFor(['trueLabel', 'predictedLabel', 'race']), {});
    assert.deepEqual([words.label, words.prediction], ['trueLabel', 'predictedLabel']);
    assert.deepEqual(words.inferred.slice(0, 2), [
      { role: 'label', column: 'trueLabel', reason: "name contains the word 'label'" },
      { role: 'prediction', column: 'predictedLabel', reason: "name contains the word 'predicted'" },
    ]);
  });

  it('takes a column named for a decision about each person as the prediction', () => {
    // The header of the cold try's COMPAS decisions file (/work/coldtry/ws11/compas-decisions.csv),
    // whose "detained" column holds yes/no: the decision, not the true outcome.
    const decisions = resolveRoles(
      'compas-decisions.csv',
      profilesFor(['id', 'sex', 'age', 'age_cat', 'race', 'priors_count', 'detained'], {
        id: 'identifier',
        age: 'numeric',
        priors_count: 'numeric',
        detained: 'boolean',
      }),
      {},
    );
    assert.equal(decisions.prediction, 'detained');
    assert.equal(decisions.label, undefined);
    assert.deepEqual(
      decisions.inferred.find((r) => r.role === 'prediction'),
      { role: 'prediction', column: 'detained', reason: "name matches 'detained'" },
    );
    // hand-made names: a deciding verb as a word of the name, beside a true outcome
    const loans = resolveRoles(
      'loans.csv',
      profilesFor(['gender', 'repaid_outcome', 'loan_approved'], { loan_approved: 'boolean', repaid_outcome: 'boolean' }),
      {},
    );
    assert.deepEqual([loans.label, loans.prediction], ['repaid_outcome', 'loan_approved']);
    assert.equal(resolveRoles('hiring.csv', profilesFor(['race', 'hired']), {}).prediction, 'hired');
  });

  it('names the longest matching keyword in the reason', () => {
    const roles = resolveRoles('f.csv', profilesFor(['v_decile_score', 'race'], { v_decile_score: 'numeric' }), {});
    assert.deepEqual(roles.inferred[0], { role: 'score', column: 'v_decile_score', reason: "name contains the words 'decile score'" });
  });

  it('prefers an exact name to a word match and warns when the best matches tie', () => {
    assert.equal(resolveRoles('f.csv', profilesFor(['is_recid', 'two_year_recid']), {}).label, 'two_year_recid');

    const tie = resolveRoles('f.csv', profilesFor(['target', 'race', 'label']), {});
    assert.equal(tie.label, undefined);
    assert.deepEqual(tie.warnings, ['ambiguous label: candidates target, label; pass --label']);
    assert.ok(tie.inferred.every((inference) => inference.role !== 'label'));

    const words = resolveRoles('f.csv', profilesFor(['is_recid', 'violent_recid']), {});
    assert.deepEqual(words.warnings, ['ambiguous label: candidates is_recid, violent_recid; pass --label']);
  });

  it('infers a score only from a numeric column', () => {
    const text = resolveRoles('f.csv', profilesFor(['score']), {});
    assert.equal(text.score, undefined);
    assert.deepEqual(text.warnings, ['score not inferred from "score": the score cannot be a categorical column; pass --score']);

    // A weaker match of the wrong kind is not worth a warning.
    const columns = ['decile_score', 'score_text'];
    const numeric = resolveRoles('f.csv', profilesFor(columns, { decile_score: 'numeric' }), {});
    assert.equal(numeric.score, 'decile_score');
    assert.deepEqual(numeric.warnings, []);
  });

  it('does not infer a label or prediction from identifier or empty columns', () => {
    const roles = resolveRoles('f.csv', profilesFor(['outcome', 'prediction'], { outcome: 'empty', prediction: 'identifier' }), {});
    assert.deepEqual([roles.label, roles.prediction], [undefined, undefined]);
    assert.deepEqual(roles.warnings, [
      'label not inferred from "outcome": the label cannot be an empty column; pass --label',
      'prediction not inferred from "prediction": the prediction cannot be an identifier column; pass --prediction',
    ]);
  });

  it('infers sensitive columns except identifier and empty ones', () => {
    const roles = resolveRoles('f.csv', profilesFor(['race', 'sex', 'Gender', 'ethnic_group'], { race: 'identifier', sex: 'empty' }), {});
    assert.deepEqual(roles.sensitive, ['ethnic_group', 'Gender']);
    assert.deepEqual(roles.inferred, [
      { role: 'sensitive', column: 'ethnic_group', reason: "name contains the word 'ethnic'" },
      { role: 'sensitive', column: 'Gender', reason: "name matches 'gender'" },
    ]);
  });

  it('does not infer an overridden column, or a column named for an overridden role, for another role', () => {
    const roles = resolveRoles('f.csv', profilesFor(['sex', 'race', 'outcome']), { label: 'sex' });
    assert.equal(roles.label, 'sex');
    assert.deepEqual(roles.sensitive, ['race']);
    assert.deepEqual(roles.inferred, [{ role: 'sensitive', column: 'race', reason: "name matches 'race'" }]);
  });

  it('suggests close names for an unknown overridden column', () => {
    const profiles = profilesFor(['race', 'sex', 'age']);
    const error = inputError(() => resolveRoles('f.csv', profiles, { sensitive: ['racee'] }));
    assert.equal(error.detail, 'unknown column "racee"; did you mean "race"?');
    assert.deepEqual(error.location, { file: 'f.csv', column: 'racee' });

    const far = inputError(() => resolveRoles('f.csv', profiles, { label: 'two_year_recid' }));
    assert.equal(far.detail, 'unknown column "two_year_recid"; the columns are: race, sex, age');
  });

  it('rejects a column given two roles', () => {
    const profiles = profilesFor(['y', 'race']);
    const same = inputError(() => resolveRoles('f.csv', profiles, { label: 'y', prediction: 'y' }));
    assert.equal(same.message, 'f.csv, column "y": column "y" cannot be both the label and the prediction');
    const sensitive = inputError(() => resolveRoles('f.csv', profiles, { score: 'y', sensitive: ['race', 'y'] }));
    assert.equal(sensitive.detail, 'column "y" cannot be both the score and a sensitive column');
  });
});

describe('inferPositive', () => {
  it('picks the positive member of each known pair, as spelt', () => {
    assert.equal(inferPositive(['0', '1']), '1');
    assert.equal(inferPositive(['1', '0']), '1');
    assert.equal(inferPositive(['0.0', '1.0']), '1.0');
    assert.equal(inferPositive(['1.0', '0']), '1.0');
    assert.equal(inferPositive(['False', 'True']), 'True');
    assert.equal(inferPositive(['no', 'YES']), 'YES');
    assert.equal(inferPositive(['N', 'Y']), 'Y');
    assert.equal(inferPositive(['f', 't']), 't');
  });

  it('accepts a lone value only when it is a positive spelling', () => {
    assert.equal(inferPositive(['yes']), 'yes');
    assert.equal(inferPositive(['1']), '1');
    assert.equal(inferPositive(['True']), 'True');
    assert.equal(inferPositive(['no']), undefined);
    assert.equal(inferPositive(['0']), undefined);
  });

  it('gives up on anything else', () => {
    assert.equal(inferPositive([]), undefined);
    assert.equal(inferPositive(['a', 'b']), undefined);
    assert.equal(inferPositive(['yes', 'true']), undefined);
    assert.equal(inferPositive(['1', '2']), undefined);
    assert.equal(inferPositive(['>50K', '<=50K']), undefined);
    assert.equal(inferPositive(['0', '1', '2']), undefined);
  });
});

describe('binning', () => {
  it('cuts at the lower order statistic of each quantile', () => {
    // n = 100: cuts at sorted indexes floor(99 k / 4) = 24, 49, 74, holding 25, 50, 75.
    const values = range(1, 100).reverse();
    const edges = quantileEdges(values, 4);
    assert.deepEqual(edges, [25, 50, 75]);
    const sizes = [0, 0, 0, 0];
    for (const value of values) sizes[binIndex(value, edges)]!++;
    assert.deepEqual(sizes, [24, 25, 25, 26]);
  });

  it('gives fewer edges for tied values', () => {
    // Indexes 2, 4, 6 all hold 2.
    assert.deepEqual(quantileEdges([1, 2, 2, 2, 2, 2, 2, 2, 3, 4], 4), [2]);
    // Index 2 holds the minimum, 0: the bin below it would be empty.
    assert.deepEqual(quantileEdges([0, 0, 0, 1, 2, 3, 4, 5, 6, 7], 4), [2, 4]);
    assert.deepEqual(quantileEdges([5, 5, 5], 3), []);
    assert.deepEqual(quantileEdges([], 4), []);
    assert.deepEqual(quantileEdges([1, 2, 3], 1), []);
  });

  it('labels half-open bins, a value on an edge going to the bin above', () => {
    const edges = [25, 45, 65];
    const cases: [number, string, number][] = [
      [-1, '<25', 0],
      [24.9, '<25', 0],
      [25, '[25, 45)', 1],
      [44.99, '[25, 45)', 1],
      [45, '[45, 65)', 2],
      [65, '>=65', 3],
      [100, '>=65', 3],
    ];
    for (const [value, label, index] of cases) {
      assert.equal(binLabel(value, edges), label, `label of ${value}`);
      assert.equal(binIndex(value, edges), index, `index of ${value}`);
    }
  });

  it('prints edges without trailing zeros and has one bin without edges', () => {
    assert.equal(binLabel(1, [0.5, 2.0]), '[0.5, 2)');
    assert.equal(binLabel(3, []), 'all');
    assert.equal(binIndex(3, []), 0);
  });

  it('parses comma-separated edges', () => {
    assert.deepEqual(parseEdges('25,45,65'), [25, 45, 65]);
    assert.deepEqual(parseEdges(' 0.5 , 1e3 '), [0.5, 1000]);
    assert.deepEqual(parseEdges('-10'), [-10]);
  });

  it('rejects edges that are not strictly increasing finite numbers', () => {
    assert.throws(() => parseEdges('25,abc'), {
      message: 'bin edges must be numbers separated by commas, like "25,45,65"; "abc" is not a number',
    });
    assert.throws(() => parseEdges('45,25'), { message: 'bin edges must be strictly increasing; 25 follows 45' });
    assert.throws(() => parseEdges('25,25'), /strictly increasing/);
    assert.throws(() => parseEdges('Infinity'), /"Infinity" is not a number/);
    assert.throws(() => parseEdges('0x10'), /"0x10" is not a number/);
    assert.throws(() => parseEdges('1,,2'), /"" is not a number/);
    assert.throws(() => parseEdges(''), /"" is not a number/);
  });
});

describe('closestNames', () => {
  it('finds names within the edit distance or containing one another, closest first', () => {
    // racee→race 1 (and contains it), →trace 2, →age 3, →sex 4; the tolerance is max(2, 5/3) = 2.
    assert.deepEqual(closestNames('racee', ['sex', 'age', 'trace', 'race']), ['race', 'trace']);
    assert.deepEqual(closestNames('RACE', ['Race_desc', 'race']), ['race', 'Race_desc']);
    assert.deepEqual(closestNames('zzz', ['race', 'sex']), []);
  });

  it('breaks ties by name and keeps at most max names', () => {
    const candidates = ['abcd', 'b', 'abc', 'ab', 'a'];
    assert.deepEqual(closestNames('a', candidates), ['a', 'ab', 'b']);
    assert.deepEqual(closestNames('a', candidates, 10), ['a', 'ab', 'b', 'abc', 'abcd']);
  });

  it('widens the tolerance for long names', () => {
    // Length 15 allows 5 edits: "two_year_recidd" → "twoyearrecidiv" is 4.
    assert.deepEqual(closestNames('two_year_recidd', ['twoyearrecidiv', 'decile_score']), ['twoyearrecidiv']);
  });

  it('words the unknown-column message', () => {
    assert.equal(unknownColumnMessage('ag', ['age', 'sex', 'ago', 'bag']), 'unknown column "ag"; did you mean "age", "ago" or "bag"?');
    const columns = range(1, 13).map((i) => `feature_${i}`);
    assert.equal(unknownColumnMessage('race', columns), `unknown column "race"; the columns are: ${columns.slice(0, 12).join(', ')}, … (13 columns)`);
  });
});
