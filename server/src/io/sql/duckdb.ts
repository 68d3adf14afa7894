import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { CancelledError, InputError, throwIfAborted } from '../../engine/errors';
import { withoutSecret } from '../location';
import { DUCKDB } from './dialect';
import { databaseFailure, duckdbProblem } from './problems';
import { type SqlExecutor, type TextRow, valueText } from './executor';

/** DuckDB's working memory (its default is 80% of the machine's); a GROUP BY beyond it spills to disk. */
const DUCKDB_MEMORY_LIMIT = '1GB';

/**
 * DuckDB, embedded: a database file opened read-only (`duckdb:PATH`), or an in-memory database
 * that reads Parquet and JSON files. Queries stream chunk by chunk (2,048 rows).
 */
export class DuckDbExecutor implements SqlExecutor {
  readonly dialect = DUCKDB;

  private constructor(
    readonly where: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly spillDirectory: string,
  ) {}

  /** A database file, read-only: DuckDB refuses every write on it. */
  static async openFile(path: string): Promise<DuckDbExecutor> {
    return DuckDbExecutor.create(`duckdb:${path}`, path, { access_mode: 'READ_ONLY' });
  }

  /** An empty in-memory database, for reading files through table functions (read_parquet, read_json, read_csv). */
  static async inMemory(where: string): Promise<DuckDbExecutor> {
    return DuckDbExecutor.create(where, ':memory:', {});
  }

  /**
   * DuckDB spills a large GROUP BY to disk beyond its memory limit, by default into `./.tmp` or
   * next to the database file, that is into the user's folders: a private temporary folder
   * instead, removed on close, and a limit that keeps its memory bounded whatever the rows.
   */
  private static async create(where: string, path: string, options: Record<string, string>): Promise<DuckDbExecutor> {
    let instance: DuckDBInstance | undefined;
    const spillDirectory = await mkdtemp(join(tmpdir(), 'parity-duckdb-'));
    try {
      // Loaded on first use: CSV-only runs do not need the native binding (about 70 MB).
      const { DuckDBInstance } = await import('@duckdb/node-api');
      instance = await DuckDBInstance.create(path, { ...options, temp_directory: spillDirectory, memory_limit: DUCKDB_MEMORY_LIMIT });
      return new DuckDbExecutor(where, instance, await instance.connect(), spillDirectory);
    } catch (error) {
      instance?.closeSync();
      await rm(spillDirectory, { recursive: true, force: true });
      const detail = `cannot open the DuckDB database: ${withoutSecret((error as Error).message, undefined)}`;
      throw databaseFailure(detail, where, path === ':memory:' ? undefined : 'connection');
    }
  }

  async columns(query: string, signal?: AbortSignal): Promise<string[]> {
    throwIfAborted(signal);
    try {
      const result = await this.connection.stream(`SELECT * FROM (${query}) AS parity_columns LIMIT 0`);
      return result.columnNames();
    } catch (error) {
      throw this.failure(error);
    }
  }

  async *stream(query: string, signal?: AbortSignal): AsyncGenerator<TextRow[]> {
    throwIfAborted(signal);
    const interrupt = () => this.connection.interrupt();
    signal?.addEventListener('abort', interrupt, { once: true });
    let finished = false;
    try {
      const result = await this.connection.stream(query);
      for (;;) {
        const chunk = await result.fetchChunk();
        throwIfAborted(signal);
        if (chunk === null || chunk.rowCount === 0) break;
        yield chunk.getRows().map((row) => row.map(valueText));
      }
      finished = true;
    } catch (error) {
      if (signal?.aborted || error instanceof CancelledError) throw new CancelledError();
      throw this.failure(error);
    } finally {
      signal?.removeEventListener('abort', interrupt);
      if (!finished) this.connection.interrupt();
    }
  }

  /** A query of a database file may be the user's (a typo to edit); one of a data file read through DuckDB is not. */
  private failure(error: unknown): InputError {
    return databaseFailure(withoutSecret((error as Error).message, undefined), this.where, this.where.startsWith('duckdb:') ? duckdbProblem(error) : undefined);
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
    await rm(this.spillDirectory, { recursive: true, force: true });
  }
}
