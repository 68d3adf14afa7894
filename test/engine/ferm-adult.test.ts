import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { encodeFeatures, fitFeatureEncoding } from '../../server/src/engine/mitigation/features';
import { defaultGrid, fermDecisionValues, FermLearner, FermProblem, fitFerm, SelectionRule, selectSettings, unfairness } from '../../server/src/engine/methods/ferm/ferm';
import { orderGroups } from '../../server/src/engine/methods/ferm/projection';
import { binaryColumn, groupColumn, Table } from '../../server/src/engine/table/table';
import { adultTables } from '../support/adult';
import { AUTHORS_FEATURES, authorsAdult } from '../support/adult-ordinal';

interface Rows {
  rows: Float64Array[];
  labels: Uint8Array;
  groups: string[];
}

/** Encodes train and test with the encoding fitted on the training rows (numeric standardized, categorical one-hot). */
function prepare(train: Table, test: Table, features?: string[]): { train: Rows; test: Rows } {
  const encoding = fitFeatureEncoding(train, ['income', 'sex'], features);
  const split = (table: Table): Rows => ({ rows: encodeFeatures(encoding, table).rows, labels: binaryColumn(table, 'income', '>50K').values, groups: groupColumn(table, ['sex']) });
  return { train: split(train), test: split(test) };
}

/** Model selection by 3-fold CV, refit on the (sub)sampled training rows, then test accuracy and DEO = |TPR_Male − TPR_Female|. */
function run(data: { train: Rows; test: Rows }, learner: FermLearner, fair: boolean, rule: SelectionRule, every = 1) {
  const keep = [...data.train.rows.keys()].filter((i) => i % every === 0);
  const labels = Uint8Array.from(keep, (i) => data.train.labels[i]!);
  const groups = keep.map((i) => data.train.groups[i]!);
  const problem: FermProblem = { rows: keep.map((i) => data.train.rows[i]!), labels, groups, order: orderGroups(groups, labels, 'equal-opportunity', 'adult.data'), fairness: 'equal-opportunity', learner };
  const { settings } = selectSettings(problem, defaultGrid(learner), fair, 0, undefined, rule);
  const fit = fitFerm(problem, settings, fair);
  const predictions = Uint8Array.from(fermDecisionValues(fit, data.test.rows), (v) => (v >= 0 ? 1 : 0));
  const accuracy = predictions.reduce((s, p, i) => s + (p === data.test.labels[i] ? 1 : 0), 0) / predictions.length;
  return { settings, accuracy, deo: unfairness(predictions, data.test.labels, data.test.groups, 'equal-opportunity') };
}

// Reference figures: ../shared/docs/algorithms.md section 2 (the authors' published code).
// Parity's encoding (one-hot) and even the authors' preparation reach a higher accuracy than the
// published 0.808 / 0.796 (see docs/results/ferm.md), so accuracy is checked as "not more than
// 1.5 points below the reference"; DEO is checked against its bound.
describe('FERM on UCI Adult, fixed train/test split, sensitive "sex"', () => {
  let tables: { train: Table; test: Table };
  before(async () => {
    tables = await adultTables();
  });

  it('Parity encoding: linear SVM and linear FERM accuracy ≥ reference − 1.5 points, FERM DEO ≤ 0.045 and below the plain SVM', () => {
    const data = prepare(tables.train, tables.test);
    const plain = run(data, 'linear-svm', false, 'fair');
    const fair = run(data, 'linear-svm', true, 'fair');
    console.log('one-hot: linear SVM', plain, 'linear FERM', fair);
    assert.ok(plain.accuracy >= 0.808 - 0.015, `linear SVM accuracy ${plain.accuracy}`);
    assert.ok(fair.accuracy >= 0.796 - 0.015, `linear FERM accuracy ${fair.accuracy}`);
    assert.ok(fair.deo <= 0.045, `linear FERM DEO ${fair.deo}`);
    assert.ok(fair.deo < plain.deo / 2, `FERM DEO ${fair.deo} vs SVM ${plain.deo}`);
  });

  it("the authors' preparation (ordinal codes): plain SVM DEO near the published 0.109, FERM DEO ≤ 0.045", () => {
    const authors = authorsAdult(tables.train, tables.test);
    const data = prepare(authors.train, authors.test, AUTHORS_FEATURES);
    const plain = run(data, 'linear-svm', false, 'fair');
    const fair = run(data, 'linear-svm', true, 'fair');
    console.log('authors: linear SVM', plain, 'linear FERM', fair);
    assert.ok(Math.abs(plain.deo - 0.109) <= 0.03, `linear SVM DEO ${plain.deo}`);
    assert.ok(fair.deo <= 0.045, `linear FERM DEO ${fair.deo}`);
    assert.ok(plain.accuracy >= 0.808 - 0.015 && fair.accuracy >= 0.796 - 0.015, `${plain.accuracy}, ${fair.accuracy}`);
  });

  it('RBF FERM on 1/20 of the training rows: DEO clearly below the plain RBF SVM at similar accuracy', () => {
    // Both pick the best mean CV accuracy (the authors' script); the 90% rule lets a near-constant
    // classifier through on 1,600 rows. Reference: 0.832 / 0.220 plain, 0.832 / 0.124 FERM.
    const data = prepare(tables.train, tables.test);
    const plain = run(data, 'rbf-svm', false, 'accurate', 20);
    const fair = run(data, 'rbf-svm', true, 'accurate', 20);
    console.log('RBF SVM', plain, 'RBF FERM', fair);
    assert.ok(fair.deo <= 0.6 * plain.deo, `DEO ${fair.deo} vs ${plain.deo}`);
    assert.ok(Math.abs(fair.accuracy - plain.accuracy) <= 0.015, `accuracy ${fair.accuracy} vs ${plain.accuracy}`);
    assert.ok(plain.accuracy >= 0.832 - 0.015, `RBF SVM accuracy ${plain.accuracy}`);
  });
});
