import type { RowBatch } from '../engine/table/rows';
import { CancelledError } from '../engine/errors';
import { type FieldCleaner, rowNumberedBatch } from './fields';
import type { ReadWarning } from './csv/types';
import type { RowSource } from './source';
import type { TextRow } from './sql/executor';

/**
 * A RowSource over batches of text rows (a query's result, an Arrow file's record batches): fields
 * cleaned by the CSV rule, row numbers as line numbers. `release` runs once, when the source is
 * closed (so a query can follow the rows, see `counted`); closing also aborts the signal the rows
 * are read with, which cancels a running query.
 */
export class TextRowSource implements RowSource {
  readonly warnings: readonly ReadWarning[] = [];
  protected readonly stop = new AbortController();
  private iterated = false;
  private released: Promise<void> | undefined;

  constructor(
    readonly file: string,
    readonly columns: readonly string[],
    readonly byteSize: number,
    private readonly cleaner: FieldCleaner,
    private readonly rows: (signal: AbortSignal) => AsyncIterable<TextRow[]>,
    private readonly releaseResources: () => Promise<void>,
  ) {}

  /** Unknown for these sources: progress shows rows. */
  bytesRead(): number {
    return 0;
  }

  async *batches(signal?: AbortSignal): AsyncGenerator<RowBatch> {
    if (this.iterated) throw new Error('RowSource.batches() can be iterated only once');
    this.iterated = true;
    const stopped = signal ? AbortSignal.any([signal, this.stop.signal]) : this.stop.signal;
    let rowIndex = 0;
    try {
      if (stopped.aborted) throw new CancelledError();
      for await (const rows of this.rows(stopped)) {
        yield rowNumberedBatch(rows, rowIndex, this.cleaner);
        rowIndex += rows.length;
      }
    } catch (error) {
      await this.release();
      throw error;
    }
  }

  close(): void {
    this.stop.abort();
    void this.release();
  }

  private release(): Promise<void> {
    this.released ??= this.releaseResources();
    return this.released;
  }
}
