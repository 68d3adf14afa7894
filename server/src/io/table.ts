import { InputError, throwIfAborted } from '../engine/errors';
import type { CsvOptions } from '../engine/table/rows';
import { TableBuilder, type Table } from '../engine/table/table';
import { type FileFormat, parseLocation } from './location';
import { openRowSource } from './open';

/** Reads a whole data file into a Table, for the methods that fit models on every row. */
export interface LoadHooks {
  signal?: AbortSignal;
  /** Fraction of the file's bytes read so far (1 from the first batch on for the columnar formats, whose bytes read are not known). */
  onProgress?(fraction: number): void;
}

/**
 * Reads a CSV, Parquet, JSON Lines or Arrow IPC file (by extension, as `parity audit` does) with
 * the same text-field contract, so values are typed and checked alike whatever the format. Each
 * batch of rows goes into the table's compact columns and is dropped (columns.ts); the columnar
 * formats arrive 2,048 rows (DuckDB) or one record batch (Arrow) at a time.
 */
export async function loadTable(file: string, csv: CsvOptions = {}, hooks: LoadHooks = {}): Promise<Table> {
  const location = parseLocation(file);
  if (location.kind === 'database') {
    throw new InputError('mitigations read files (CSV, Parquet, JSON Lines, Arrow IPC), not database tables: export the table to Parquet first', { file });
  }
  try {
    return await readRows(file, location.format, csv, hooks);
  } catch (error) {
    const format = location.format === 'parquet' ? 'Parquet' : location.format === 'jsonl' ? 'JSON Lines' : undefined;
    const duckDb = format && error instanceof InputError ? DUCKDB_MESSAGE.exec(error.detail) : null;
    if (duckDb) throw new InputError(`not a readable ${format} file: ${duckDb[1]}`, { file });
    throw error;
  }
}

/**
 * A DuckDB error as the reader passes it on: its class ("Invalid Input Error: "), the message, and
 * the query it ran ("LINE 1: SELECT … ^"), which says nothing to someone who typed no SQL.
 */
const DUCKDB_MESSAGE = /^[A-Z][A-Za-z ]* Error: (.*?)(?:\s*LINE \d+:.*)?$/s;

async function readRows(file: string, format: FileFormat, csv: CsvOptions, hooks: LoadHooks): Promise<Table> {
  const source = await openRowSource(file, { csv });
  const builder = new TableBuilder(file, source.columns, await source.mostRows?.());
  try {
    for await (const batch of source.batches(hooks.signal)) {
      builder.add(batch);
      hooks.onProgress?.(source.byteSize > 0 ? Math.min(1, source.bytesRead() / source.byteSize) : 1);
    }
  } finally {
    source.close();
  }
  throwIfAborted(hooks.signal);
  if (builder.rowCount === 0) throw new InputError(format === 'csv' ? 'the file has a header but no data rows' : 'the file has no rows', { file });
  return builder.finish();
}
