import Papa from 'papaparse';
import { writeFileAtomically } from './atomic-file';
import { numberText } from '../../../../common/decimal';

/** A CSV file's content, produced field by field as it is written (no row is held). */
export interface CsvContent {
  columns: readonly string[];
  rowCount: number;
  /** The field of a row in a column (index into `columns`); a number is written in its shortest form, null (missing) as an empty field. */
  field(row: number, column: number): string | number | null;
}

/**
 * A cell a spreadsheet would run as a formula: it starts with =, +, -, @, a tab or a carriage
 * return and is not a plain number ("-0.5" stays as it is). OWASP's "CSV injection" list.
 */
export const FORMULA_CELL = /^(?![+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$)[=+\-@\t\r]/;

/**
 * Every line of a written CSV file ends with \n, whatever the input's line breaks were: the rows
 * are rebuilt from their fields, not copied as lines.
 */
const NEWLINE = 0x0a;
const COMMA = 0x2c;
/** Bytes gathered before each write to the file: the one buffer a file is written through. */
const WRITE_BYTES = 64 * 1024;
/** A field papaparse would quote (a quote, a line break, a byte-order mark, the delimiter, a space at either end). */
const NEEDS_QUOTES = /["\r\n\uFEFF,]|^ | $/;

export interface CsvWriting {
  safeCsv: boolean;
  /** Write an empty text as "" so that a reader can tell it from a missing value (DuckDB reads an unquoted empty field as NULL). */
  quoteEmpty?: boolean;
}

/**
 * Writes a CSV file atomically (a temporary file renamed into place), through one reused buffer:
 * each field's bytes go into it and each full buffer is written (and awaited) before the next row,
 * so memory does not grow with the rows. Quoting is papaparse's (`Papa.unparse` is asked for every
 * field that needs quotes); with `safeCsv`, formula cells are neutralised the usual way: a leading
 * apostrophe, and quotes around the cell.
 */
export async function writeCsvFile(file: string, content: CsvContent, options: CsvWriting): Promise<void> {
  const config = { escapeFormulae: options.safeCsv ? FORMULA_CELL : false };
  const encode = (text: string) => ((options.safeCsv && FORMULA_CELL.test(text)) || NEEDS_QUOTES.test(text) ? Papa.unparse([[text]], config) : text);
  const width = content.columns.length;
  await writeFileAtomically(file, async (write) => {
    const out = new FieldBuffer(write);
    for (let column = 0; column < width; column++) await out.put(encode(content.columns[column]!), column === width - 1 ? NEWLINE : COMMA);
    for (let row = 0; row < content.rowCount; row++) {
      for (let column = 0; column < width; column++) {
        const field = content.field(row, column);
        // Awaited only when the buffer was written: an await per field would cost a turn each.
        const text = field === null ? '' : field === '' && options.quoteEmpty ? '""' : encode(typeof field === 'number' ? numberText(field) : field);
        const full = out.put(text, column === width - 1 ? NEWLINE : COMMA);
        if (full) await full;
      }
    }
    await out.flush();
  });
}

/** Fields' UTF-8 bytes gathered in one buffer, written to the file each time it fills up. */
class FieldBuffer {
  private readonly bytes = Buffer.allocUnsafe(WRITE_BYTES);
  private used = 0;

  constructor(private readonly write: (bytes: Uint8Array) => Promise<void>) {}

  /** Adds a field and the byte after it (a comma or the line's end). Waits only when the buffer was full. */
  put(text: string, after: number): Promise<void> | undefined {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.used + 3 * text.length + 1 <= this.bytes.length) {
      this.used += this.bytes.write(text, this.used);
      this.bytes[this.used++] = after;
      return undefined;
    }
    return this.putAfterFlush(text, after);
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    await this.write(this.bytes.subarray(0, this.used));
    this.used = 0;
  }

  private async putAfterFlush(text: string, after: number): Promise<void> {
    await this.flush();
    if (3 * text.length + 1 <= this.bytes.length) {
      this.put(text, after);
      return;
    }
    // A field longer than the buffer is written on its own.
    await this.write(Buffer.from(text));
    this.bytes[this.used++] = after;
  }
}
