import { tableRows, type Table } from '../../server/src/engine/table/table';
import { ADULT_COLUMNS } from './adult';

/** Columns the FERM authors replace by the index of their value in the sorted list of values (np.unique). */
const CODED = new Set(['workclass', 'race', 'education', 'marital-status', 'occupation', 'relationship', 'sex', 'native-country']);
/** Their features: every column but income, then their slicing `[:, :-1]` drops the last one, native-country. */
export const AUTHORS_FEATURES = ADULT_COLUMNS.slice(0, -2);

export interface AuthorsSplit {
  rows: Float64Array[];
  labels: Uint8Array;
  /** The sensitive attribute (sex), which is also feature 9 of every row, as in their code. */
  groups: string[];
}

/**
 * Adult prepared exactly as the FERM authors' load_data.py (jmikko/fair_ERM, load_adult with
 * smaller=False) does it, read step by step from their code:
 * - adult.data and adult.test are concatenated (their adult.test is ours without its first line
 *   and without the labels' trailing period; adultTables() removes both);
 * - rows with "?" in workclass, occupation or native-country are dropped (45,222 rows remain);
 * - their marital-status merge is a no-op: pandas keeps the space after each comma (" Divorced")
 *   and the replacement list is spelled without it ("Divorced"), so all 7 values stay;
 * - each categorical column becomes the index of its value among the sorted distinct values of
 *   both files; every column (codes included) is standardized with the mean and population
 *   standard deviation of ALL 45,222 rows, test rows included;
 * - the training set is the first 32,561 rows (len(adult.data) before the drop): all 30,162
 *   complete adult.data rows plus the first 2,399 complete adult.test rows; the test set is the
 *   remaining 12,661 adult.test rows.
 */
export function authorsAdult(train: Table, test: Table): { train: AuthorsSplit; test: AuthorsSplit } {
  const column = (name: string) => train.columns.indexOf(name);
  const all = [...tableRows(train), ...tableRows(test)].filter((row) =>
    ['workclass', 'occupation', 'native-country'].every((name) => row[column(name)] !== null),
  );
  const values = AUTHORS_FEATURES.map((name) => {
    const c = column(name);
    const fields = all.map((row) => row[c]!);
    if (!CODED.has(name)) return fields.map(Number);
    const sorted = [...new Set(fields)].sort();
    const code = new Map(sorted.map((value, k) => [value, k]));
    return fields.map((field) => code.get(field)!);
  });
  const standardized = values.map((x) => {
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length);
    return x.map((v) => (v - mean) / sd);
  });
  const income = column('income');
  const sex = column('sex');
  const split = (from: number, to: number): AuthorsSplit => ({
    rows: all.slice(from, to).map((_, r) => Float64Array.from(standardized, (x) => x[from + r]!)),
    labels: Uint8Array.from(all.slice(from, to), (row) => (row[income] === '>50K' ? 1 : 0)),
    groups: all.slice(from, to).map((row) => row[sex]!),
  });
  return { train: split(0, train.rowCount), test: split(train.rowCount, all.length) };
}

/**
 * The folds of the authors' GridSearchCV (scikit-learn 0.19, 2018: 3 folds, StratifiedKFold without
 * shuffling): each class's rows, in file order, are cut into 3 contiguous chunks (the first
 * n mod 3 chunks one row longer), and fold k holds chunk k of every class. Returns the held-out rows.
 */
export function unshuffledStratifiedFolds(labels: ArrayLike<number>, k = 3): Int32Array[] {
  const folds: number[][] = Array.from({ length: k }, () => []);
  for (const label of [0, 1]) {
    const members = Array.from(labels).flatMap((value, i) => (value === label ? [i] : []));
    let start = 0;
    for (let f = 0; f < k; f++) {
      const size = Math.floor(members.length / k) + (f < members.length % k ? 1 : 0);
      folds[f]!.push(...members.slice(start, start + size));
      start += size;
    }
  }
  return folds.map((rows) => Int32Array.from(rows.sort((a, b) => a - b)));
}
