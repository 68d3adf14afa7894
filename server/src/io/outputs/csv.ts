import Papa from 'papaparse';
import { writeFileAtomically } from './atomic-file';

/** A CSV file's content, produced row by row as it is written. */
export interface CsvContent {
  columns: readonly string[];
  rowCount: number;
  row(index: number): readonly (string | number)[];
}

/**
 * A cell a spreadsheet would run as a formula: it starts with =, +, -, @, a tab or a carriage
 * return and is not a plain number ("-0.5" stays as it is). OWASP's "CSV injection" list.
 */
export const FORMULA_CELL = /^(?![+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$)[=+\-@\t\r]/;

const ROWS_PER_WRITE = 4096;

/**
 * Writes a CSV file atomically (a temporary file renamed into place). With `safeCsv`, formula
 * cells are neutralised the usual way: a leading apostrophe, and quotes around the cell.
 */
export async function writeCsvFile(file: string, content: CsvContent, options: { safeCsv: boolean }): Promise<void> {
  const config = { escapeFormulae: options.safeCsv ? FORMULA_CELL : false };
  await writeFileAtomically(file, async (write) => {
    await write(Papa.unparse([[...content.columns]], config) + '\n');
    for (let start = 0; start < content.rowCount; start += ROWS_PER_WRITE) {
      const rows = Array.from({ length: Math.min(ROWS_PER_WRITE, content.rowCount - start) }, (_, offset) => content.row(start + offset));
      await write(Papa.unparse(rows, config) + '\n');
    }
  });
}
