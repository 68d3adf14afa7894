import pg from 'pg';
import Cursor from 'pg-cursor';
import { CancelledError, InputError, throwIfAborted } from '../../engine/errors';
import { redactUrl, withoutSecret } from '../location';
import { POSTGRES } from './dialect';
import { databaseFailure, postgresProblem } from './problems';
import type { SqlExecutor, TextRow } from './executor';

/** Rows per cursor fetch: one round trip per batch, memory bounded by the batch. */
/** How often a cancel is sent again while the cancelled query still runs. */
const CANCEL_REPEAT_MS = 250;
const FETCH_ROWS = 5_000;
const QUERY_CANCELED = '57014';

/**
 * PostgreSQL through node-postgres. The session starts read-only (`default_transaction_read_only`)
 * and every query runs in a `READ ONLY` transaction through a cursor. Cancelling calls
 * `pg_cancel_backend` on the session's backend from a second connection. The password comes from
 * the URL or the libpq variables (PGPASSWORD, ...), which node-postgres reads.
 */
export class PostgresExecutor implements SqlExecutor {
  readonly dialect = POSTGRES;

  private constructor(
    readonly where: string,
    private readonly config: pg.ClientConfig,
    private readonly client: pg.Client,
    private readonly backend: number,
  ) {}

  static async connect(url: string): Promise<PostgresExecutor> {
    const where = redactUrl(url);
    const config: pg.ClientConfig = {
      connectionString: url,
      application_name: 'parity',
      options: '-c default_transaction_read_only=on -c standard_conforming_strings=on',
    };
    const client = new pg.Client(config);
    // A dropped connection emits 'error' on the client; the running query rejects with it too.
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      return new PostgresExecutor(where, config, client, rows[0]!.pid);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw databaseFailure(`cannot connect: ${describe(error, config)}`, where, postgresProblem(error));
    }
  }

  async columns(query: string, signal?: AbortSignal): Promise<string[]> {
    throwIfAborted(signal);
    try {
      const result = await this.client.query({ text: `SELECT * FROM (${query}) AS parity_columns LIMIT 0`, rowMode: 'array' });
      return result.fields.map((field) => field.name);
    } catch (error) {
      throw this.failure(error);
    }
  }

  async *stream(query: string, signal?: AbortSignal): AsyncGenerator<TextRow[]> {
    throwIfAborted(signal);
    // A cancel that reaches the backend between the protocol messages that start the query is
    // ignored by the server, and the query runs on: so it is repeated until the query has ended.
    let repeating: NodeJS.Timeout | undefined;
    const cancel = () => {
      void this.cancelBackend();
      repeating = setInterval(() => void this.cancelBackend(), CANCEL_REPEAT_MS);
    };
    signal?.addEventListener('abort', cancel, { once: true });
    let cursor: Cursor<TextRow> | undefined;
    try {
      await this.client.query('BEGIN TRANSACTION READ ONLY');
      // Text everywhere: the columns are cast to text by the query, and no type parser runs.
      cursor = this.client.query(new Cursor<TextRow>(query, [], { rowMode: 'array', types: { getTypeParser: () => (value: string) => value } }));
      for (;;) {
        const rows = await cursor.read(FETCH_ROWS);
        throwIfAborted(signal);
        if (rows.length === 0) break;
        yield rows;
      }
    } catch (error) {
      if (signal?.aborted || (error as { code?: string }).code === QUERY_CANCELED || error instanceof CancelledError) throw new CancelledError();
      throw this.failure(error);
    } finally {
      signal?.removeEventListener('abort', cancel);
      clearInterval(repeating);
      await cursor?.close().catch(() => undefined);
      await this.client.query('ROLLBACK').catch(() => undefined);
    }
  }

  /** Stops whatever the session's backend is running; a second, short-lived connection asks the server. */
  private async cancelBackend(): Promise<void> {
    const canceller = new pg.Client(this.config);
    canceller.on('error', () => undefined);
    try {
      await canceller.connect();
      await canceller.query('SELECT pg_cancel_backend($1)', [this.backend]);
    } catch {
      // The query may have ended meanwhile; closing the session below stops it in any case.
    } finally {
      await canceller.end().catch(() => undefined);
    }
  }

  private failure(error: unknown): InputError {
    return databaseFailure(describe(error, this.config), this.where, postgresProblem(error));
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

function describe(error: unknown, config: pg.ClientConfig): string {
  const password = typeof config.password === 'string' ? config.password : new URL(String(config.connectionString)).password || process.env.PGPASSWORD;
  return withoutSecret((error as Error).message, password ? decodeURIComponent(password) : undefined);
}
