import { InputError, throwIfAborted } from '../engine/errors';
import type { CsvOptions, Field } from '../engine/table/rows';
import type { Table } from '../engine/table/table';
import { openCsv } from './csv/reader';

/** Reads a whole CSV file into a Table, for the methods that fit models on every row. */
export interface LoadHooks {
  signal?: AbortSignal;
  /** Fraction of the file's bytes read so far. */
  onProgress?(fraction: number): void;
}

export async function loadTable(file: string, csv: CsvOptions = {}, hooks: LoadHooks = {}): Promise<Table> {
  const source = await openCsv(file, csv);
  const rows: Field[][] = [];
  const lines: number[] = [];
  try {
    for await (const batch of source.batches(hooks.signal)) {
      for (const row of batch.rows) rows.push(row);
      for (const line of batch.lines) lines.push(line);
      hooks.onProgress?.(source.byteSize > 0 ? Math.min(1, source.bytesRead() / source.byteSize) : 1);
    }
  } finally {
    source.close();
  }
  throwIfAborted(hooks.signal);
  if (rows.length === 0) throw new InputError('the file has a header but no data rows', { file });
  return { file, columns: source.columns, rows, lines };
}
