import { createReadStream, promises as fs, type ReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { constants as zlib, createGunzip, gunzipSync } from 'node:zlib';
import type Papa from 'papaparse';
import { CancelledError, InputError, throwIfAborted } from '../../engine/errors';
import { columnNames } from '../../../../common/column-names';
import { DEFAULT_MISSING_MARKERS, FieldCleaner } from '../fields';
import { displayLocation, parseLocation } from '../location';
import { ParsedChunks, type ParsedChunk } from './chunks';
import { encodingOf, SNIFF_BYTES, TextDecoding, type TextEncoding } from './encoding';
import type { CsvSource, ReadWarning } from './types';
import type { CsvOptions, Delimiter, Field, RowBatch } from '../../engine/table/rows';

const GZIP_MAGIC = [0x1f, 0x8b];
/**
 * Bytes per file read and per gunzip output chunk; one chunk of text becomes one batch of rows.
 * Small enough that a batch's row objects die young: with 256 KiB, the buffered batches outlived
 * garbage collections and a 2M-row table load held 30 MB more heap (bench/robustness.ts), no
 * faster; with 64 KiB and the CLI's 1 MB semi-spaces, loading the 2M-row file of
 * bench/mitigate-memory.ts peaked 26 MB higher than with 16 KiB (116 MiB against 90) and took
 * twice as long.
 */
const CHUNK_BYTES = 16 * 1024;
/** A longer row is taken for an unclosed quote: papaparse would otherwise hold the rest of the file. */
const MAX_ROW_CHARS = 8 * 1024 * 1024;

/** The file name that reads standard input. */
export const STANDARD_INPUT = '-';

/** "-" and /dev/stdin read the process's descriptor 0 (opening /dev/stdin fails when it is a socket). */
const readsStandardInput = (file: string) => file === STANDARD_INPUT || file === '/dev/stdin';

/**
 * Opens a CSV (or gzip-compressed CSV) file for streaming. Resolves once the header row is read,
 * so `columns` is known; the data rows then come from `batches()` without ever holding the whole
 * file in memory. The file is only read. It may also be a pipe or standard input ("-" or
 * /dev/stdin), read once as it comes, and UTF-16 text with a byte-order mark.
 */
export async function openCsv(file: string, options: CsvOptions = {}): Promise<CsvSource> {
  const location = parseLocation(file);
  if (location.kind !== 'file' || location.format !== 'csv') {
    throw new InputError('only parity audit and parity leakage read Parquet, JSON Lines and Arrow so far; this command needs a CSV file', {
      file: displayLocation(file),
    });
  }
  if (options.header === false && !options.columnNames?.length) {
    throw new InputError('the file has no header row (header: false), so its column names must be given', { file });
  }
  const { byteSize, compressed, encoding, regular } = await inspect(file);
  const raw = readsStandardInput(file)
    ? createReadStream('', { fd: 0, autoClose: false, highWaterMark: CHUNK_BYTES })
    : createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const bytes: Readable = compressed ? raw.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : raw;
  // Plain UTF-8 files (nearly all) are decoded by the stream itself; the rest by TextDecoding.
  const text: Readable = encoding === 'utf8' ? bytes : bytes.pipe(new TextDecoding(file, encoding));
  // pipe() does not forward errors; papaparse listens on the text stream.
  if (raw !== text) raw.on('error', (error) => text.destroy(error));
  if (bytes !== raw && bytes !== text) bytes.on('error', (error) => text.destroy(error));
  if (encoding === 'utf8') text.setEncoding('utf8');
  const chunks = new ParsedChunks(text, {
    delimiter: options.delimiter === 'auto' ? undefined : options.delimiter,
    comments: options.comments || undefined,
  });
  const reader = new RowReader(file, chunks, options);
  try {
    const header = await reader.readHeader();
    const mostRows = regular && !compressed ? async () => (await lineBreaks(file)) + 1 : undefined;
    return new StreamingSource(file, header, chunks.delimiter, byteSize, compressed, mostRows, raw, text, reader);
  } catch (error) {
    await release(raw, text);
    throw error;
  }
}

/** Bytes of compressed data decompressed to tell the encoding of a .gz file. */
const GZIP_HEAD_BYTES = 4096;

/**
 * Size, compression and text encoding, from the first bytes of a regular file. A pipe or
 * standard input cannot be read ahead: its encoding is told as it is read (undefined here),
 * and its size is unknown (0).
 */
async function inspect(file: string): Promise<{ byteSize: number; compressed: boolean; encoding: TextEncoding | undefined; regular: boolean }> {
  if (readsStandardInput(file)) return { byteSize: 0, compressed: false, encoding: undefined, regular: false };
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) throw new InputError('cannot read file: EISDIR: it is a directory', { file });
    // A device (/dev/zero, a disk) is no data file; a pipe or a socket is read as it comes.
    if (stat.isCharacterDevice() || stat.isBlockDevice()) throw new InputError('cannot read file: not a regular file (a device)', { file });
    if (!stat.isFile()) return { byteSize: 0, compressed: false, encoding: undefined, regular: false };
    const handle = await fs.open(file, 'r');
    try {
      const head = Buffer.alloc(GZIP_HEAD_BYTES);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      const start = head.subarray(0, bytesRead);
      const compressed = start.subarray(0, GZIP_MAGIC.length).equals(Buffer.from(GZIP_MAGIC));
      return { byteSize: stat.size, compressed, encoding: encodingOf(compressed ? gunzippedHead(start) : start.subarray(0, SNIFF_BYTES), file), regular: true };
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read file: ${describeReadError(error)}`, { file });
  }
}

/** Bytes read at a time to count line breaks. */
const COUNTING_BYTES = 1 << 20;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The line breaks of a file (LF, CRLF or a bare CR, each counted once), read a megabyte at a time:
 * a file has at most that many rows plus one, whatever its quoting, blank or comment lines.
 */
async function lineBreaks(file: string): Promise<number> {
  const handle = await fs.open(file, 'r');
  try {
    const bytes = Buffer.allocUnsafe(COUNTING_BYTES);
    let breaks = 0;
    let afterCr = false;
    for (;;) {
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, null);
      if (bytesRead === 0) return breaks;
      const chunk = bytes.subarray(0, bytesRead);
      for (let at = chunk.indexOf(LF); at >= 0; at = chunk.indexOf(LF, at + 1)) breaks++;
      // A CR is a line break of its own unless an LF follows it (then the LF was counted).
      if (afterCr && chunk[0] === LF) breaks--;
      for (let at = chunk.indexOf(CR); at >= 0; at = chunk.indexOf(CR, at + 1)) if (chunk[at + 1] !== LF) breaks++;
      afterCr = chunk[bytesRead - 1] === CR;
    }
  } finally {
    await handle.close();
  }
}

/** The first bytes of the decompressed data (empty when they cannot be had: the reader reports the damage). */
function gunzippedHead(compressed: Buffer): Buffer {
  try {
    return gunzipSync(compressed, { finishFlush: zlib.Z_SYNC_FLUSH }).subarray(0, SNIFF_BYTES);
  } catch {
    return Buffer.alloc(0);
  }
}

/** One line, without the path that Node appends ("ENOENT: no such file or directory, open '…'"). */
function describeReadError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code?.startsWith('Z_')) return `damaged gzip data (${message})`;
  return message.replace(/, \w+ '.*'$/s, '').replace(/\s+/g, ' ');
}

/** Destroys the streams and waits until the file descriptor is closed. */
async function release(raw: ReadStream, text: Readable): Promise<void> {
  text.destroy();
  raw.destroy();
  if (!raw.closed) await new Promise<void>((resolve) => raw.once('close', () => resolve()));
}

interface Header {
  columns: readonly string[];
  line: number;
  warnings: ReadWarning[];
}

interface LocatedRows {
  rows: string[][];
  lines: number[];
  /** A problem with the row after `rows`, raised once they are handed out. */
  failure?: InputError;
}

const NO_ROWS: LocatedRows = { rows: [], lines: [] };

/**
 * Turns parsed chunks into data rows: skips blank lines, reports quoting errors and rows of the
 * wrong length at the line they start on, trims fields and maps missing markers to null.
 */
class RowReader {
  private readonly cleaner: FieldCleaner;
  private columns: readonly string[] = [];
  private nextRowIndex = 0;
  /** Rows located but not handed out yet (those after the header in its chunk), then their failure. */
  private pending: LocatedRows = NO_ROWS;

  constructor(
    private readonly file: string,
    private readonly chunks: ParsedChunks,
    private readonly options: CsvOptions,
  ) {
    this.cleaner = new FieldCleaner(options.missingMarkers ?? DEFAULT_MISSING_MARKERS, options.trim ?? true);
  }

  async readHeader(): Promise<Header> {
    for (;;) {
      const chunk = await this.pull();
      if (chunk === undefined) {
        const detail = this.chunks.sawText ? 'no header row: the file has only blank or comment lines' : 'the file is empty';
        throw new InputError(detail, { file: this.file });
      }
      const located = this.dataRows(chunk);
      const first = located.rows[0];
      const line = located.lines[0];
      if (located.failure && first === undefined) throw located.failure;
      if (first === undefined || line === undefined) continue;
      const warnings: ReadWarning[] = [];
      const names = this.options.columnNames;
      if (this.options.header === false && names) {
        if (names.length !== first.length) {
          throw new InputError(`${names.length} column names were given, but the first row has ${first.length} fields`, { file: this.file, line });
        }
        this.columns = uniqueNames(names, warnings);
        this.pending = located;
        return { columns: this.columns, line: 0, warnings };
      }
      this.columns = uniqueNames(first, warnings);
      this.pending = { ...located, rows: located.rows.slice(1), lines: located.lines.slice(1) };
      return { columns: this.columns, line, warnings };
    }
  }

  /** The next batch of data rows, or undefined at the end of the file. */
  async nextBatch(): Promise<RowBatch | undefined> {
    let located = this.pending;
    this.pending = NO_ROWS;
    while (located.rows.length === 0) {
      if (located.failure) throw located.failure;
      const chunk = await this.pull();
      if (chunk === undefined) return undefined;
      located = this.dataRows(chunk);
    }
    const { rows, lines, failure } = located;
    const width = this.columns.length;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (row.length !== width) throw new InputError(`expected ${width} fields, found ${row.length}`, { file: this.file, line: lines[i] });
      this.clean(row);
    }
    const batch: RowBatch = { rows, lines, firstRowIndex: this.nextRowIndex };
    this.nextRowIndex += rows.length;
    if (failure) this.pending = { ...NO_ROWS, failure };
    return batch;
  }

  /** The next parsed chunk; a failing stream (I/O error, damaged gzip data) becomes an InputError. */
  private async pull(): Promise<ParsedChunk | undefined> {
    try {
      return await this.chunks.next();
    } catch (error) {
      if (error instanceof CancelledError || error instanceof InputError) throw error;
      throw new InputError(`cannot read file: ${describeReadError(error)}`, { file: this.file, line: this.chunks.nextLine });
    }
  }

  /** The rows of a chunk other than blank lines, up to the first one papaparse could not parse. */
  private dataRows(chunk: ParsedChunk): LocatedRows {
    const error = firstRowError(chunk);
    const end = error?.row ?? chunk.rows.length;
    const rows: string[][] = [];
    const lines: number[] = [];
    for (let i = 0; i < end; i++) {
      const row = chunk.rows[i]!;
      if (row.length === 1 && row[0]!.trim() === '') continue;
      rows.push(row);
      lines.push(chunk.lines[i]!);
    }
    if (error) return { rows, lines, failure: this.parseError(error, chunk) };
    if (chunk.carriedChars > MAX_ROW_CHARS) {
      const detail = chunk.carriedLineBreak
        ? `a row is longer than ${MAX_ROW_CHARS / 2 ** 20} MiB of text; a quoted field is probably never closed`
        : `a line is longer than ${MAX_ROW_CHARS / 2 ** 20} MiB of text with no line break: is this a CSV file?`;
      return { rows, lines, failure: new InputError(detail, { file: this.file, line: this.chunks.nextLine }) };
    }
    return { rows, lines };
  }

  private parseError(error: RowError, chunk: ParsedChunk): InputError {
    const location = { file: this.file, line: chunk.lines[error.row] };
    if (error.code === 'MissingQuotes') {
      // The unclosed field is the row's last: it swallowed the rest of the file.
      const field = (chunk.rows[error.row]?.length ?? 1) - 1;
      return new InputError('a quoted field is never closed (missing closing quote)', { ...location, column: this.columns[field] ?? field + 1 });
    }
    if (error.code === 'InvalidQuotes') {
      return new InputError('a closing quote is followed by other characters (a quote inside a quoted field must be doubled: "")', location);
    }
    return new InputError(error.message, location);
  }

  /** Trims and maps missing markers in place: papaparse's row array becomes the batch's row. */
  private clean(row: Field[]): void {
    for (let i = 0; i < row.length; i++) row[i] = this.cleaner.clean(row[i]!);
  }
}

type RowError = Papa.ParseError & { row: number };

/** The first quoting error on a complete row of the chunk (others recur once the row completes). */
function firstRowError(chunk: ParsedChunk): RowError | undefined {
  let first: RowError | undefined;
  for (const error of chunk.errors) {
    const row = error.row;
    if (error.type !== 'Quotes' || row === undefined || row >= chunk.rows.length) continue;
    if (first === undefined || row < first.row) first = { ...error, row };
  }
  return first;
}

/** The header's names (columnNames), each name given said as a warning. */
function uniqueNames(names: readonly string[], warnings: ReadWarning[]): string[] {
  return columnNames(names, (message, column) => warnings.push({ message, column }));
}

class StreamingSource implements CsvSource {
  readonly columns: readonly string[];
  readonly headerLine: number;
  readonly warnings: readonly ReadWarning[];
  private iterated = false;
  private closed = false;

  constructor(
    readonly file: string,
    header: Header,
    readonly delimiter: Delimiter,
    readonly byteSize: number,
    readonly compressed: boolean,
    readonly mostRows: (() => Promise<number>) | undefined,
    private readonly raw: ReadStream,
    private readonly text: Readable,
    private readonly reader: RowReader,
  ) {
    this.columns = header.columns;
    this.headerLine = header.line;
    this.warnings = header.warnings;
  }

  bytesRead(): number {
    return this.raw.bytesRead;
  }

  /**
   * Ends by closing the file, also on error, cancellation or an early `break`. Throws
   * CancelledError once the signal aborts or close() is called, even while a read is pending.
   */
  async *batches(signal?: AbortSignal): AsyncGenerator<RowBatch> {
    if (this.iterated) throw new Error('CsvSource.batches() can be iterated only once');
    this.iterated = true;
    // Closing the streams also wakes a read that is waiting for data.
    const stop = () => this.close();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      for (;;) {
        this.throwIfStopped(signal);
        const batch = await this.reader.nextBatch();
        this.throwIfStopped(signal);
        if (batch === undefined) return;
        yield batch;
      }
    } finally {
      signal?.removeEventListener('abort', stop);
      await release(this.raw, this.text);
    }
  }

  close(): void {
    this.closed = true;
    this.text.destroy();
    this.raw.destroy();
  }

  private throwIfStopped(signal: AbortSignal | undefined): void {
    throwIfAborted(signal);
    if (this.closed) throw new CancelledError();
  }
}
