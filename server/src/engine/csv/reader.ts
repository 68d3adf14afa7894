import { createReadStream, promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import Papa from 'papaparse';
import { CancelledError, InputError } from '../errors';
import { ParsedChunks } from './chunks';
import type { CsvOptions, CsvSource, Delimiter, Field, RowBatch } from './types';

const DEFAULT_MISSING = ['', 'NA', '?'];
const GZIP_MAGIC = [0x1f, 0x8b];
const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Opens a CSV (or gzip-compressed CSV) file for streaming. Resolves once the header row is read,
 * so `columns` is known; the data rows then come from `batches()` without ever holding the whole
 * file in memory. The file is only read.
 */
export async function openCsv(file: string, options: CsvOptions = {}): Promise<CsvSource> {
  const { byteSize, compressed } = await inspect(file);
  const raw = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  const text: Readable = compressed ? raw.pipe(createGunzip()) : raw;
  if (compressed) raw.on('error', (error) => text.destroy(error));
  text.setEncoding('utf8');
  const chunks = new ParsedChunks(text, options.delimiter === undefined || options.delimiter === 'auto' ? '' : options.delimiter);
  const rows = new RowStream(file, chunks, options);
  try {
    const header = await rows.readHeader();
    return new StreamingSource(file, header, byteSize, compressed, raw, text, rows);
  } catch (error) {
    text.destroy();
    raw.destroy();
    throw error;
  }
}

async function inspect(file: string): Promise<{ byteSize: number; compressed: boolean }> {
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) throw new InputError('cannot read file: it is a directory', { file });
    const handle = await fs.open(file, 'r');
    try {
      const magic = Buffer.alloc(2);
      const { bytesRead } = await handle.read(magic, 0, 2, 0);
      return { byteSize: stat.size, compressed: bytesRead === 2 && magic[0] === GZIP_MAGIC[0] && magic[1] === GZIP_MAGIC[1] };
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read file: ${systemMessage(error)}`, { file });
  }
}

function systemMessage(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  return code ?? message;
}

interface Header {
  columns: string[];
  line: number;
  delimiter: Delimiter;
  warnings: string[];
}

/**
 * Turns papaparse's chunks into data rows: skips blank and comment lines, trims fields, maps
 * missing markers to null, checks the field count, and tracks the physical line of every row
 * (one line per row plus the newlines inside its quoted fields).
 */
class RowStream {
  private readonly trim: boolean;
  private readonly missing: Set<string>;
  private readonly comments: string | undefined;
  private nextLine = 1;
  private nextRowIndex = 0;
  private width = 0;
  private firstRowSeen = false;
  private pending: string[][] = [];
  delimiter: Delimiter = ',';

  constructor(
    private readonly file: string,
    private readonly chunks: ParsedChunks,
    private readonly options: CsvOptions,
  ) {
    this.trim = options.trim ?? true;
    this.missing = new Set(options.missingMarkers ?? DEFAULT_MISSING);
    this.comments = options.comments === '' ? undefined : options.comments;
  }

  async readHeader(): Promise<Header> {
    const warnings: string[] = [];
    for (;;) {
      const chunk = await this.pull();
      if (chunk === undefined) throw new InputError('the file is empty (no header row)', { file: this.file });
      this.checkErrors(chunk);
      this.delimiter = detectedDelimiter(chunk.meta.delimiter);
      const rows = chunk.data;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const line = this.nextLine;
        this.nextLine += linesSpanned(row);
        if (this.skippable(row)) continue;
        this.pending = rows.slice(i);
        if (this.options.header === false) {
          const names = this.options.columnNames;
          if (!names || names.length === 0) {
            throw new InputError('a headerless file needs the column names (--columns)', { file: this.file });
          }
          if (names.length !== row.length) {
            throw new InputError(`${names.length} column names were given, but the rows have ${row.length} fields`, { file: this.file, line });
          }
          this.nextLine = line;
          this.width = names.length;
          return { columns: uniqueNames(names.map((n) => n.trim()), warnings), line: 0, delimiter: this.delimiter, warnings };
        }
        this.pending = rows.slice(i + 1);
        this.width = row.length;
        return { columns: uniqueNames(row.map((n) => n.trim()), warnings), line, delimiter: this.delimiter, warnings };
      }
    }
  }

  /** The next batch of data rows, or undefined at the end of the file. */
  async nextBatch(): Promise<RowBatch | undefined> {
    for (;;) {
      let rows = this.pending;
      this.pending = [];
      if (rows.length === 0) {
        const chunk = await this.pull();
        if (chunk === undefined) return undefined;
        this.checkErrors(chunk);
        rows = chunk.data;
      }
      const batch: RowBatch = { rows: [], lines: [], firstRowIndex: this.nextRowIndex };
      for (const row of rows) {
        const line = this.nextLine;
        this.nextLine += linesSpanned(row);
        if (this.skippable(row)) continue;
        if (row.length !== this.width) {
          throw new InputError(`expected ${this.width} fields, found ${row.length}`, { file: this.file, line });
        }
        batch.rows.push(this.clean(row));
        batch.lines.push(line);
      }
      this.nextRowIndex += batch.rows.length;
      if (batch.rows.length > 0) return batch;
    }
  }

  /** The next parsed chunk; a failing stream (truncated gzip, I/O error) becomes an InputError. */
  private async pull(): Promise<Papa.ParseResult<string[]> | undefined> {
    try {
      return await this.chunks.next();
    } catch (error) {
      throw new InputError(`cannot read file: ${systemMessage(error)}`, { file: this.file, line: this.nextLine });
    }
  }

  private skippable(row: string[]): boolean {
    if (!this.firstRowSeen && row.length > 0) {
      // A UTF-8 byte-order mark belongs to the file, not to the first field.
      row[0] = row[0]!.replace(/^\uFEFF/, '');
      this.firstRowSeen = true;
    }
    if (row.length === 1 && row[0]!.trim() === '') return true;
    return this.comments !== undefined && row[0]!.startsWith(this.comments);
  }

  private clean(row: string[]): Field[] {
    const fields: Field[] = new Array<Field>(row.length);
    for (let i = 0; i < row.length; i++) {
      const value = this.trim ? row[i]!.trim() : row[i]!;
      fields[i] = this.missing.has(value) ? null : value;
    }
    return fields;
  }

  /** papaparse reports an unterminated quote as an error on the row where the quote opened. */
  private checkErrors(chunk: Papa.ParseResult<string[]>): void {
    const error = chunk.errors.find((e) => e.type === 'Quotes');
    if (!error) return;
    let line = this.nextLine;
    const rows = chunk.data;
    for (let i = 0; i < (error.row ?? rows.length - 1) && i < rows.length; i++) line += linesSpanned(rows[i]!);
    throw new InputError('a quoted field is never closed (missing closing quote)', { file: this.file, line });
  }
}

function linesSpanned(row: readonly string[]): number {
  let lines = 1;
  for (const field of row) {
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) lines++;
  }
  return lines;
}

function detectedDelimiter(delimiter: string | undefined): Delimiter {
  return delimiter === ';' || delimiter === '\t' ? delimiter : ',';
}

/** Repeated names get pandas-style suffixes (`name.1`); empty names become `column_N`. */
function uniqueNames(names: readonly string[], warnings: string[]): string[] {
  const seen = new Set<string>();
  return names.map((name, index) => {
    let unique = name;
    if (unique === '') {
      unique = `column_${index + 1}`;
      warnings.push(`column ${index + 1} has no name in the header; it is called "${unique}"`);
    }
    if (seen.has(unique)) {
      let suffix = 1;
      while (seen.has(`${name}.${suffix}`)) suffix++;
      warnings.push(`column name "${name}" is repeated; column ${index + 1} is called "${name}.${suffix}"`);
      unique = `${name}.${suffix}`;
    }
    seen.add(unique);
    return unique;
  });
}

class StreamingSource implements CsvSource {
  readonly columns: readonly string[];
  readonly delimiter: Delimiter;
  readonly headerLine: number;
  readonly warnings: readonly string[];
  private started = false;

  constructor(
    readonly file: string,
    header: Header,
    readonly byteSize: number,
    readonly compressed: boolean,
    private readonly raw: ReturnType<typeof createReadStream>,
    private readonly text: Readable,
    private readonly rows: RowStream,
  ) {
    this.columns = header.columns;
    this.delimiter = header.delimiter;
    this.headerLine = header.line;
    this.warnings = header.warnings;
  }

  bytesRead(): number {
    return this.raw.bytesRead;
  }

  async *batches(signal?: AbortSignal): AsyncGenerator<RowBatch> {
    if (this.started) throw new Error('CsvSource.batches() can be iterated only once');
    this.started = true;
    try {
      for (;;) {
        if (signal?.aborted) throw new CancelledError();
        const batch = await this.rows.nextBatch();
        if (batch === undefined) return;
        yield batch;
      }
    } finally {
      this.close();
    }
  }

  close(): void {
    this.text.destroy();
    this.raw.destroy();
  }
}
