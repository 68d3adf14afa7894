// Configure Columns' summary without the editor: where it starts, which roles it lists and what
// each row says, and what it saves. Expected values are written out by hand from the inputs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decisionCondition, draftOptions, missingRole, pickedRole, startingDraft, summaryRows, type DraftRole } from '../../client/src/columns-draft';
import { positiveMeansNoun } from '../../client/src/positive-noun';
import type { ColumnsResult } from '../../common/protocol';

/** A COMPAS-like file: a 0/1 label, a 1-10 score, race (3 groups) and sex (2). */
const found: ColumnsResult = {
  columns: [
    { name: 'two_year_recid', kind: 'binary', distinct: 2, examples: ['0', '1'], values: ['0', '1'], positive: '1', min: 0, max: 1 },
    { name: 'decile_score', kind: 'numeric', distinct: 10, examples: ['1', '2'], min: 1, max: 10 },
    {
      name: 'race',
      kind: 'categorical',
      distinct: 3,
      examples: ['A', 'B', 'C'],
      values: ['A', 'B', 'C'],
      groups: [
        { value: 'A', rows: 6 },
        { value: 'B', rows: 4 },
        { value: 'C', rows: 2 },
      ],
    },
    {
      name: 'sex',
      kind: 'binary',
      distinct: 2,
      examples: ['M', 'F'],
      values: ['M', 'F'],
      groups: [
        { value: 'M', rows: 7 },
        { value: 'F', rows: 5 },
      ],
    },
  ],
  inferred: [
    { role: 'label', column: 'two_year_recid', reason: "name matches 'two year recid'" },
    { role: 'score', column: 'decile_score', reason: "name matches 'score'" },
    { role: 'sensitive', column: 'race', reason: "name matches 'race'" },
    { role: 'sensitive', column: 'sex', reason: "name matches 'sex'" },
  ],
  rowsRead: 12,
  wholeFile: true,
};

const none = new Set<DraftRole>();
const rowsOf = (rows: ReturnType<typeof summaryRows>) => rows.map((row) => [row.label, row.value, row.source]);

/** A categorical column of two groups, of 3 and 2 rows (the hand-made files below have 5 rows). */
function twoGroups(name: string, first: string, second: string): ColumnsResult['columns'][number] {
  const values = [first, second];
  return {
    name,
    kind: 'categorical',
    distinct: 2,
    examples: values,
    values,
    groups: [
      { value: first, rows: 3 },
      { value: second, rows: 2 },
    ],
  };
}

describe('Configure Columns: the summary', () => {
  it('starts on the inferred roles of a file never configured, each row saying why, and "not stated" for what a positive prediction means', () => {
    const draft = startingDraft(undefined, found);
    assert.deepEqual(rowsOf(summaryRows(draft, found, none, undefined)), [
      ['Label (true outcome)', 'two_year_recid', "inferred: name matches 'two year recid'"],
      ['Positive value', '1', 'inferred: from the values of two_year_recid'],
      ['Prediction', '(none)', ''],
      ['Score', 'decile_score', "inferred: name matches 'score'"],
      // a 1-10 score without a prediction needs a threshold: the audit asks it
      ['Decision threshold', 'not set: asked at the audit', ''],
      ['Sensitive attributes', 'race, sex', 'inferred: from their names'],
      ['Reference groups', 'largest group of each', ''],
      ['A positive prediction is', 'not stated', ''],
    ]);
  });

  it('starts on the suggested label when no name says which column is the label, and says it is suggested', () => {
    // hand-made: a student file whose last column, the grade G3, is suggested (suggestedLabel's rule)
    const grades: ColumnsResult = {
      columns: [
        twoGroups('sex', 'F', 'M'),
        { name: 'G3', kind: 'numeric', distinct: 3, examples: ['11', '9', '15'], values: ['9', '11', '15'], min: 9, max: 15, median: 11 },
      ],
      inferred: [{ role: 'sensitive', column: 'sex', reason: "name matches 'sex'" }],
      suggestedLabel: { column: 'G3', reason: "the file's last column, where the outcome usually is" },
      rowsRead: 5,
      wholeFile: true,
    };
    const draft = startingDraft(undefined, grades);
    assert.equal(draft.label, 'G3');
    assert.deepEqual(rowsOf(summaryRows(draft, grades, none, undefined))[0], [
      'Label (true outcome)',
      'G3',
      "suggested: the file's last column, where the outcome usually is",
    ]);
    // a saved "(none)" stays none; a label changed to another column says changed
    assert.equal(startingDraft({ sensitive: ['sex'], exactRoles: true }, grades).label, null);
    assert.equal(rowsOf(summaryRows({ ...draft, label: 'sex' }, grades, new Set(['label']), undefined))[0]![2], 'changed');
  });

  it('keeps a decision inferred as the prediction out of the label it is suggested for, and gives it up when picked as the label', () => {
    // hand-made, after the cold try's compas-decisions.csv: "detained" yes/no, inferred as the decision and suggested as the label
    const decisions: ColumnsResult = {
      columns: [
        twoGroups('race', 'A', 'B'),
        { name: 'detained', kind: 'boolean', distinct: 2, examples: ['no', 'yes'], values: ['no', 'yes'], positive: 'yes' },
      ],
      inferred: [
        { role: 'prediction', column: 'detained', reason: "name matches 'detained'" },
        { role: 'sensitive', column: 'race', reason: "name matches 'race'" },
      ],
      suggestedLabel: { column: 'detained', reason: 'named like a decision; pick it if it holds the true outcomes' },
      rowsRead: 5,
      wholeFile: true,
    };
    const draft = startingDraft(undefined, decisions);
    // the audit of decisions without a label, as inferred: one column is not both
    assert.deepEqual([draft.label, draft.prediction], [null, 'detained']);
    assert.deepEqual(pickedRole(draft, 'label', 'detained'), { label: 'detained', prediction: null });
    assert.deepEqual(pickedRole(draft, 'label', 'race'), { label: 'race' });
    assert.deepEqual(pickedRole(draft, 'prediction', null), { prediction: null });
  });

  it('starts on a saved configuration, "(none)" kept, and lists only the roles that apply to it', () => {
    // race=Z: a reference to a group the file does not have is dropped
    const saved = {
      label: 'two_year_recid',
      positive: '1',
      prediction: 'decile_score',
      sensitive: ['sex', 'race'],
      reference: ['sex=F', 'race=Z'],
      positiveMeans: 'harm' as const,
      exactRoles: true,
    };
    const draft = startingDraft(saved, found);
    assert.equal(draft.score, null, 'a saved "(none)" is not inferred again');
    assert.deepEqual(draft.reference, { sex: 'F' });
    const rows = summaryRows(draft, found, new Set(['sensitive']), saved);
    assert.deepEqual(rowsOf(rows), [
      ['Label (true outcome)', 'two_year_recid', 'saved'],
      ['Positive value', '1', 'saved'],
      ['Prediction', 'decile_score', 'saved'],
      ['Score', '(none)', 'saved'],
      ['Sensitive attributes', 'sex, race', 'changed'],
      ['Reference groups', 'sex: F; the others: largest group', 'saved'],
      ['A positive prediction is', 'harmful', 'saved'],
    ]);
  });

  it('words the meaning of a positive label alone as the audit header does: "A positive label is"', () => {
    // two_year_recid with neither a prediction nor a score: a dataset audit of the label
    const draft = { ...startingDraft(undefined, found), score: null };
    const last = rowsOf(summaryRows(draft, found, none, undefined)).at(-1);
    assert.deepEqual(last, ['A positive label is', 'not stated', '']);
    assert.equal(positiveMeansNoun({ label: 'two_year_recid', prediction: 'p', score: null }), 'prediction');
    assert.equal(positiveMeansNoun({ label: null, prediction: null, score: 'decile_score' }), 'prediction');
  });

  it('without a label, asks what a positive decision means once the decision is known, and saves the answer', () => {
    const draft = { ...startingDraft(undefined, found), label: null, positiveMeans: 'harm' as const };
    const meaningRow = (d: typeof draft) => rowsOf(summaryRows(d, found, none, undefined)).find((row) => row[0] === 'A positive prediction is');
    // a 1-10 score with no threshold yet: no decision to ask about
    assert.equal(meaningRow(draft), undefined);
    const byName = new Map(found.columns.map((column) => [column.name, column]));
    assert.equal(decisionCondition({ ...draft, threshold: 7 }, byName), 'decile_score ≥ 7');
    assert.deepEqual(meaningRow({ ...draft, threshold: 7 }), ['A positive prediction is', 'harmful', '']);
    // a 0/1 prediction: its positive value is the decision
    assert.equal(decisionCondition({ ...draft, prediction: 'two_year_recid', score: null }, byName), 'two_year_recid = 1');
    assert.deepEqual(draftOptions({ ...draft, threshold: 7 }), {
      positiveMeans: 'harm',
      score: 'decile_score',
      threshold: 7,
      sensitive: ['race', 'sex'],
      exactRoles: true,
    });
  });

  it('saves every role explicitly, "(none)" and what a positive prediction means included', () => {
    const draft = { ...startingDraft(undefined, found), threshold: 5, positiveMeans: 'harm' as const, reference: { race: 'B', zip: 'X' } };
    assert.deepEqual(draftOptions(draft), {
      label: 'two_year_recid',
      positiveMeans: 'harm',
      score: 'decile_score',
      threshold: 5,
      sensitive: ['race', 'sex'],
      reference: ['race=B'],
      exactRoles: true,
    });
    // no label: neither a positive value nor its meaning is saved
    assert.deepEqual(draftOptions({ ...draft, label: null, positive: '1', prediction: null, score: null }), {
      sensitive: ['race', 'sex'],
      reference: ['race=B'],
      exactRoles: true,
    });
  });
});

describe('Use these: a role the audit cannot do without is asked before saving', () => {
  const draft = { ...startingDraft(undefined, found), label: 'two_year_recid', score: 'decile_score', prediction: null, sensitive: ['race'] };
  it('saves a label with its score, or a label alone', () => {
    assert.equal(missingRole(draft), undefined);
    assert.equal(missingRole({ ...draft, score: null }), undefined);
  });
  it('saves a score without a label: its decisions’ selection rates are audited', () => {
    assert.equal(missingRole({ ...draft, label: null }), undefined);
  });
  it('no sensitive attribute points to the sensitive row first', () => {
    assert.equal(missingRole({ ...draft, label: null, sensitive: [] })?.role, 'sensitive');
  });
});
