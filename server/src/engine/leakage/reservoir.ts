import { openCsv } from '../csv/reader';
import type { CsvOptions, Field } from '../csv/types';
import { InputError, throwIfAborted } from '../errors';
import type { Table } from '../table/table';
import { seededRandom } from './random';

/** The rows analysed: every row of a small file, or a uniform random sample of a large one. */
export interface RowSampleTable extends Table {
  /** Data rows in the whole file. */
  readonly totalRows: number;
}

export interface ReservoirHooks {
  signal?: AbortSignal;
  onProgress?(fraction: number): void;
}

/**
 * Streams the file once and keeps a uniform sample of at most `size` rows (reservoir sampling,
 * Vitter's algorithm R, seeded), so memory stays bounded whatever the file's length. The kept
 * rows are returned in file order.
 */
export async function reservoirSample(file: string, csv: CsvOptions, size: number, seed: number, hooks: ReservoirHooks = {}): Promise<RowSampleTable> {
  const source = await openCsv(file, csv);
  const random = seededRandom(seed);
  const kept: { row: Field[]; line: number; index: number }[] = [];
  let seen = 0;
  try {
    for await (const batch of source.batches(hooks.signal)) {
      batch.rows.forEach((row, i) => {
        const entry = { row, line: batch.lines[i]!, index: seen };
        if (seen < size) kept.push(entry);
        else {
          const slot = Math.floor(random() * (seen + 1));
          if (slot < size) kept[slot] = entry;
        }
        seen++;
      });
      hooks.onProgress?.(source.byteSize > 0 ? Math.min(1, source.bytesRead() / source.byteSize) : 1);
    }
  } finally {
    source.close();
  }
  throwIfAborted(hooks.signal);
  if (seen === 0) throw new InputError('the file has a header but no data rows', { file });
  kept.sort((a, b) => a.index - b.index);
  return { file, columns: source.columns, rows: kept.map((k) => k.row), lines: kept.map((k) => k.line), totalRows: seen };
}
