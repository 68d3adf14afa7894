import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../server/src/engine/errors';
import { chooseFeatures, MAX_FEATURE_VALUES } from '../../server/src/engine/learners/default-features';
import { fitFeatureEncoding, MAX_MODEL_INPUTS } from '../../server/src/engine/learners/features';
import { tableFromRows } from '../../server/src/engine/table/table';
import { reweighing } from '../../server/src/methods/reweighing/command';
import { SHARED_DATA } from '../support/adult';
import { runWithFlags } from '../support/run-with-flags';

/** `rows` rows: a text column with `wide` values (w0, w1, … cycling), one with `narrow`, a number, a label and a group. */
function table(rows: number, wide: number, narrow: number) {
  return tableFromRows(
    'wide.csv',
    ['wide', 'narrow', 'x', 'label', 'group'],
    Array.from({ length: rows }, (_, i) => [`w${i % wide}`, `n${i % narrow}`, String(i % 7), String(i % 2), i % 3 ? 'a' : 'b']),
    Array.from({ length: rows }, (_, i) => i + 2),
  );
}

describe('model inputs stay bounded', () => {
  it(`leaves out a text column of more than ${MAX_FEATURE_VALUES} values by default, keeps one of ${MAX_FEATURE_VALUES}`, () => {
    // 1,000 rows: 101 and 100 values, each far from the 95% distinct share that makes an identifier
    const choice = chooseFeatures(table(1000, MAX_FEATURE_VALUES + 1, MAX_FEATURE_VALUES), { exclude: ['label', 'group'], sensitive: ['group'], audited: [] });
    assert.deepEqual(choice.features, ['narrow', 'x']);
    assert.deepEqual(choice.leftOut, [{ column: 'wide', reason: 'wide left out: 101 distinct text values, one model input each' }]);
  });

  it(`refuses given features of more than ${MAX_MODEL_INPUTS} model inputs in one line, naming the widest column; takes exactly ${MAX_MODEL_INPUTS}`, () => {
    // one input per text value, one per number: 1,999 + 1 = 2,000 is taken, 2,000 + 1 is not
    assert.equal(
      fitFeatureEncoding(table(4000, MAX_MODEL_INPUTS - 1, 2), ['wide', 'x']).columns.reduce((n, c) => n + (c.kind === 'numeric' ? 1 : c.categories.length), 0),
      MAX_MODEL_INPUTS,
    );
    assert.throws(
      () => fitFeatureEncoding(table(4000, MAX_MODEL_INPUTS, 2), ['wide', 'x', 'narrow']),
      (e: unknown) =>
        e instanceof InputError &&
        e.message ===
          'wide.csv: the features make 2,003 model inputs, more than 2,000 (one per value of a text column: wide 2,000, narrow 2): leave the columns with many values out of the features',
    );
  });

  it("ProPublica's COMPAS file (53 columns: names, dates, case numbers, charge texts) fits on its numbers and short codes", async () => {
    // before the bound, its one-hot encoding had about 25,000 inputs: the fit ran for minutes in 6 GB
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'parity-inputs-')), 'out');
    const file = path.join(SHARED_DATA, 'compas-scores-two-years.csv.gz');
    // no held-out share: the features are chosen on all 7,214 rows, whose distinct values are recounted below
    const report = await runWithFlags(reweighing, { train: file, label: 'two_year_recid', sensitive: 'race', bootstrap: '0', out });
    const reasons = new Map(report.features!.leftOut.map((left) => [left.column, left.reason]));
    // distinct non-empty values in the file (7,214 rows, all profiled), recounted with Python's csv module: dob 5,452 dates, c_charge_desc 437 texts (29 rows empty)
    assert.equal(reasons.get('dob'), 'dob left out: 5,452 distinct text values, one model input each');
    assert.equal(reasons.get('c_charge_desc'), 'c_charge_desc left out: 437 distinct text values, one model input each');
    assert.equal(reasons.get('name'), 'name left out: it identifies rows');
    // vr_charge_desc has 83: kept
    assert.ok(report.features!.used.includes('vr_charge_desc'));
  });
});
