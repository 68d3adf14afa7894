import type { Field } from './rows';
import { InputError } from '../errors';
import { MISSING_GROUP } from '../audit/plan';
import { parseDecimal } from '../../../../common/decimal';
import { inferPositive } from '../schema/positive';
import { unknownColumnMessage } from '../schema/suggest';

/**
 * A CSV file held in memory, for the methods that need every row at once (model fitting).
 * Audits never use it: they stream. Cells keep the reader's trimmed text (null = missing).
 */
export interface Table {
  readonly file: string;
  readonly columns: readonly string[];
  /** Row-major fields, one array per data row. */
  readonly rows: readonly (readonly Field[])[];
  /** 1-based physical line of each row, for error messages. */
  readonly lines: readonly number[];
}

/** Index of a column, or an InputError naming the file and the closest existing names. */
export function columnIndex(table: Table, name: string): number {
  const index = table.columns.indexOf(name);
  if (index < 0) throw new InputError(unknownColumnMessage(name, table.columns), { file: table.file });
  return index;
}

/** A numeric column; a missing or unparsable cell is an error naming its line and column. */
export function numericColumn(table: Table, name: string): Float64Array {
  const index = columnIndex(table, name);
  const values = new Float64Array(table.rows.length);
  table.rows.forEach((row, i) => {
    const field = row[index] ?? null;
    const value = field === null ? Number.NaN : parseDecimal(field);
    if (!Number.isFinite(value)) {
      const what = field === null ? 'a missing value' : `"${field}", not a number`;
      throw new InputError(`column "${name}" has ${what}`, { file: table.file, line: table.lines[i], column: name });
    }
    values[i] = value;
  });
  return values;
}

/** A text column; a missing cell is an error naming its line and column. */
export function textColumn(table: Table, name: string): string[] {
  const index = columnIndex(table, name);
  return table.rows.map((row, i) => {
    const field = row[index] ?? null;
    if (field === null) throw new InputError(`column "${name}" has a missing value`, { file: table.file, line: table.lines[i], column: name });
    return field;
  });
}

/**
 * The intersectional group of every row over the given sensitive columns (values joined by " & ");
 * a missing value is the group "(missing)", as in the audit.
 */
export function groupColumn(table: Table, sensitive: readonly string[]): string[] {
  if (sensitive.length === 0) throw new InputError('no sensitive column given', { file: table.file }, { fix: { kind: 'columns', role: 'sensitive' }, cli: 'pass --sensitive' });
  const indices = sensitive.map((name) => columnIndex(table, name));
  return table.rows.map((row) => indices.map((index) => row[index] ?? MISSING_GROUP).join(' & '));
}

/** Binary 0/1 labels: `positive` is the value counted as 1; any third value is an error. */
export function binaryColumn(table: Table, name: string, positive: string | undefined): { values: Uint8Array; positive: string } {
  const text = textColumn(table, name);
  const distinct = [...new Set(text)];
  const chosen = positive ?? inferPositive(distinct);
  if (chosen === undefined) {
    throw new InputError(`cannot tell which value of "${name}" is positive (values: ${distinct.slice(0, 3).map((v) => `"${v}"`).join(', ')})`, { file: table.file, column: name }, {
      fix: { kind: 'positive', column: name, values: distinct.slice(0, 20) },
      cli: 'pass --positive',
    });
  }
  const negatives = distinct.filter((value) => value !== chosen);
  if (negatives.length > 1) {
    const i = text.findIndex((value) => value !== chosen && value !== negatives[0]);
    throw new InputError(`column "${name}" has more than two classes ("${chosen}", "${negatives[0]}", "${text[i]}"): a binary label is needed`, {
      file: table.file,
      line: table.lines[i],
      column: name,
    });
  }
  if (!distinct.includes(chosen)) throw new InputError(`column "${name}" has no row with the positive value "${chosen}"`, { file: table.file, column: name });
  return { values: Uint8Array.from(text, (value) => (value === chosen ? 1 : 0)), positive: chosen };
}
