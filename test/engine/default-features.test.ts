import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { chooseFeatures, encodingOf, encodingWarnings } from '../../server/src/engine/learners/default-features';
import type { Field } from '../../server/src/engine/table/rows';
import { tableFromRows } from '../../server/src/engine/table/table';
import { reweighing } from '../../server/src/methods/reweighing/command';
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

describe('default features: a column that encodes the audited score is left out', () => {
  it('leaves out a banding of the score (disjoint ranges), a function of it, the id; keeps the unrelated and constant columns', () => {
    const choice = chooseFeatures(handTable(), { exclude: ['label', 'group'], audited: ['score'] });
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

  it('leaves out the columns not to learn from (the editor sends the other sensitive attributes), named once', () => {
    // group is the run's grouping (excluded, not listed); count and group are named not to learn from
    const choice = chooseFeatures(handTable(), { exclude: ['label', 'group'], audited: ['score'], notFeatures: ['count', 'group', 'score'] });
    assert.deepEqual(choice.features, ['constant']);
    assert.deepEqual(
      choice.leftOut.map((left) => left.column),
      ['score', 'count', 'id', 'band', 'coarse'],
    );
    assert.equal(choice.leftOut[1]!.reason, 'count left out: listed among the columns not to learn from');
  });

  it('allows 0.1% of the rows as exceptions to a dependency: 1 of 1,000 rows, not 2', () => {
    // row 0 has score 1, banded High: band's ranges overlap (High 1-10), score → band has 1 exception
    const one = handTable((row, i) => {
      if (i === 0) row['band'] = 'High';
    });
    assert.equal(encodingOf(one, 'band', 'score'), 'the audited score determines it but for 1 of 1000 training rows');
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
    const choice = chooseFeatures(table, { exclude: ['label', 'group'], audited: ['score'] }, ['band', 'count']);
    assert.deepEqual(choice, { features: ['band', 'count'], leftOut: [] });
    assert.deepEqual(encodingWarnings(table, ['band', 'count', 'score'], ['score']), [
      'the features include band: each of its 3 values covers a disjoint range of the audited score (Low: 1–4, Medium: 5–7, High: 8–10), so it encodes score',
      "the features include the audited model's output score",
    ]);
  });

  it('COMPAS: score_text is left out as a banding of decile_score, priors_count is kept, and the report says why', async () => {
    // score_text's ranges of decile_score recounted from the file (the README's bands: Low 1-4, Medium 5-7, High 8-10)
    const [header, ...lines] = readFileSync(COMPAS, 'utf8').trimEnd().split('\n');
    const names = header!.split(',');
    const ranges = new Map<string, number[]>();
    for (const line of lines) {
      const fields = line.split(',');
      const band = fields[names.indexOf('score_text')]!;
      ranges.set(band, [...(ranges.get(band) ?? []), Number(fields[names.indexOf('decile_score')])]);
    }
    assert.deepEqual(
      [...ranges].map(([band, scores]) => [band, Math.min(...scores), Math.max(...scores)]).sort((a, b) => Number(a[1]) - Number(b[1])),
      [
        ['Low', 1, 4],
        ['Medium', 5, 7],
        ['High', 8, 10],
      ],
    );
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
});
