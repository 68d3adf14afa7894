import type { CsvOptions, Field, RowBatch } from '../engine/table/rows';
import { InputError, throwIfAborted } from '../engine/errors';
import { tableFromRows, type Table } from '../engine/table/table';
import { seededRandom } from '../engine/numerics/random';
import { openRowSource } from './open';

/** The rows analysed: every row of a small file, or a uniform random sample of a large one. */
export interface RowSampleTable extends Table {
  /** Data rows in the whole file (in its first rows read, with `firstRows`). */
  readonly totalRows: number;
  /** Reading stopped at a row limit: the file has more rows than `totalRows`. */
  readonly firstRows?: true;
}

export interface ReservoirHooks {
  signal?: AbortSignal;
  onProgress?(fraction: number): void;
}

/**
 * A uniform sample of at most `size` rows from batches seen one at a time (reservoir sampling,
 * Vitter's algorithm R, seeded), so memory stays bounded whatever the file's length. It can ride
 * along another pass over the file (the editor's audit) instead of reading it again.
 */
export class ReservoirSampler {
  private readonly kept: { row: Field[]; line: number; index: number }[] = [];
  private readonly random: () => number;
  private seen = 0;

  constructor(
    private readonly size: number,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  add(batch: RowBatch): void {
    batch.rows.forEach((row, i) => {
      const entry = { row, line: batch.lines[i]!, index: this.seen };
      if (this.seen < this.size) this.kept.push(entry);
      else {
        const slot = Math.floor(this.random() * (this.seen + 1));
        if (slot < this.size) this.kept[slot] = entry;
      }
      this.seen++;
    });
  }

  /** The kept rows in file order. */
  table(file: string, columns: readonly string[]): RowSampleTable {
    if (this.seen === 0) throw new InputError('the file has a header but no data rows', { file });
    const kept = [...this.kept].sort((a, b) => a.index - b.index);
    const table = tableFromRows(
      file,
      columns,
      kept.map((k) => k.row),
      kept.map((k) => k.line),
    );
    return { ...table, totalRows: this.seen };
  }
}

/**
 * Streams the file (CSV, Parquet, JSON Lines or Arrow) once, or its first `maxRows` rows, and
 * returns a uniform sample of at most `size` rows of them (see ReservoirSampler).
 */
export async function reservoirSample(
  file: string,
  csv: CsvOptions,
  size: number,
  seed: number,
  hooks: ReservoirHooks = {},
  maxRows = Number.POSITIVE_INFINITY,
): Promise<RowSampleTable> {
  const source = await openRowSource(file, { csv });
  const sampler = new ReservoirSampler(size, seed);
  let read = 0;
  let more = false;
  try {
    for await (const batch of source.batches(hooks.signal)) {
      const kept = Math.min(batch.rows.length, maxRows - read);
      more = kept < batch.rows.length;
      sampler.add(more ? { ...batch, rows: batch.rows.slice(0, kept), lines: batch.lines.slice(0, kept) } : batch);
      read += kept;
      hooks.onProgress?.(source.byteSize > 0 ? Math.min(1, source.bytesRead() / source.byteSize) : 1);
      if (more) break;
    }
  } finally {
    source.close();
  }
  throwIfAborted(hooks.signal);
  const table = sampler.table(file, source.columns);
  return more ? { ...table, firstRows: true } : table;
}
