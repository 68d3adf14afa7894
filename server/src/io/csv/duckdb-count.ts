import { promises as fs } from 'node:fs';
import type { CsvOptions, RowBatch } from '../../engine/table/rows';
import { DEFAULT_MISSING_MARKERS, type FieldCleaner } from '../fields';
import type { CountedRows, Counting, RowSource } from '../source';
import { DUCKDB } from '../sql/dialect';
import { DuckDbExecutor } from '../sql/duckdb';
import { countedRows } from '../sql/source';
import { encodingOf, SNIFF_BYTES } from './encoding';
import type { CsvSource, ReadWarning } from './types';

/**
 * From this size `auto` lets DuckDB count a CSV file. Measured (docs/design.md): the audit of a
 * 773 MB file took 6.1 s counted by DuckDB against the reader's 11.5 s; below 64 MiB (about
 * 800,000 rows) the reader needs a second or two, and loading DuckDB is not worth it.
 */
export const DUCKDB_CSV_FROM_BYTES = 64 * 2 ** 20;

/**
 * The CSV source, given `counted` when DuckDB reads the file as the reader does: a plain UTF-8
 * file (no gzip, no pipe, no UTF-16) with the header, if any, on line 1, no comment lines, empty
 * fields missing and fields trimmed. Otherwise the source as it is.
 */
export async function withDuckDbCounting(source: CsvSource, options: CsvOptions, cleaner: FieldCleaner): Promise<RowSource> {
  const counting = options.counting ?? 'auto';
  if (counting === 'reader' || source.compressed || options.comments || options.trim === false) return source;
  if (!(options.missingMarkers ?? DEFAULT_MISSING_MARKERS).some((marker) => marker.trim() === '')) return source;
  if (source.headerLine > 1) return source;
  if (!(await isPlainUtf8File(source.file, counting === 'auto' ? DUCKDB_CSV_FROM_BYTES : 1))) return source;
  return new DuckDbCountedCsv(source, cleaner);
}

/** A regular file of at least `minBytes` whose first bytes say UTF-8 (the reader's `encodingOf`; a UTF-8 byte-order mark is fine). */
async function isPlainUtf8File(file: string, minBytes: number): Promise<boolean> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile() || stat.size < minBytes) return false;
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return encodingOf(head.subarray(0, bytesRead), file) === 'utf8';
  } finally {
    await handle.close();
  }
}

/**
 * Rows as the reader streams them, and `counted` from DuckDB's `read_csv` with the reader's column
 * names, delimiter and RFC 4180 quoting, every column as text, so the fields are the reader's.
 * DuckDB's messages do not carry the reader's line and column, hence `recountOnError`.
 */
class DuckDbCountedCsv implements RowSource {
  constructor(
    private readonly csv: CsvSource,
    private readonly cleaner: FieldCleaner,
  ) {}

  get file(): string {
    return this.csv.file;
  }

  get columns(): readonly string[] {
    return this.csv.columns;
  }

  get warnings(): readonly ReadWarning[] {
    return this.csv.warnings;
  }

  get byteSize(): number {
    return this.csv.byteSize;
  }

  bytesRead(): number {
    return this.csv.bytesRead();
  }

  get mostRows(): (() => Promise<number>) | undefined {
    return this.csv.mostRows;
  }

  batches(signal?: AbortSignal): AsyncIterable<RowBatch> {
    return this.csv.batches(signal);
  }

  close(): void {
    this.csv.close();
  }

  readonly counting: Counting = {
    by: 'duckdb',
    recountOnError: true,
    rows: (columns, signal) => this.counted(columns, signal),
  };

  private async *counted(columns: readonly string[], signal?: AbortSignal): AsyncGenerator<CountedRows> {
    const executor = await DuckDbExecutor.inMemory(this.csv.file);
    try {
      yield* countedRows(executor, this.readCsv(), columns, this.cleaner, signal ?? new AbortController().signal);
    } finally {
      await executor.close();
    }
  }

  private readCsv(): string {
    const { string } = DUCKDB;
    const types = this.csv.columns.map((name) => `${string(name)}: 'VARCHAR'`).join(', ');
    const options = [
      `header = ${this.csv.headerLine === 1}`,
      `delim = ${string(this.csv.delimiter)}`,
      `quote = '"'`,
      `escape = '"'`,
      'auto_detect = false',
      `columns = {${types}}`,
    ];
    return `read_csv(${string(this.csv.file)}, ${options.join(', ')})`;
  }
}
