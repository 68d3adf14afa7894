import type { Field, RowBatch } from '../../engine/csv/types';
import { CancelledError, InputError } from '../../engine/errors';
import type { FieldCleaner } from '../fields';
import type { RowSource, SourceOptions } from '../source';
import type { SqlExecutor } from './executor';

/**
 * Rows of a relation (a quoted table name, a table function or a parenthesised query) streamed
 * through an executor: first its column names, then `SELECT` of the chosen columns as text. The
 * executor is closed with the source.
 */
export async function openSqlSource(
  executor: SqlExecutor,
  from: string,
  file: string,
  cleaner: FieldCleaner,
  project: SourceOptions['project'],
): Promise<RowSource> {
  try {
    const all = await executor.columns(`SELECT * FROM ${from}`);
    const repeated = all.find((name, i) => all.indexOf(name) !== i);
    if (repeated !== undefined) {
      throw new InputError(`two columns are called "${repeated}"; give them different names (AS ...)`, { file, column: repeated });
    }
    const columns = project ? project(all, file) : all;
    const { dialect } = executor;
    const list = columns.map((name) => dialect.asText(dialect.identifier(name))).join(', ');
    return new SqlRowSource(file, columns, executor, `SELECT ${list} FROM ${from}`, cleaner);
  } catch (error) {
    await executor.close();
    throw error;
  }
}

class SqlRowSource implements RowSource {
  readonly warnings: readonly string[] = [];
  readonly byteSize = 0;
  private readonly stop = new AbortController();
  private iterated = false;
  private released: Promise<void> | undefined;

  constructor(
    readonly file: string,
    readonly columns: readonly string[],
    private readonly executor: SqlExecutor,
    private readonly query: string,
    private readonly cleaner: FieldCleaner,
  ) {}

  bytesRead(): number {
    return 0;
  }

  async *batches(signal?: AbortSignal): AsyncGenerator<RowBatch> {
    if (this.iterated) throw new Error('RowSource.batches() can be iterated only once');
    this.iterated = true;
    const stopped = signal ? AbortSignal.any([signal, this.stop.signal]) : this.stop.signal;
    let rowIndex = 0;
    try {
      if (this.stop.signal.aborted) throw new CancelledError();
      for await (const textRows of this.executor.stream(this.query, stopped)) {
        const rows: Field[][] = textRows.map((row) => row.map((value) => (value === null ? null : this.cleaner.clean(value))));
        // Row numbers stand for line numbers (1-based) in messages.
        const lines = rows.map((_, i) => rowIndex + i + 1);
        yield { rows, lines, firstRowIndex: rowIndex };
        rowIndex += rows.length;
      }
    } finally {
      await this.release();
    }
  }

  /** Cancels a running query and closes the connection, also when the batches are left unfinished. */
  close(): void {
    this.stop.abort();
    void this.release();
  }

  private release(): Promise<void> {
    this.released ??= this.executor.close();
    return this.released;
  }
}
