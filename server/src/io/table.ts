import { InputError, throwIfAborted } from '../engine/errors';
import type { CsvOptions } from '../engine/table/rows';
import { TableBuilder, type Table } from '../engine/table/table';
import { openCsv } from './csv/reader';

/** Reads a whole CSV file into a Table, for the methods that fit models on every row. */
export interface LoadHooks {
  signal?: AbortSignal;
  /** Fraction of the file's bytes read so far. */
  onProgress?(fraction: number): void;
}

/** Each batch of rows goes into the table's compact columns and is dropped (columns.ts). */
export async function loadTable(file: string, csv: CsvOptions = {}, hooks: LoadHooks = {}): Promise<Table> {
  const source = await openCsv(file, csv);
  const builder = new TableBuilder(file, source.columns);
  try {
    for await (const batch of source.batches(hooks.signal)) {
      builder.add(batch);
      hooks.onProgress?.(source.byteSize > 0 ? Math.min(1, source.bytesRead() / source.byteSize) : 1);
    }
  } finally {
    source.close();
  }
  throwIfAborted(hooks.signal);
  if (builder.rowCount === 0) throw new InputError('the file has a header but no data rows', { file });
  return builder.finish();
}
