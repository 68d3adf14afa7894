import type { Field, RowBatch } from './rows';
import { CodedColumn, ColumnBuilder, NumberColumn, type TableColumn } from './columns';
import { LineNumbers } from './lines';
import { InputError } from '../errors';
import { MISSING_GROUP } from '../audit/plan';
import { parseDecimal } from '../../../../common/decimal';
import { inferPositive } from '../schema/positive';
import { unknownColumnMessage } from '../schema/suggest';

/**
 * A CSV file held in memory, for the methods that need every row at once (model fitting), and
 * the leakage sample. Audits never use it: they stream. Stored by column, compactly
 * (columns.ts); a cell reads back as the reader's trimmed text (null = missing).
 */
export interface Table {
  readonly file: string;
  readonly columns: readonly string[];
  readonly rowCount: number;
  /** The stored cells of each column, in the order of `columns`. */
  readonly data: readonly TableColumn[];
  /** 1-based physical line of each row (`lines.at(row)`), for error messages. */
  readonly lines: LineNumbers;
}

/** Collects rows batch by batch into a Table (the rows themselves are not kept). */
export class TableBuilder {
  private readonly builders: ColumnBuilder[];
  private readonly lines = new LineNumbers();

  constructor(
    private readonly file: string,
    private readonly columns: readonly string[],
  ) {
    this.builders = columns.map(() => new ColumnBuilder());
  }

  get rowCount(): number {
    return this.lines.length;
  }

  add(batch: Pick<RowBatch, 'rows' | 'lines'>): void {
    for (let i = 0; i < batch.rows.length; i++) this.addRow(batch.rows[i]!, batch.lines[i]!);
  }

  addRow(row: readonly Field[], line: number): void {
    for (let j = 0; j < this.builders.length; j++) this.builders[j]!.add(row[j] ?? null);
    this.lines.add(line);
  }

  finish(): Table {
    return {
      file: this.file,
      columns: [...this.columns],
      rowCount: this.lines.length,
      data: this.builders.map((builder) => builder.finish()),
      lines: this.lines,
    };
  }
}

/** A Table from rows already in memory (samples, tests). */
export function tableFromRows(file: string, columns: readonly string[], rows: readonly (readonly Field[])[], lines: ArrayLike<number>): Table {
  const builder = new TableBuilder(file, columns);
  rows.forEach((row, i) => builder.addRow(row, lines[i]!));
  return builder.finish();
}

/** The fields of one row, in the order of the columns. */
export function rowFields(table: Table, row: number): Field[] {
  return table.data.map((column) => column.text(row));
}

/** Every row's fields (row-major): for small tables only. */
export function tableRows(table: Table): Field[][] {
  return Array.from({ length: table.rowCount }, (_, row) => rowFields(table, row));
}

/** Index of a column, or an InputError naming the file and the closest existing names. */
export function columnIndex(table: Table, name: string): number {
  const index = table.columns.indexOf(name);
  if (index < 0) throw new InputError(unknownColumnMessage(name, table.columns), { file: table.file });
  return index;
}

/** A numeric column; a missing or unparsable cell is an error naming its line and column. */
export function numericColumn(table: Table, name: string): Float64Array {
  const column = table.data[columnIndex(table, name)]!;
  const values = new Float64Array(table.rowCount);
  const number = column instanceof CodedColumn ? codedNumbers(column) : undefined;
  for (let i = 0; i < values.length; i++) {
    const value = column instanceof NumberColumn ? column.value(i) : number!(i);
    if (!Number.isFinite(value)) {
      const field = column.text(i);
      const what = field === null ? 'a missing value' : `"${field}", not a number`;
      throw new InputError(`column "${name}" has ${what}`, { file: table.file, line: table.lines.at(i), column: name });
    }
    values[i] = value;
  }
  return values;
}

/** Each row's number from a text column, every distinct text parsed once (NaN when not a number). */
function codedNumbers(column: CodedColumn): (row: number) => number {
  const parsed = Float64Array.from(column.values, parseDecimal);
  return (row) => {
    const code = column.code(row);
    return code < 0 ? Number.NaN : parsed[code]!;
  };
}

/** A text column; a missing cell is an error naming its line and column. */
export function textColumn(table: Table, name: string): string[] {
  const { codes, values } = codedColumn(table, name);
  return Array.from(codes, (code) => values[code]!);
}

/**
 * A column as codes into its distinct values (in order of first appearance); a missing cell is
 * an error naming its line and column.
 */
export function codedColumn(table: Table, name: string): { codes: Int32Array; values: readonly string[] } {
  const coded = codesWithMissing(table, name);
  const missing = coded.codes.indexOf(-1);
  if (missing >= 0) throw new InputError(`column "${name}" has a missing value`, { file: table.file, line: table.lines.at(missing), column: name });
  return coded;
}

/** A column as codes into its distinct values (in order of first appearance), -1 for a missing cell. */
function codesWithMissing(table: Table, name: string): { codes: Int32Array; values: readonly string[] } {
  const column = table.data[columnIndex(table, name)]!;
  const codes = new Int32Array(table.rowCount);
  if (column instanceof CodedColumn) {
    for (let i = 0; i < codes.length; i++) codes[i] = column.code(i);
    return { codes, values: column.values };
  }
  const dictionary = new Map<string, number>();
  for (let i = 0; i < codes.length; i++) {
    const text = column.text(i);
    let code = text === null ? -1 : dictionary.get(text);
    if (code === undefined) dictionary.set(text!, (code = dictionary.size));
    codes[i] = code;
  }
  return { codes, values: [...dictionary.keys()] };
}

/**
 * The intersectional group of every row over the given sensitive columns (values joined by " & ");
 * a missing value is the group "(missing)", as in the audit.
 */
export function groupColumn(table: Table, sensitive: readonly string[]): string[] {
  if (sensitive.length === 0)
    throw new InputError('no sensitive column given', { file: table.file }, { fix: { kind: 'columns', role: 'sensitive' }, cli: 'pass --sensitive' });
  const columns = sensitive.map((name) => codesWithMissing(table, name));
  const valueOf = (column: { codes: Int32Array; values: readonly string[] }, row: number) => {
    const code = column.codes[row]!;
    return code < 0 ? MISSING_GROUP : column.values[code]!;
  };
  if (columns.length === 1) return Array.from({ length: table.rowCount }, (_, i) => valueOf(columns[0]!, i));
  // Each combination of values is named once; rows share the names.
  const names = new Map<string, string>();
  return Array.from({ length: table.rowCount }, (_, i) => {
    const key = columns.map((column) => column.codes[i]).join(',');
    let name = names.get(key);
    if (name === undefined) names.set(key, (name = columns.map((column) => valueOf(column, i)).join(' & ')));
    return name;
  });
}

/** Binary 0/1 labels: `positive` is the value counted as 1; any third value is an error. */
export function binaryColumn(table: Table, name: string, positive: string | undefined): { values: Uint8Array; positive: string } {
  const { codes, values: distinct } = codedColumn(table, name);
  const chosen = positive ?? inferPositive(distinct);
  if (chosen === undefined) {
    throw new InputError(
      `cannot tell which value of "${name}" is positive (values: ${distinct
        .slice(0, 3)
        .map((v) => `"${v}"`)
        .join(', ')})`,
      { file: table.file, column: name },
      {
        fix: { kind: 'positive', column: name, values: distinct.slice(0, 20) },
        cli: 'pass --positive',
      },
    );
  }
  const negatives = distinct.filter((value) => value !== chosen);
  if (negatives.length > 1) {
    const third = distinct.findIndex((value) => value !== chosen && value !== negatives[0]);
    const i = codes.indexOf(third);
    throw new InputError(`column "${name}" has more than two classes ("${chosen}", "${negatives[0]}", "${distinct[third]}"): a binary label is needed`, {
      file: table.file,
      line: table.lines.at(i),
      column: name,
    });
  }
  const positiveCode = distinct.indexOf(chosen);
  if (positiveCode < 0) throw new InputError(`column "${name}" has no row with the positive value "${chosen}"`, { file: table.file, column: name });
  return { values: Uint8Array.from(codes, (code) => (code === positiveCode ? 1 : 0)), positive: chosen };
}
