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

/** Storage in fixed-size chunks: growing never copies what is stored. */
const CHUNK_BITS = 16;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_ROWS - 1;

type TypedArray = Float64Array | Int32Array | Uint16Array | Uint8Array;

class Chunked<T extends TypedArray> {
  readonly chunks: T[] = [];
  private flat: T | undefined;

  constructor(private readonly create: (length: number) => T) {}

  set(row: number, value: number): void {
    const chunk = row >>> CHUNK_BITS;
    while (this.chunks.length <= chunk) this.chunks.push(this.create(CHUNK_ROWS));
    this.chunks[chunk]![row & CHUNK_MASK] = value;
  }

  get(row: number): number {
    return this.chunks[row >>> CHUNK_BITS]![row & CHUNK_MASK]!;
  }

  /**
   * The first `length` values in one array, which the chunks then view: still stored once. Only
   * for finished columns (a view cannot grow).
   */
  flatten(length: number): T {
    if (this.flat?.length === length) return this.flat;
    const whole = this.create(length);
    this.chunks.forEach((chunk, c) => {
      const start = c << CHUNK_BITS;
      const end = Math.min(start + CHUNK_ROWS, length);
      whole.set(chunk.subarray(0, end - start), start);
      this.chunks[c] = whole.subarray(start, end) as T;
    });
    this.flat = whole;
    return whole;
  }
}

/** Codes 1..n (0 = missing) in the narrowest unsigned integers that hold them, widened as n grows. */
class Codes {
  private store: Chunked<TypedArray> = new Chunked((n) => new Uint8Array(n));
  private limit = 0xff;

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
    const wider = new Chunked<TypedArray>((n) => new Type(n));
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

/** Plain decimal numbers (NaN = missing), with what it takes to spell each cell as it was read. */
export class NumberColumn implements TableColumn {
  constructor(
    private readonly numbers: Chunked<Float64Array>,
    private readonly spellings: Chunked<Uint8Array> | undefined,
    private readonly spelled: ReadonlyMap<number, string>,
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
    const spelling = this.spellings?.get(row) ?? SHORTEST;
    if (spelling === SHORTEST) return numberText(value);
    return spelling === SPELLED ? this.spelled.get(row)! : value.toFixed(spelling);
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
  private codes: Codes | undefined = new Codes();
  private dictionary: Map<string, number> | undefined = new Map();
  /** Whether every distinct value so far is a plain decimal (only while coded). */
  private allNumbers = true;
  private numbers: Chunked<Float64Array> | undefined;
  private spellings: Chunked<Uint8Array> | undefined;
  private spelled = new Map<number, string>();

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
    if (this.numbers) return new NumberColumn(this.numbers, this.spellings, this.spelled);
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
    const spelling = spellingOf(field, value);
    if (spelling === SHORTEST && !this.spellings) return true;
    this.spellings ??= new Chunked((n) => new Uint8Array(n));
    this.spellings.set(row, spelling);
    if (spelling === SPELLED) this.spelled.set(row, copyOf(field));
    return true;
  }

  /** Turns the codes of the rows before `upTo` into numbers. */
  private toNumbers(upTo: number): void {
    const codes = this.codes!;
    const texts = [...this.dictionary!.keys()];
    this.codes = undefined;
    this.dictionary = undefined;
    this.numbers = new Chunked((n) => new Float64Array(n));
    for (let row = 0; row < upTo; row++) {
      const code = codes.get(row);
      this.addNumber(row, code === 0 ? null : texts[code - 1]!);
    }
  }

  /** Turns the numbers of the rows before `upTo` into codes. */
  private toCoded(upTo: number): void {
    const stored = new NumberColumn(this.numbers!, this.spellings, this.spelled);
    this.numbers = undefined;
    this.spellings = undefined;
    this.spelled = new Map();
    this.allNumbers = false;
    this.codes = new Codes();
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
