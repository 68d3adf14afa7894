import type { Field, RowBatch } from './rows';
import { CodedColumn, ColumnBuilder, NumberColumn, type TableColumn } from './columns';
import { LineNumbers } from './lines';
import { InputError } from '../errors';
import { MISSING_GROUP } from '../../../../common/reports/audit';
import { parseDecimal } from '../../../../common/decimal';
import { inferPositive } from '../schema/positive';
import { unknownColumnMessage } from '../schema/suggest';
import { cutNumber, givenPositive } from '../audit/positive';
import { passesCut, positiveText, type CutOperator } from '../../../../common/positive-outcome';

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

  /** `mostRows`: at least as many rows as will be added, when known (RowSource.mostRows): each column is then allocated once. */
  constructor(
    private readonly file: string,
    private readonly columns: readonly string[],
    mostRows?: number,
  ) {
    this.builders = columns.map(() => new ColumnBuilder(mostRows));
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

/** The given rows of a table, in the given order, as a table of their own (the same file and line numbers). */
export function selectRows(table: Table, rows: ArrayLike<number>): Table {
  const builder = new TableBuilder(table.file, table.columns);
  for (let i = 0; i < rows.length; i++) builder.addRow(rowFields(table, rows[i]!), table.lines.at(rows[i]!)!);
  return builder.finish();
}

/** Index of a column, or an InputError naming the file and the closest existing names. */
export function columnIndex(table: Table, name: string): number {
  const index = table.columns.indexOf(name);
  if (index < 0) throw new InputError(unknownColumnMessage(name, table.columns), { file: table.file });
  return index;
}

/**
 * A numeric column; a missing or unparsable cell is an error naming its line and column. A column
 * stored as numbers is returned as the table's own storage, not a copy: read only.
 */
export function numericColumn(table: Table, name: string): Float64Array {
  const column = table.data[columnIndex(table, name)]!;
  const values = column instanceof NumberColumn ? column.values(table.rowCount) : new Float64Array(table.rowCount);
  const number = column instanceof CodedColumn ? codedNumbers(column) : undefined;
  for (let i = 0; i < values.length; i++) {
    const value = number ? number(i) : values[i]!;
    if (!Number.isFinite(value)) {
      const field = column.text(i);
      const what = field === null ? 'a missing value' : `"${field}", not a number`;
      throw new InputError(`column "${name}" has ${what}`, { file: table.file, line: table.lines.at(i), column: name });
    }
    if (number) values[i] = value;
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

/** Each row's group as a code into `names`: a column of group names in 1 byte a row up to 256 groups. */
export interface GroupCodes {
  readonly codes: Uint8Array | Uint16Array | Int32Array;
  /** The groups' names (intersectional values joined by " & "), in order of first appearance. */
  readonly names: readonly string[];
}

/** A column's values put into bins: the bins' names, and the bin of a value (read at `row`, for an error's line). */
export interface ValueBins {
  readonly labels: readonly string[];
  binOf(value: string, row: number): number;
}

/**
 * The intersectional group of every row over the given sensitive columns (values joined by " & "),
 * as codes; a missing value is the group "(missing)", as in the audit. A column with `bins` is
 * grouped by its values' bins (engine/audit/sensitive-bins.ts says which columns, as the audit does).
 */
export function groupCodes(table: Table, sensitive: readonly string[], bins: (name: string) => ValueBins | undefined): GroupCodes {
  if (sensitive.length === 0)
    throw new InputError('no sensitive column given', { file: table.file }, { fix: { kind: 'columns', role: 'sensitive' }, cli: 'pass --sensitive' });
  const columns = sensitive.map((name) => {
    const values = valueCodes(table, name);
    const binned = bins(name);
    return binned ? binnedCodes(values, binned) : values;
  });
  // A combination of values is numbered by its codes (missing = 0) in mixed radix, and named once.
  const radix = columns.map((column) => column.values.length + 1);
  const combinations = radix.reduce((product, r) => product * r, 1);
  const exact = Number.isSafeInteger(combinations);
  const keyOf = (row: number) => {
    if (!exact) return columns.map((column) => column.code(row)).join(',');
    let key = 0;
    for (let c = columns.length - 1; c >= 0; c--) key = key * radix[c]! + columns[c]!.code(row) + 1;
    return key;
  };
  const nameOf = (row: number) =>
    columns
      .map((column) => {
        const code = column.code(row);
        return code < 0 ? MISSING_GROUP : column.values[code]!;
      })
      .join(' & ');
  const codes = combinations <= 0x100 ? new Uint8Array(table.rowCount) : new Int32Array(table.rowCount);
  const groupOf = new Map<number | string, number>();
  const names: string[] = [];
  for (let i = 0; i < codes.length; i++) {
    const key = keyOf(i);
    let group = groupOf.get(key);
    if (group === undefined) {
      groupOf.set(key, (group = names.length));
      names.push(nameOf(i));
    }
    codes[i] = group;
  }
  return { codes: names.length <= 0x100 && !(codes instanceof Uint8Array) ? Uint8Array.from(codes) : codes, names };
}

/** Rows' group names as codes (a list of names becomes codes in order of first appearance). */
export function asGroupCodes(groups: readonly string[] | GroupCodes): GroupCodes {
  if (!Array.isArray(groups)) return groups as GroupCodes;
  const groupOf = new Map<string, number>();
  const codes = new Int32Array(groups.length);
  for (let i = 0; i < groups.length; i++) {
    let group = groupOf.get(groups[i]!);
    if (group === undefined) groupOf.set(groups[i]!, (group = groupOf.size));
    codes[i] = group;
  }
  return { codes, names: [...groupOf.keys()] };
}

/** Each row's bin of a column's value, each distinct value's bin found once (a missing value stays -1). */
function binnedCodes(
  column: { code(row: number): number; values: readonly string[] },
  bins: ValueBins,
): { code(row: number): number; values: readonly string[] } {
  // found on first use: a dictionary may hold values these rows do not
  const binOfValue = new Int32Array(column.values.length).fill(-2);
  return {
    values: bins.labels,
    code: (row) => {
      const code = column.code(row);
      if (code < 0) return code;
      if (binOfValue[code] === -2) binOfValue[code] = bins.binOf(column.values[code]!, row);
      return binOfValue[code]!;
    },
  };
}

/** The group name of every row from its codes, one string a row. */
export function groupNames({ codes, names }: GroupCodes): string[] {
  const groups = new Array<string>(codes.length);
  for (let i = 0; i < codes.length; i++) groups[i] = names[codes[i]!]!;
  return groups;
}

/** Each row's index among a column's distinct values (-1 when missing), read from the table without a copy when it is coded. */
function valueCodes(table: Table, name: string): { code(row: number): number; values: readonly string[] } {
  const column = table.data[columnIndex(table, name)]!;
  if (column instanceof CodedColumn) return { code: (row) => column.code(row), values: column.values };
  const { codes, values } = codesWithMissing(table, name);
  return { code: (row) => codes[row]!, values };
}

/**
 * Binary 0/1 labels: `positive` is the value counted as 1, any third value an error; or a cut
 * (">=10"): 1 where the column's number passes it, a word an error naming its line.
 */
export function binaryColumn(table: Table, name: string, positive: string | undefined): { values: Uint8Array; positive: string } {
  const given = positive === undefined ? undefined : givenPositive(table.file, name, positive);
  if (given?.kind === 'cut') return cutColumn(table, name, given);
  // Read from the table's own codes: no column-sized copy.
  const { code, values: distinct } = valueCodes(table, name);
  const rows = table.rowCount;
  // the values these rows hold (a coded column's dictionary may be shared with other rows of the file), in order of first appearance
  const seen = new Uint8Array(distinct.length);
  const present: string[] = [];
  let third = -1;
  for (let i = 0; i < rows; i++) {
    const c = code(i);
    if (c < 0) throw new InputError(`column "${name}" has a missing value`, { file: table.file, line: table.lines.at(i), column: name });
    if (seen[c] === 1) continue;
    seen[c] = 1;
    present.push(distinct[c]!);
    if (present.length === 3) third = i;
  }
  if (third >= 0) {
    // a numeric target (a grade, a score) is the usual cause
    const shown = present.slice(0, 3).map((v) => `"${v}"`);
    throw new InputError(
      `column "${name}" has more than two classes (${present.length} values: ${shown.join(', ')}${present.length > 3 ? ', …' : ''}): a label with two values is needed; a numeric target becomes one with a cut such as positive ">=10", or the wasserstein method fits a fair regression`,
      { file: table.file, line: table.lines.at(third), column: name },
      { fix: { kind: 'columns', role: 'label' }, cli: 'choose a two-valued --label' },
    );
  }
  const chosen = positive ?? inferPositive(present);
  if (chosen === undefined) {
    throw new InputError(
      `cannot tell which value of "${name}" is positive (values: ${present.map((v) => `"${v}"`).join(', ')})`,
      { file: table.file, column: name },
      { fix: { kind: 'positive', column: name, values: present }, cli: 'pass --positive' },
    );
  }
  const positiveCode = distinct.indexOf(chosen);
  if (positiveCode < 0) throw new InputError(`column "${name}" has no row with the positive value "${chosen}"`, { file: table.file, column: name });
  // A loop, not Uint8Array.from(codes, map): V8 lists every mapped value of an iterable first.
  const values = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) values[i] = code(i) === positiveCode ? 1 : 0;
  return { values, positive: chosen };
}

/** 1 where a column's number passes the cut; a missing value or a word is an error naming its line. */
function cutColumn(table: Table, name: string, cut: { operator: CutOperator; threshold: number }): { values: Uint8Array; positive: string } {
  const text = positiveText({ kind: 'cut', ...cut });
  const column = table.data[columnIndex(table, name)]!;
  const values = new Uint8Array(table.rowCount);
  for (let i = 0; i < values.length; i++) {
    const field = column.text(i);
    if (field === null) throw new InputError(`column "${name}" has a missing value`, { file: table.file, line: table.lines.at(i), column: name });
    values[i] = passesCut(cut, cutNumber(text, name, field, table.file, table.lines.at(i))) ? 1 : 0;
  }
  return { values, positive: text };
}
