import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { chooseFeatures, determinationOf, encodingOf, encodingWarnings, fewFeaturesWarnings } from '../../server/src/engine/learners/default-features';
import type { Field } from '../../server/src/engine/table/rows';
import { tableFromRows } from '../../server/src/engine/table/table';
import { reweighing } from '../../server/src/methods/reweighing/command';
import { analyzeTable } from '../../server/src/engine/leakage/analyze';
import { runWithFlags } from '../support/run-with-flags';

const COMPAS = path.join(__dirname, '../../../examples/compas/compas-two-years.csv');

/** Row i of 1,000: a score 1..10, its Low/Medium/High band, an unrelated count, a row id, a label and a group. */
function handTable(edit: (row: Record<string, Field>, i: number) => void = () => {}) {
  const columns = ['id', 'group', 'label', 'score', 'band', 'coarse', 'count', 'constant'];
  const rows = Array.from({ length: 1000 }, (_, i) => {
    const score = (i % 10) + 1;
    const band = score <= 4 ? 'Low' : score <= 7 ? 'Medium' : 'High';
    // coarse: Low for 1-4, High for 5-10, except that scores 3 and 6 swap: overlapping ranges, still a function of score
    const coarse = score === 3 ? 'High' : score === 6 ? 'Low' : score <= 4 ? 'Low' : 'High';
    const row: Record<string, Field> = { id: String(1000 + i), group: i % 2 ? 'a' : 'b', label: String(i % 3 === 0 ? 1 : 0), score: String(score) };
    Object.assign(row, { band, coarse, count: String(i % 7), constant: 'x' });
    edit(row, i);
    return columns.map((name) => row[name] ?? null);
  });
  return tableFromRows(
    'hand.csv',
    columns,
    rows,
    Array.from({ length: rows.length }, (_, i) => i + 2),
  );
}

/** Per value of `band` in the COMPAS file, the smallest and largest `value`, recounted from its lines, by increasing range. */
function compasRanges(band: string, value: string): [string, number, number][] {
  const [header, ...lines] = readFileSync(COMPAS, 'utf8').trimEnd().split('\n');
  const names = header!.split(',');
  const values = new Map<string, number[]>();
  for (const line of lines) {
    const fields = line.split(',');
    const key = fields[names.indexOf(band)]!;
    values.set(key, [...(values.get(key) ?? []), Number(fields[names.indexOf(value)])]);
  }
  return [...values].map(([key, numbers]): [string, number, number] => [key, Math.min(...numbers), Math.max(...numbers)]).sort((a, b) => a[1] - b[1]);
}

describe('default features: a column that encodes the audited score is left out', () => {
  it('leaves out a banding of the score (disjoint ranges), a function of it, the id; keeps the unrelated and constant columns', () => {
    const choice = chooseFeatures(handTable(), { exclude: ['label', 'group'], sensitive: ['group'], audited: ['score'] });
    assert.deepEqual(choice.features, ['count', 'constant']);
    assert.deepEqual(choice.leftOut, [
      { column: 'score', reason: "score left out: it is the audited model's output" },
      { column: 'id', reason: 'id left out: it identifies rows' },
      {
        column: 'band',
        reason: 'band left out: each of its 3 values covers a disjoint range of the audited score (Low: 1–4, Medium: 5–7, High: 8–10), so it encodes score',
      },
      // coarse's ranges overlap (Low covers 1-6, High 3-10), but each score has one coarse value
      { column: 'coarse', reason: 'coarse left out: the audited score determines it' },
    ]);
  });

  it("leaves out a saved row index without a name (pandas' to_csv writes one): column_N, Unnamed: 0, __index_level_0__", () => {
    for (const name of ['column_1', 'Unnamed: 0', '__index_level_0__']) {
      const renamed = chooseFeatures(
        tableFromRows(
          'index.csv',
          [name, 'count'],
          Array.from({ length: 1000 }, (_, i) => [String(i), String(i % 7)]),
          Array.from({ length: 1000 }, (_, i) => i + 2),
        ),
        { exclude: [], sensitive: [], audited: [] },
      );
      assert.deepEqual(renamed.features, ['count'], name);
      assert.deepEqual(renamed.leftOut, [{ column: name, reason: `${name} left out: it identifies rows` }]);
    }
    // a named column of distinct whole numbers is a number (a count, an amount): kept
    const named = chooseFeatures(
      tableFromRows(
        'amounts.csv',
        ['amount'],
        Array.from({ length: 1000 }, (_, i) => [String(i)]),
        Array.from({ length: 1000 }, (_, i) => i + 2),
      ),
      { exclude: [], sensitive: [], audited: [] },
    );
    assert.deepEqual(named.features, ['amount']);
  });

  it('leaves out the columns not to learn from (the editor sends the other sensitive attributes), named once', () => {
    // group is the run's grouping (excluded, not listed); count and group are named not to learn from
    const choice = chooseFeatures(handTable(), {
      exclude: ['label', 'group'],
      sensitive: ['group'],
      audited: ['score'],
      notFeatures: ['count', 'group', 'score'],
    });
    assert.deepEqual(choice.features, ['constant']);
    assert.deepEqual(
      choice.leftOut.map((left) => left.column),
      ['score', 'count', 'id', 'band', 'coarse'],
    );
    assert.equal(choice.leftOut[1]!.reason, 'count left out: a sensitive attribute of the file, or listed not to learn from');
  });

  it("the CLI way: the run's sensitive attribute age_cat alone (no --not-features) leaves out age, which determines it", () => {
    const choice = chooseFeatures(peopleTable(), { exclude: ['label', 'age_cat'], sensitive: ['age_cat'], audited: [] });
    // zone is not sensitive here: region (its determinant) is kept with it
    assert.deepEqual(choice.features, ['region', 'zone', 'district', 'serial']);
    assert.deepEqual(choice.leftOut, [{ column: 'age', reason: 'age left out: it determines age_cat (<25: 18–24, 25-45: 25–45, >45: 46–96)' }]);
  });

  it('allows 0.1% of the rows as exceptions to a dependency: 1 of 1,000 rows, not 2', () => {
    // row 0 has score 1, banded High: band's ranges overlap (High 1-10); score 1's 100 rows are 99 Low and
    // 1 High, so Low keeps 1-4 and the High row is the one exception
    const one = handTable((row, i) => {
      if (i === 0) row['band'] = 'High';
    });
    assert.equal(
      encodingOf(one, 'band', 'score'),
      'each of its 3 values covers a disjoint range of the audited score (Low: 1–4, Medium: 5–7, High: 8–10), so it encodes score but for 1 of 1000 training rows',
    );
    // coarse (score 3 High, 6 Low) with the same one exception: not bands, but still a function of score
    const coarse = handTable((row, i) => {
      if (i === 0) row['coarse'] = 'High';
    });
    assert.equal(encodingOf(coarse, 'coarse', 'score'), 'the audited score determines it but for 1 of 1000 training rows');
    const two = handTable((row, i) => {
      if (i === 0 || i === 1) row['band'] = 'High';
    });
    assert.equal(encodingOf(two, 'band', 'score'), null);
  });

  it('finds a column that determines a categorical audited prediction, and skips missing cells', () => {
    // decision: 4 values, each always the same risk (risk has fewer values, so risk does not determine decision)
    const table = handTable((row, i) => {
      row['band'] = ['A', 'B', 'C', 'D'][i % 4]!;
      row['coarse'] = i % 4 < 2 ? 'low' : 'high';
      if (i === 5) row['band'] = null;
    });
    assert.equal(encodingOf(table, 'band', 'coarse'), 'it determines the audited coarse');
    assert.equal(encodingOf(table, 'count', 'coarse'), null);
  });

  it('uses given features as given, and warns of those that encode an audited column', () => {
    const table = handTable();
    const choice = chooseFeatures(table, { exclude: ['label', 'group'], sensitive: ['group'], audited: ['score'] }, ['band', 'count']);
    assert.deepEqual(choice, { features: ['band', 'count'], leftOut: [] });
    assert.deepEqual(encodingWarnings(table, ['band', 'count', 'score'], ['score']), [
      'the features include band: each of its 3 values covers a disjoint range of the audited score (Low: 1–4, Medium: 5–7, High: 8–10), so it encodes score',
      "the features include the audited model's output score",
    ]);
  });

  it('COMPAS: score_text is left out as a banding of decile_score, priors_count is kept, and the report says why', async () => {
    // score_text's ranges of decile_score recounted from the file (the README's bands: Low 1-4, Medium 5-7, High 8-10)
    assert.deepEqual(compasRanges('score_text', 'decile_score'), [
      ['Low', 1, 4],
      ['Medium', 5, 7],
      ['High', 8, 10],
    ]);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'parity-features-')), 'out');
    const flags = { train: COMPAS, 'test-fraction': '0.3', label: 'two_year_recid', sensitive: 'race', audited: 'decile_score', bootstrap: '0', out };
    const report = await runWithFlags(reweighing, flags);
    assert.deepEqual(report.features!.used, ['sex', 'age', 'age_cat', 'juv_fel_count', 'juv_misd_count', 'priors_count', 'c_charge_degree']);
    assert.deepEqual(
      report.features!.leftOut.map((left) => left.column),
      ['decile_score', 'id', 'score_text'],
    );
    assert.match(
      report.features!.leftOut[2]!.reason,
      /^score_text left out: each of its 3 values covers a disjoint range of the audited decile_score \(Low: 1–4, Medium: 5–7, High: 8–10\)/,
    );
    assert.equal(report.columns.positive, '1');
    assert.deepEqual(report.warnings, []);
    // given features: as given, with a warning for score_text
    const given = await runWithFlags(reweighing, { ...flags, features: 'age,priors_count,score_text', out: `${out}-given` });
    assert.deepEqual(given.features!.used, ['age', 'priors_count', 'score_text']);
    assert.match(given.warnings[0]!, /^the features include score_text: each of its 3 values covers a disjoint range of the audited decile_score/);
  });

  it('COMPAS: with age_cat not learned from, age is left out as its banding, and priors_count is kept', async () => {
    // age's range per age_cat recounted from the file
    const ranges = compasRanges('age_cat', 'age');
    assert.deepEqual(ranges, [
      ['Less than 25', 18, 24],
      ['25 - 45', 25, 44],
      ['Greater than 45', 45, 96],
    ]);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'parity-features-')), 'out');
    const flags = {
      train: COMPAS,
      'test-fraction': '0.3',
      label: 'two_year_recid',
      sensitive: 'race',
      audited: 'decile_score',
      'not-features': 'sex,age_cat',
      bootstrap: '0',
      out,
    };
    const report = await runWithFlags(reweighing, flags);
    assert.deepEqual(report.features!.used, ['juv_fel_count', 'juv_misd_count', 'priors_count', 'c_charge_degree']);
    const age = report.features!.leftOut.find((left) => left.column === 'age');
    assert.equal(age?.reason, `age left out: it determines age_cat (${ranges.map(([band, min, max]) => `${band}: ${min}–${max}`).join(', ')})`);
  });
});

/**
 * Row i of 1,000: an age 18..96 (18 + 37i mod 79: every age, 12 or 13 rows each) and its band
 * age_cat; a region of 20 (i mod 20, 50 rows each) and its zone (region mod 4); a district that is
 * the region but for the rows `moved` (each given the next region's district, another zone); a
 * serial number, all distinct and in no order of age (7919i mod 1000); a label.
 */
function peopleTable(moved: readonly number[] = []) {
  const columns = ['label', 'age', 'age_cat', 'region', 'zone', 'district', 'serial'];
  const rows = Array.from({ length: 1000 }, (_, i) => {
    const age = 18 + ((37 * i) % 79);
    const region = i % 20;
    return [
      String(i % 3 === 0 ? 1 : 0),
      String(age),
      age < 25 ? '<25' : age <= 45 ? '25-45' : '>45',
      `r${region}`,
      `z${region % 4}`,
      `d${moved.includes(i) ? (region + 1) % 20 : region}`,
      String(((7919 * i) % 1000) + 1),
    ];
  });
  return tableFromRows(
    'people.csv',
    columns,
    rows,
    rows.map((_, i) => i + 2),
  );
}

describe('default features: a column that determines one not learned from is left out', () => {
  it('leaves out a banding (age of age_cat) and a coarsening (region of zone); keeps a serial number and a mapping with 2 exceptions', () => {
    // the editor's way: the run's attribute age_cat is excluded, and every sensitive attribute is sent as not to learn from
    const choice = chooseFeatures(peopleTable([0, 1]), {
      exclude: ['label', 'age_cat'],
      sensitive: ['age_cat'],
      audited: [],
      notFeatures: ['age_cat', 'zone'],
    });
    assert.deepEqual(choice.features, ['district', 'serial']);
    assert.deepEqual(choice.leftOut, [
      { column: 'zone', reason: 'zone left out: a sensitive attribute of the file, or listed not to learn from' },
      // ages 18-24 are <25, 25-45 are 25-45, 46-96 are >45 (by construction)
      { column: 'age', reason: 'age left out: it determines age_cat (<25: 18–24, 25-45: 25–45, >45: 46–96)' },
      { column: 'region', reason: 'region left out: it determines zone (each of its 20 values has one zone value)' },
    ]);
  });

  it('allows 0.1% of the rows as exceptions: a district with 1 moved row of 1,000 is left out, with 2 kept', () => {
    // row 0 (region 0, zone z0) moved to district d1, whose other 50 rows are zone z1
    assert.equal(
      determinationOf(peopleTable([0]), 'district', 'zone'),
      'it determines zone (each of its 20 values has one zone value; but for 1 of 1000 training rows)',
    );
    assert.equal(determinationOf(peopleTable([0, 1]), 'district', 'zone'), null);
  });

  it('does not take an identifier-like column for a coarsening: values seen fewer than 5 times, or more than 50 of them', () => {
    const table = peopleTable();
    // serial: 1,000 distinct numbers, each age_cat spread over all of them; as text, each value once
    assert.equal(determinationOf(table, 'serial', 'age_cat'), null);
    assert.equal(determinationOf(table, 'serial', 'zone'), null);
    // the first 40 rows: 20 regions of 2 rows each, every one a single zone, but too few rows to tell
    const few = tableFromRows(
      'few.csv',
      ['region', 'zone'],
      Array.from({ length: 40 }, (_, i) => [`r${i % 20}`, `z${i % 4}`]),
      Array.from({ length: 40 }, (_, i) => i + 2),
    );
    assert.equal(determinationOf(few, 'region', 'zone'), null);
  });
});

describe('the leakage check leaves the audited score and its encodings out of the candidate proxies', () => {
  it('names them instead: the score, its banding and the function of it, by the same rule as the features', () => {
    const result = analyzeTable(handTable(), { sensitive: ['group'], label: 'label', audited: ['score'], joint: false });
    assert.deepEqual(result.candidates, ['id', 'count', 'constant']);
    assert.deepEqual(result.audited, [{ column: 'score' }, { column: 'band', encodes: 'score' }, { column: 'coarse', encodes: 'score' }]);
    assert.deepEqual([...new Set(result.columns.map((c) => c.column))], ['id', 'count', 'constant']);
    assert.equal(analyzeTable(handTable(), { sensitive: ['group'], label: 'label', joint: false }).audited, undefined, 'none given: none named');
    // the score the last column left: nothing to check, no error (a file of sensitive, label and prediction columns)
    const onlyScore = tableFromRows(
      'few.csv',
      ['group', 'label', 'score'],
      Array.from({ length: 40 }, (_, i) => [i % 2 ? 'a' : 'b', String(i % 3 === 0 ? 1 : 0), String(i % 10)]),
      Array.from({ length: 40 }, (_, i) => i + 2),
    );
    const nothing = analyzeTable(onlyScore, { sensitive: ['group'], label: 'label', audited: ['score'] });
    assert.deepEqual([nothing.candidates, nothing.columns, nothing.joint], [[], [], []]);
  });
});

describe('default features: the label is never the audited output, and too few features are warned of', () => {
  it("does not list the label as the audited model's output, nor leave out what it determines, when --audited names it too", () => {
    // the hand table's label is given as audited as well (an inferred decision picked as the label): the
    // choice is the one without it (the first test above): count and constant kept, score, id, band, coarse left out
    const choice = chooseFeatures(handTable(), { exclude: ['label', 'group'], sensitive: ['group'], audited: ['label', 'score'] });
    assert.deepEqual(choice.features, ['count', 'constant']);
    assert.deepEqual(
      choice.leftOut.map((left) => left.column),
      ['score', 'id', 'band', 'coarse'],
    );
  });

  it('warns when the default leaves one column to learn from, naming it and the fix in the editor and on the command line', () => {
    // count marked not to learn from: constant alone is left (the leftOut order of the test above)
    const one = chooseFeatures(handTable(), { exclude: ['label', 'group'], sensitive: ['group'], audited: ['score'], notFeatures: ['count'] });
    assert.deepEqual(fewFeaturesWarnings(one), [
      'the model learns from only constant: the default features left out score, count, id, band, coarse (see Left out); ' +
        'to learn from more, choose them under "Feature columns" in Run Mitigation\'s questions (on the command line: --features)',
    ]);
    assert.deepEqual(fewFeaturesWarnings(chooseFeatures(handTable(), { exclude: ['label', 'group'], sensitive: ['group'], audited: ['score'] })), []);
    // a file with no other column: nothing left out, nothing more to choose
    const single = tableFromRows(
      'single.csv',
      ['label', 'group', 'count'],
      Array.from({ length: 100 }, (_, i) => [String(i % 2), i % 3 ? 'a' : 'b', String(i % 7)]),
      Array.from({ length: 100 }, (_, i) => i + 2),
    );
    const alone = chooseFeatures(single, { exclude: ['label', 'group'], sensitive: ['group'], audited: [] });
    assert.deepEqual(alone, { features: ['count'], leftOut: [] });
    assert.deepEqual(fewFeaturesWarnings(alone), []);
  });

  it("a run on a file like the cold try's compas-decisions.csv: detained the label (and --audited), priors_count alone left, and warned", async () => {
    // 300 hand-made rows: id a row number, age_cat a banding of age (so age determines it), detained yes
    // when priors_count + i mod 4 > 7; race the groups, sex and age_cat not to learn from (the editor's)
    const lines = ['id,sex,age,age_cat,race,priors_count,detained'];
    for (let i = 0; i < 300; i++) {
      const age = 18 + ((i * 7) % 60);
      const ageCat = age < 25 ? 'Less than 25' : age <= 44 ? '25 - 45' : 'Greater than 45';
      const priors = (i * 5) % 11;
      lines.push([1000 + i, i % 2 ? 'Male' : 'Female', age, ageCat, i % 3 === 0 ? 'A' : 'B', priors, priors + (i % 4) > 7 ? 'yes' : 'no'].join(','));
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-decisions-'));
    const train = path.join(dir, 'compas-decisions.csv');
    writeFileSync(train, `${lines.join('\n')}\n`);
    const flags = {
      train,
      'test-fraction': '0.3',
      label: 'detained',
      sensitive: 'race',
      audited: 'detained',
      'not-features': 'sex,age_cat',
      bootstrap: '0',
      out: path.join(dir, 'out'),
    };
    const report = await runWithFlags(reweighing, flags);
    assert.deepEqual(report.features!.used, ['priors_count']);
    assert.deepEqual(
      report.features!.leftOut.map((left) => left.column),
      ['sex', 'age_cat', 'id', 'age'],
    );
    assert.equal(report.warnings.length, 1, report.warnings.join('\n'));
    assert.match(report.warnings[0]!, /^the model learns from only priors_count: the default features left out sex, age_cat, id, age \(see Left out\)/);
  });
});
