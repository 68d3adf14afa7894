import { randomUUID } from 'node:crypto';
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { CancelledError, InputError, throwIfAborted } from '../../engine/errors';
import { redactUrl, withoutSecret } from '../location';
import { CLICKHOUSE } from './dialect';
import { clickhouseProblem, databaseFailure } from './problems';
import type { SqlExecutor, TextRow } from './executor';

/** The longest a query may run (an hour). */
const QUERY_TIMEOUT_MS = 60 * 60 * 1000;

/**
 * ClickHouse over its HTTP interface (the official client), with TabSeparatedWithNames output,
 * which servers since long before 18.16 speak. Every query carries `readonly=1`; cancelling aborts
 * the HTTP request and sends `KILL QUERY` for its query_id, which also stops the shards' parts of
 * a Distributed query.
 *
 * URL: clickhouse://USER:PASSWORD@HOST:PORT/DATABASE (HTTP port, default 8123; clickhouses:// for
 * HTTPS). The user and password may instead come from CLICKHOUSE_USER and CLICKHOUSE_PASSWORD.
 */
export class ClickHouseExecutor implements SqlExecutor {
  readonly dialect = CLICKHOUSE;

  private constructor(
    readonly where: string,
    private readonly client: ClickHouseClient,
    private readonly password: string,
  ) {}

  static async connect(text: string): Promise<ClickHouseExecutor> {
    const where = redactUrl(text);
    const url = new URL(text);
    const secure = url.protocol === 'clickhouses:';
    const password = decodeURIComponent(url.password) || process.env.CLICKHOUSE_PASSWORD || '';
    const client = createClient({
      url: `${secure ? 'https' : 'http'}://${url.hostname}:${url.port || (secure ? 8443 : 8123)}`,
      username: decodeURIComponent(url.username) || process.env.CLICKHOUSE_USER || 'default',
      password,
      database: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'default',
      application: 'parity',
      // A GROUP BY sends nothing until it is done: the client's 30 s default cut off the count of a
      // 100M-row table. Cancelling (Ctrl-C, the editor) stops a long query at any time.
      request_timeout: QUERY_TIMEOUT_MS,
      compression: { request: false, response: false },
      log: { level: ClickHouseLogLevel.OFF },
    });
    const executor = new ClickHouseExecutor(where, client, password);
    try {
      const ping = await client.ping();
      if (!ping.success) throw ping.error;
    } catch (error) {
      await client.close();
      // /ping needs no login: a failed ping is the server, its host or its port
      throw databaseFailure(`cannot connect: ${withoutSecret((error as Error).message, password)}`, where, 'connection');
    }
    return executor;
  }

  async columns(query: string, signal?: AbortSignal): Promise<string[]> {
    let header: string | undefined;
    for await (const line of this.lines(`SELECT * FROM (${query}) LIMIT 0`, signal)) header ??= line;
    if (header === undefined) throw new InputError('the query returned no column names', { file: this.where });
    return parseTsvLine(header).map((name) => name ?? '');
  }

  async *stream(query: string, signal?: AbortSignal): AsyncGenerator<TextRow[]> {
    let header = true;
    let batch: TextRow[] = [];
    for await (const line of this.lines(query, signal)) {
      if (header) {
        header = false;
        continue;
      }
      batch.push(parseTsvLine(line));
      if (batch.length >= 5_000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** The response's lines (the header first), as the HTTP response streams in. */
  private async *lines(query: string, signal?: AbortSignal): AsyncGenerator<string> {
    throwIfAborted(signal);
    const queryId = `parity-${randomUUID()}`;
    const abort = new AbortController();
    const cancel = () => abort.abort();
    signal?.addEventListener('abort', cancel, { once: true });
    let finished = false;
    try {
      const result = await this.client.query({
        query,
        format: 'TabSeparatedWithNames',
        query_id: queryId,
        abort_signal: abort.signal,
        clickhouse_settings: { readonly: '1' },
      });
      for await (const rows of result.stream()) {
        throwIfAborted(signal);
        for (const row of rows) yield row.text;
      }
      finished = true;
    } catch (error) {
      if (signal?.aborted || error instanceof CancelledError) throw new CancelledError();
      throw databaseFailure(withoutSecret(serverMessage((error as Error).message), this.password), this.where, clickhouseProblem(error));
    } finally {
      signal?.removeEventListener('abort', cancel);
      if (!finished) {
        abort.abort();
        await this.kill(queryId);
      }
    }
  }

  /** KILL QUERY for one of our own query ids (a literal made here, not user text); a finished query is no error. */
  private async kill(queryId: string): Promise<void> {
    await this.client.command({ query: `KILL QUERY WHERE query_id = ${CLICKHOUSE.string(queryId)} ASYNC` }).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** The server's own sentence, without the wrapping of old servers ("Code: 60, e.displayText() = DB::Exception: …, e.what() = DB::Exception"). */
function serverMessage(message: string): string {
  return message.replace(/^Code: \d+, e\.displayText\(\) = DB::Exception: /, '').replace(/,? e\.what\(\) = DB::Exception\s*$/, '');
}

const TSV_ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', r: '\r', n: '\n', t: '\t', '0': '\0', "'": "'", '\\': '\\' };

/** One TabSeparated line: fields split on tabs, backslash escapes undone, `\N` is NULL. */
export function parseTsvLine(line: string): TextRow {
  return line.split('\t').map((field) => {
    if (field === '\\N') return null;
    if (!field.includes('\\')) return field;
    return field.replace(/\\(.)/gs, (_, escaped: string) => TSV_ESCAPES[escaped] ?? escaped);
  });
}
