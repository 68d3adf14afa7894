// The one-column labels the binary-label tests read.
import { tableFromRows, type Table } from '../../server/src/engine/table/table';

/** A one-column table (column "y" of grades.csv) whose data rows sit on file lines 2, 3, …, as in a CSV with a header. */
export function labelTable(values: readonly string[]): Table {
  return tableFromRows(
    'grades.csv',
    ['y'],
    values.map((v) => [v]),
    values.map((_, i) => i + 2),
  );
}
