// Configure Columns' positive outcome of a numeric label without the editor: what typed text or a
// chosen cut saves, what is refused and why, and how the summary words it. Expected values are
// written out by hand from the hand column below.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { draftOptions, startingDraft, summaryRows, type DraftRole } from '../../client/src/columns-draft';
import { cutFromNumber, offersCut, positiveSummary, suggestedCut, typedPositive } from '../../client/src/positive-choice';
import { columnsSummary } from '../../client/src/reference-groups';
import type { ColumnsResult } from '../../common/protocol';

/** A 0–20 grade whose rows read 4, 9, 10, 15 (median 9: two of four rows are at most 9), and a sex column. */
const grade = { name: 'G3', kind: 'numeric', distinct: 4, examples: ['4', '9'], values: ['4', '9', '10', '15'], min: 4, max: 15, median: 9 };
const sex = {
  name: 'sex',
  kind: 'binary',
  distinct: 2,
  examples: ['F', 'M'],
  values: ['F', 'M'],
  groups: [
    { value: 'F', rows: 2 },
    { value: 'M', rows: 2 },
  ],
};

describe('the positive outcome typed or chosen for a numeric label', () => {
  it('offers a cut for a numeric label of more than two values only', () => {
    assert.equal(offersCut(grade), true);
    assert.equal(offersCut(sex), false);
    assert.equal(offersCut({ ...grade, distinct: 2 }), false);
  });

  it('takes a typed cut as it is, in one spelling, and a typed value of the label as that value', () => {
    assert.deepEqual(typedPositive('>=10', grade), { positive: '>=10' });
    assert.deepEqual(typedPositive(' ≥ 10 ', grade), { positive: '>=10' });
    assert.deepEqual(typedPositive('>9.5', grade), { positive: '>9.5' });
    assert.deepEqual(typedPositive('10', grade), { positive: '10' });
    // a value the label does not have filters the list instead
    assert.equal(typedPositive('11', grade), undefined);
    assert.equal(typedPositive('', grade), undefined);
  });

  it('refuses a reversed operator, a cut of a word column, and a cut that leaves every row on one side', () => {
    assert.match((typedPositive('=>10', grade) as { problem: string }).problem, /write ">=10"/);
    assert.match((typedPositive('>=1', sex) as { problem: string }).problem, /sex .*cannot be cut/);
    // 4 to 15: ≥ 4 takes every row, > 15 none; ≥ 15 and > 4 keep both sides
    assert.ok('problem' in typedPositive('>=4', grade)!);
    assert.ok('problem' in typedPositive('>15', grade)!);
    assert.deepEqual(typedPositive('>=15', grade), { positive: '>=15' });
    assert.deepEqual(typedPositive('>4', grade), { positive: '>4' });
  });

  it('turns "at least…" and the number typed into the saved cut, suggesting the median', () => {
    assert.equal(suggestedCut(grade), 9);
    // without a median (more than 20 values), the middle of the range: (4 + 15) / 2
    assert.equal(suggestedCut({ ...grade, median: undefined }), 9.5);
    // rounded to a hundredth of the width's power of ten (whole numbers at the coarsest): law_data's ZFYA runs from -3.35 to 3.48 (its extremes read with awk), (−3.35 + 3.48) / 2 = 0.065
    const zfya = { name: 'ZFYA', kind: 'numeric', distinct: 2000, examples: [], min: -3.35, max: 3.48 };
    assert.equal((-3.35 + 3.48) / 2, 0.06499999999999995, 'what the placeholder said');
    assert.equal(suggestedCut(zfya), 0.06);
    assert.equal(suggestedCut({ ...zfya, min: 0, max: 1 }), 0.5);
    assert.equal(suggestedCut({ ...zfya, min: 1000, max: 250_000 }), 125_500);
    assert.deepEqual(cutFromNumber('>=', '10', grade), { positive: '>=10' });
    assert.deepEqual(cutFromNumber('>', ' 10 ', grade), { positive: '>10' });
    assert.match((cutFromNumber('>=', 'ten', grade) as { problem: string }).problem, /Type a number, e\.g\. 9/);
    assert.match((cutFromNumber('>=', '30', grade) as { problem: string }).problem, /G3 runs from 4 to 15/);
  });

  it('words a saved cut "G3 ≥ 10" in the summary row and in the saved message, a value as it is', () => {
    assert.equal(positiveSummary('G3', '>=10'), 'G3 ≥ 10');
    assert.equal(positiveSummary('G3', '11'), '11');
    const found: ColumnsResult = { columns: [grade, sex], inferred: [], rowsRead: 4, wholeFile: true };
    const saved = { label: 'G3', positive: '>=10', sensitive: ['sex'], exactRoles: true };
    const draft = startingDraft(saved, found);
    const row = summaryRows(draft, found, new Set<DraftRole>(), saved).find((r) => r.role === 'positive');
    assert.deepEqual([row?.label, row?.value, row?.source], ['Positive value', 'G3 ≥ 10', 'saved']);
    assert.equal(draftOptions(draft).positive, '>=10');
    assert.match(columnsSummary(saved), /label G3 \(positive: G3 ≥ 10\)/);
  });

  it('lists the positive row for a numeric label of more than 20 values (no value list), so a cut can be set', () => {
    const income = { name: 'income', kind: 'numeric', distinct: 900, examples: ['52000'], min: 0, max: 250000 };
    const found: ColumnsResult = { columns: [income, sex], inferred: [], rowsRead: 900, wholeFile: true };
    const draft = startingDraft({ label: 'income', sensitive: ['sex'], exactRoles: true }, found);
    const row = summaryRows(draft, found, new Set<DraftRole>(), undefined).find((r) => r.role === 'positive');
    assert.equal(row?.value, 'not inferred: choose one');
  });
});
