import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { encodeFeatures, everyColumnBut, fitFeatureEncoding } from '../../server/src/engine/learners/features';
import {
  defaultGrid,
  fermDecisionValues,
  FermLearner,
  FermProblem,
  fitFerm,
  SelectionRule,
  selectSettings,
  unfairness,
} from '../../server/src/methods/ferm/ferm';
import { orderGroups } from '../../server/src/methods/ferm/projection';
import { binaryColumn, Table } from '../../server/src/engine/table/table';
import { sensitiveGroupColumn } from '../../server/src/engine/audit/sensitive-bins';
import { adultTables } from '../support/adult';
import { authorsAdult, unshuffledStratifiedFolds } from '../support/adult-ordinal';

interface Rows {
  rows: Float64Array[];
  labels: Uint8Array;
  groups: string[];
}

/** Encodes train and test with the encoding fitted on the training rows (numeric standardized, categorical one-hot). */
function prepare(train: Table, test: Table, features?: string[]): { train: Rows; test: Rows } {
  // without given features: every column but the label and the sensitive one (the peer's features)
  const encoding = fitFeatureEncoding(train, features ?? everyColumnBut(train, ['income', 'sex']));
  const split = (table: Table): Rows => ({
    rows: encodeFeatures(encoding, table).rows,
    labels: binaryColumn(table, 'income', '>50K').values,
    groups: sensitiveGroupColumn(table, ['sex'], {}),
  });
  return { train: split(train), test: split(test) };
}

/** Model selection by 3-fold CV, refit on the (sub)sampled training rows, then test accuracy and DEO = |TPR_Male − TPR_Female|. */
function run(
  data: { train: Rows; test: Rows },
  learner: FermLearner,
  fair: boolean,
  rule: SelectionRule,
  every = 1,
  folds?: (labels: Uint8Array) => Int32Array[],
) {
  const keep = [...data.train.rows.keys()].filter((i) => i % every === 0);
  const labels = Uint8Array.from(keep, (i) => data.train.labels[i]!);
  const groups = keep.map((i) => data.train.groups[i]!);
  const problem: FermProblem = {
    rows: keep.map((i) => data.train.rows[i]!),
    labels,
    groups,
    order: orderGroups(groups, labels, 'equal-opportunity', 'adult.data'),
    fairness: 'equal-opportunity',
    learner,
  };
  const { settings } = selectSettings(problem, defaultGrid(learner), fair, { seed: 0, rule, ...(folds ? { folds: folds(labels) } : {}) });
  const fit = fitFerm(problem, settings, fair);
  const predictions = Uint8Array.from(fermDecisionValues(fit, data.test.rows), (v) => (v >= 0 ? 1 : 0));
  const accuracy = predictions.reduce((s, p, i) => s + (p === data.test.labels[i] ? 1 : 0), 0) / predictions.length;
  return { settings, accuracy, deo: unfairness(predictions, data.test.labels, data.test.groups, 'equal-opportunity') };
}

// Reference figures: ../shared/docs/algorithms.md section 2 (the authors' published code). They
// are reproduced with the authors' preparation (second test). Parity's own encoding (one-hot, all
// adult.test rows) is 4-5 points more accurate, so there accuracy is checked as "not more than
// 1.5 points below the reference" (docs/results/ferm.md explains the gap); DEO against its bound.
describe('FERM on UCI Adult, fixed train/test split, sensitive "sex"', () => {
  let tables: { train: Table; test: Table };
  before(async () => {
    tables = await adultTables();
  });

  it('Parity encoding: linear SVM and linear FERM accuracy ≥ reference − 1.5 points, FERM DEO ≤ 0.045 and below the plain SVM', () => {
    const data = prepare(tables.train, tables.test);
    const plain = run(data, 'linear-svm', false, 'fair');
    const fair = run(data, 'linear-svm', true, 'fair');
    console.log(`one-hot: linear SVM ${JSON.stringify(plain)} linear FERM ${JSON.stringify(fair)}`);
    assert.ok(plain.accuracy >= 0.808 - 0.015, `linear SVM accuracy ${plain.accuracy}`);
    assert.ok(fair.accuracy >= 0.796 - 0.015, `linear FERM accuracy ${fair.accuracy}`);
    assert.ok(fair.deo <= 0.045, `linear FERM DEO ${fair.deo}`);
    assert.ok(fair.deo < plain.deo / 2, `FERM DEO ${fair.deo} vs SVM ${plain.deo}`);
  });

  it("the authors' CV folds: scikit-learn 0.19's unshuffled StratifiedKFold, worked by hand on ten labels", () => {
    // class 0 rows 0,1,2,3,7,9 → chunks [0,1] [2,3] [7,9]; class 1 rows 4,5,6,8 → chunks of 2,1,1: [4,5] [6] [8]
    assert.deepEqual(
      unshuffledStratifiedFolds([0, 0, 0, 0, 1, 1, 1, 0, 1, 0]).map((fold) => [...fold]),
      [
        [0, 1, 4, 5],
        [2, 3, 6],
        [7, 8, 9],
      ],
    );
  });

  // Reference: ../shared/docs/algorithms.md section 2 (linear SVM 0.808 / DEO 0.109, linear FERM
  // 0.796 / 0.033). Running the authors' own code (jmikko/fair_ERM@b501848, C = 0.01) gives 0.8082 / 0.1107
  // and 0.7957 / 0.0331 (docs/results/ferm.md), so these are figures of this preparation.
  it("the authors' preparation, split and CV (load_data.py, linear_ferm.py): accuracy within 1.5 points of the reference, DEO close to it", () => {
    const authors = authorsAdult(tables.train, tables.test);
    assert.deepEqual([authors.train.rows.length, authors.test.rows.length], [32561, 12661]);
    // 'accurate' is their script (GridSearchCV), 'fair' the paper's rule; both must reproduce.
    for (const rule of ['accurate', 'fair'] as const) {
      const plain = run(authors, 'linear-svm', false, rule, 1, unshuffledStratifiedFolds);
      const fair = run(authors, 'linear-svm', true, rule, 1, unshuffledStratifiedFolds);
      console.log(`authors (${rule}): linear SVM ${JSON.stringify(plain)} linear FERM ${JSON.stringify(fair)}`);
      assert.ok(Math.abs(plain.accuracy - 0.808) <= 0.015, `${rule}: linear SVM accuracy ${plain.accuracy}`);
      assert.ok(Math.abs(fair.accuracy - 0.796) <= 0.015, `${rule}: linear FERM accuracy ${fair.accuracy}`);
      assert.ok(Math.abs(plain.deo - 0.109) <= 0.02, `${rule}: linear SVM DEO ${plain.deo}`);
      assert.ok(fair.deo <= 0.045, `${rule}: linear FERM DEO ${fair.deo}`);
    }
  });

  it('RBF FERM on 1/20 of the training rows: DEO below the plain RBF SVM at similar accuracy, under both selection rules', () => {
    // Reference: 0.832 / 0.220 plain, 0.832 / 0.124 FERM. Without the selection guard the paper's
    // rule picked a near-constant classifier here (CV accuracy 0.754, majority class 0.759); the
    // guard excludes it, so the paper's rule ('fair') and the authors' script ('accurate') both apply.
    const data = prepare(tables.train, tables.test);
    const plain = run(data, 'rbf-svm', false, 'accurate', 20);
    assert.ok(plain.accuracy >= 0.832 - 0.015, `RBF SVM accuracy ${plain.accuracy}`);
    for (const rule of ['accurate', 'fair'] as const) {
      const fair = run(data, 'rbf-svm', true, rule, 20);
      console.log(`RBF SVM ${JSON.stringify(plain)} RBF FERM (${rule}) ${JSON.stringify(fair)}`);
      assert.ok(Math.abs(fair.accuracy - plain.accuracy) <= 0.015, `${rule}: accuracy ${fair.accuracy} vs ${plain.accuracy}`);
      // 'accurate': well under the plain SVM; 'fair' (lowest CV DEO, estimated on ~20 female positives
      // per fold) at least meets the published FERM DEO, 0.124, and stays below the plain SVM.
      if (rule === 'accurate') assert.ok(fair.deo <= 0.6 * plain.deo, `${rule}: DEO ${fair.deo} vs ${plain.deo}`);
      else assert.ok(fair.deo <= 0.124 && fair.deo < plain.deo, `${rule}: DEO ${fair.deo} vs ${plain.deo}`);
    }
  });
});
