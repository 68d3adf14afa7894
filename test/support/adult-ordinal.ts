import type { Table } from '../../server/src/engine/table/table';

const CATEGORICAL = ['workclass', 'race', 'education', 'marital-status', 'occupation', 'relationship', 'sex'];
const MARRIED = new Set(['Married-AF-spouse', 'Married-civ-spouse', 'Married-spouse-absent']);

/** The feature columns the FERM authors' code keeps (their slicing drops native-country; sex stays a feature). */
export const AUTHORS_FEATURES = ['age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation', 'relationship', 'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week'];

/**
 * Adult prepared as in the FERM authors' load_data.py, to compare with their published figures:
 * rows with a missing workclass, occupation or native-country dropped, marital status reduced to
 * married / not married, each categorical column replaced by the rank of its value among the sorted
 * values of both files (so every feature is a number, standardized later like the others).
 */
export function authorsAdult(train: Table, test: Table): { train: Table; test: Table } {
  const index = (name: string) => train.columns.indexOf(name);
  const complete = (table: Table) => {
    const keep = table.rows.flatMap((row, r) => (['workclass', 'occupation', 'native-country'].every((c) => row[index(c)] !== null) ? [r] : []));
    return { ...table, rows: keep.map((r) => table.rows[r]!), lines: keep.map((r) => table.lines[r]!) };
  };
  const [a, b] = [complete(train), complete(test)];
  const marital = index('marital-status');
  const value = (row: readonly (string | null)[], c: number) => (c === marital ? (MARRIED.has(row[c]!) ? 'married' : 'not married') : row[c]!);
  const codes = new Map(
    CATEGORICAL.map((name) => {
      const c = index(name);
      const sorted = [...new Set([...a.rows, ...b.rows].map((row) => value(row, c)))].sort();
      return [c, new Map(sorted.map((v, k) => [v, String(k)]))];
    }),
  );
  const recode = (table: Table): Table => ({ ...table, rows: table.rows.map((row) => row.map((field, c) => (codes.has(c) ? codes.get(c)!.get(value(row, c))! : field))) });
  return { train: recode(a), test: recode(b) };
}
