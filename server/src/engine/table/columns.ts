import { numberText, parseDecimal } from '../../../../common/decimal';
import type { Field } from './rows';

/**
 * The columns of a Table, stored compactly. A column with few distinct values (a group, a
 * label, a category) is stored as codes into its distinct values, 1 byte a cell up to 255 of
 * them, 2 up to 65,535, then 4; a column of plain decimal numbers with more distinct values as
 * float64 (8 bytes a cell). Either way every cell's text comes back exactly as read, so written
 * files copy the input's fields.
 */
export interface TableColumn {
  /** The cell's text as read (trimmed), or null when it is missing. */
  text(row: number): Field;
}

/**
 * Storage in chunks: growing never copies what is stored. The first chunk holds the table's most
 * rows when they are known before reading (RowSource.mostRows): one chunk then holds the column,
 * and flattening it copies nothing. Then come fixed-size chunks.
 */
const CHUNK_BITS = 16;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_ROWS - 1;

type TypedArray = Float64Array | Int32Array | Uint16Array | Uint8Array;

class Chunked<T extends TypedArray> {
  readonly chunks: T[] = [];
  private flat: T | undefined;

  constructor(
    private readonly create: (length: number) => T,
    /** Rows of the first chunk. */
    readonly firstRows = CHUNK_ROWS,
  ) {}

  set(row: number, value: number): void {
    if (row < this.firstRows) {
      if (this.chunks.length === 0) this.chunks.push(this.create(this.firstRows));
      this.chunks[0]![row] = value;
      return;
    }
    const rest = row - this.firstRows;
    const chunk = 1 + (rest >>> CHUNK_BITS);
    while (this.chunks.length <= chunk) this.chunks.push(this.create(this.chunks.length === 0 ? this.firstRows : CHUNK_ROWS));
    this.chunks[chunk]![rest & CHUNK_MASK] = value;
  }

  get(row: number): number {
    if (row < this.firstRows) return this.chunks[0]![row]!;
    const rest = row - this.firstRows;
    return this.chunks[1 + (rest >>> CHUNK_BITS)]![rest & CHUNK_MASK]!;
  }

  /**
   * The first `length` values in one array, which the chunks then view: still stored once. Only
   * for finished columns (a view cannot grow). When the first chunk holds them all, it is that
   * array (viewed to `length`), and nothing is copied.
   */
  flatten(length: number): T {
    if (this.flat?.length === length) return this.flat;
    if (length <= this.firstRows && this.chunks.length === 1) return (this.flat = this.chunks[0]!.subarray(0, length) as T);
    const whole = this.create(length);
    let start = 0;
    this.chunks.forEach((chunk, c) => {
      const end = Math.min(start + chunk.length, length);
      whole.set(chunk.subarray(0, end - start), start);
      this.chunks[c] = whole.subarray(start, end) as T;
      start = end;
    });
    this.flat = whole;
    return whole;
  }
}

/** Codes 1..n (0 = missing) in the narrowest unsigned integers that hold them, widened as n grows. */
class Codes {
  private store: Chunked<TypedArray>;
  private limit = 0xff;

  constructor(firstRows: number | undefined) {
    this.store = new Chunked((n) => new Uint8Array(n), firstRows);
  }

  set(row: number, code: number): void {
    if (code > this.limit) this.widen(code);
    this.store.set(row, code);
  }

  get(row: number): number {
    return this.store.get(row);
  }

  private widen(code: number): void {
    const wide = code > 0xffff;
    const Type = wide ? Int32Array : Uint16Array;
    const wider = new Chunked<TypedArray>((n) => new Type(n), this.store.firstRows);
    for (const chunk of this.store.chunks) wider.chunks.push(Type.from(chunk));
    this.store = wider;
    this.limit = wide ? 0x7fffffff : 0xffff;
  }
}

/** Text values as codes into the distinct values, in order of first appearance. */
export class CodedColumn implements TableColumn {
  constructor(
    private readonly codes: Codes,
    readonly values: readonly string[],
  ) {}

  /** The index of the cell's value in `values`; -1 when missing. */
  code(row: number): number {
    return this.codes.get(row) - 1;
  }

  text(row: number): Field {
    const code = this.codes.get(row);
    return code === 0 ? null : this.values[code - 1]!;
  }
}

/** How a number's text is spelled, per cell: the shortest round-trip form, toFixed(d) (1-100), or kept as text. */
const SHORTEST = 0;
const SPELLED = 255;

/**
 * Plain decimal numbers (NaN = missing), with what it takes to spell each cell as it was read:
 * one spelling for the whole column while every cell has it (a column written with a fixed number
 * of decimals, say), else one a row.
 */
export class NumberColumn implements TableColumn {
  constructor(
    private readonly numbers: Chunked<Float64Array>,
    private readonly spellings: Chunked<Uint8Array> | undefined,
    private readonly spelled: ReadonlyMap<number, string>,
    /** The spelling of the rows without one of their own. */
    private readonly common: number,
  ) {}

  /** The cell's number; NaN when missing. */
  value(row: number): number {
    return this.numbers.get(row);
  }

  /** The numbers of the first `rows` rows (NaN = missing) in one array that is the column's own storage: read only. */
  values(rows: number): Float64Array {
    return this.numbers.flatten(rows);
  }

  text(row: number): Field {
    const value = this.numbers.get(row);
    if (Number.isNaN(value)) return null;
    const spelling = this.spellings?.get(row) ?? this.common;
    return spelling === SPELLED ? this.spelled.get(row)! : spelledAs(spelling, value);
  }
}

/** Distinct values beyond which a column of numbers is stored as numbers rather than codes. */
const MAX_CODED_NUMBERS = 0xff;
/** Numbers whose text cannot be rebuilt, beyond which a column is stored as codes instead. */
const spelledLimit = (rows: number) => Math.max(1024, rows / 16);

/**
 * Builds one column cell by cell. It starts as codes; a column of numbers with more than 255
 * distinct values becomes a NumberColumn, which turns back into codes at the first cell that is
 * not a plain decimal (or when too many numbers need their text kept).
 */
export class ColumnBuilder {
  private rows = 0;
  private codes: Codes | undefined;
  private dictionary: Map<string, number> | undefined = new Map();
  /** Whether every distinct value so far is a plain decimal (only while coded). */
  private allNumbers = true;
  private numbers: Chunked<Float64Array> | undefined;
  private spellings: Chunked<Uint8Array> | undefined;
  private spelled = new Map<number, string>();
  /** The spelling of every number so far, while there is no spelling a row. */
  private common = SHORTEST;

  /** `mostRows`: at least as many rows as the column will have, when known (its storage is then allocated once). */
  constructor(private readonly mostRows?: number) {
    this.codes = new Codes(mostRows);
  }

  add(field: Field): void {
    const row = this.rows++;
    if (this.numbers) {
      if (this.addNumber(row, field)) {
        if (this.spelled.size > spelledLimit(this.rows)) this.toCoded(this.rows);
        return;
      }
      this.toCoded(row);
    }
    const code = field === null ? 0 : this.codeOf(field);
    if (code > MAX_CODED_NUMBERS && this.allNumbers) {
      this.toNumbers(row);
      this.addNumber(row, field);
    } else this.codes!.set(row, code);
  }

  finish(): TableColumn {
    if (this.numbers) return new NumberColumn(this.numbers, this.spellings, this.spelled, this.common);
    return new CodedColumn(this.codes!, [...this.dictionary!.keys()]);
  }

  /** Stores the cell as a number; false when it is not one. */
  private addNumber(row: number, field: Field): boolean {
    const numbers = this.numbers!;
    if (field === null) {
      numbers.set(row, Number.NaN);
      return true;
    }
    const value = parseDecimal(field);
    if (!Number.isFinite(value)) return false;
    numbers.set(row, value);
    if (!this.spellings && spelledAs(this.common, value) === field) return true;
    const spelling = spellingOf(field, value);
    if (!this.spellings) {
      // A first number with decimals to keep (0.750 after 0.125): the column's spelling when the
      // numbers so far are spelled that way too, else a spelling a row from now on.
      if (this.common === SHORTEST && spelling !== SPELLED && this.allSpelledAs(spelling, row)) {
        this.common = spelling;
        return true;
      }
      this.spellings = new Chunked((n) => new Uint8Array(n), this.mostRows);
      if (this.common !== SHORTEST) for (let before = 0; before < row; before++) this.spellings.set(before, this.common);
    }
    this.spellings.set(row, spelling);
    if (spelling === SPELLED) this.spelled.set(row, copyOf(field));
    return true;
  }

  /** Whether the numbers of the rows before `upTo`, read in their shortest spelling, read the same with `spelling`. */
  private allSpelledAs(spelling: number, upTo: number): boolean {
    for (let row = 0; row < upTo; row++) {
      const value = this.numbers!.get(row);
      if (!Number.isNaN(value) && spelledAs(spelling, value) !== numberText(value)) return false;
    }
    return true;
  }

  /** Turns the codes of the rows before `upTo` into numbers. */
  private toNumbers(upTo: number): void {
    const codes = this.codes!;
    const texts = [...this.dictionary!.keys()];
    this.codes = undefined;
    this.dictionary = undefined;
    this.numbers = new Chunked((n) => new Float64Array(n), this.mostRows);
    this.common = SHORTEST;
    for (let row = 0; row < upTo; row++) {
      const code = codes.get(row);
      this.addNumber(row, code === 0 ? null : texts[code - 1]!);
    }
  }

  /** Turns the numbers of the rows before `upTo` into codes. */
  private toCoded(upTo: number): void {
    const stored = new NumberColumn(this.numbers!, this.spellings, this.spelled, this.common);
    this.numbers = undefined;
    this.spellings = undefined;
    this.spelled = new Map();
    this.common = SHORTEST;
    this.allNumbers = false;
    this.codes = new Codes(this.mostRows);
    this.dictionary = new Map();
    for (let row = 0; row < upTo; row++) {
      const text = stored.text(row);
      this.codes.set(row, text === null ? 0 : this.codeOf(text));
    }
  }

  /** The code (1..n) of a present value, adding it to the dictionary when new. */
  private codeOf(text: string): number {
    const dictionary = this.dictionary!;
    let code = dictionary.get(text);
    if (code === undefined) {
      code = dictionary.size + 1;
      dictionary.set(copyOf(text), code);
      if (this.allNumbers && !Number.isFinite(parseDecimal(text))) this.allNumbers = false;
    }
    return code;
  }
}

/** A number's text in a spelling other than SPELLED. */
function spelledAs(spelling: number, value: number): string {
  return spelling === SHORTEST ? numberText(value) : value.toFixed(spelling);
}

/** How `text` is rebuilt from `value`: its shortest text (String(value)), value.toFixed(d), or not at all. */
function spellingOf(text: string, value: number): number {
  if (numberText(value) === text) return SHORTEST;
  const point = text.indexOf('.');
  const decimals = text.length - point - 1;
  if (point >= 0 && decimals >= 1 && decimals <= 100 && value.toFixed(decimals) === text) return decimals;
  return SPELLED;
}

/**
 * A copy of a field that does not keep the parser's whole chunk of text alive (V8 slices long
 * substrings out of their parent string instead of copying them).
 */
function copyOf(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}
