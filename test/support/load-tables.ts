// Loads rows into the test databases (never through Parity's read-only path): a DuckDB file, a
// PostgreSQL table, and a ClickHouse Distributed table over a MergeTree table on each shard.
import { createClient, type ClickHouseClient, ClickHouseLogLevel } from '@clickhouse/client';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { CLICKHOUSE, DUCKDB, POSTGRES } from '../../server/src/io/sql/dialect';
import type { ColumnSpec } from './compas-formats';

export type Row = (string | number | null)[];

const PG_TYPES = { integer: 'bigint', double: 'double precision', text: 'text' } as const;
const CLICKHOUSE_TYPES = { integer: 'Int64', double: 'Float64', text: 'String' } as const;
const DUCKDB_TYPES = { integer: 'BIGINT', double: 'DOUBLE', text: 'VARCHAR' } as const;

export async function loadDuckDb(file: string, table: string, columns: readonly ColumnSpec[], rows: readonly Row[]): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    const list = columns.map((c) => `${DUCKDB.identifier(c.name)} ${DUCKDB_TYPES[c.kind]}`).join(', ');
    await connection.run(`CREATE TABLE ${DUCKDB.identifier(table)} (${list})`);
    const appender = await connection.createAppender(table);
    for (const row of rows) {
      row.forEach((value, c) => {
        if (value === null) appender.appendNull();
        else if (columns[c]!.kind === 'integer') appender.appendBigInt(BigInt(value));
        else if (columns[c]!.kind === 'double') appender.appendDouble(value as number);
        else appender.appendVarchar(value as string);
      });
      appender.endRow();
    }
    appender.closeSync();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export function postgresClient(url: string, password: string): pg.Client {
  const parsed = new URL(url);
  parsed.password = password;
  return new pg.Client({ connectionString: parsed.toString() });
}

export async function loadPostgres(client: pg.Client, table: string, columns: readonly ColumnSpec[], rows: readonly Row[]): Promise<void> {
  const name = POSTGRES.identifier(table);
  await client.query(`CREATE TABLE ${name} (${columns.map((c) => `${POSTGRES.identifier(c.name)} ${PG_TYPES[c.kind]}`).join(', ')})`);
  const names = columns.map((c) => POSTGRES.identifier(c.name)).join(', ');
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    const placeholders = chunk.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
    await client.query(`INSERT INTO ${name} (${names}) VALUES ${placeholders}`, chunk.flat());
  }
}

/** A writing client (no readonly setting) for one shard's HTTP port. */
export function clickhouseClient(url: string, password: string): ClickHouseClient {
  const parsed = new URL(url);
  return createClient({
    url: `http://${parsed.hostname}:${parsed.port}`,
    username: parsed.username,
    password,
    // Loading the benchmark's 100M rows takes minutes per statement.
    request_timeout: 30 * 60 * 1000,
    compression: { request: false, response: false },
    log: { level: ClickHouseLogLevel.OFF },
  });
}

/**
 * `${table}_local` (MergeTree) on every shard and `${table}` (Distributed over them, sharded by
 * the first column) on every shard; the rows go in through shard 1's Distributed table,
 * synchronously, so each shard holds its part when this returns.
 */
export async function loadClickHouse(
  shards: readonly ClickHouseClient[],
  cluster: string,
  table: string,
  columns: readonly ColumnSpec[],
  rows: readonly Row[],
): Promise<void> {
  const local = `${table}_local`;
  const list = columns.map((c) => `${CLICKHOUSE.identifier(c.name)} ${CLICKHOUSE_TYPES[c.kind]}`).join(', ');
  const key = CLICKHOUSE.identifier(columns[0]!.name);
  for (const shard of shards) {
    await shard.command({ query: `CREATE TABLE ${CLICKHOUSE.identifier(local)} (${list}) ENGINE = MergeTree ORDER BY tuple()` });
    await shard.command({
      query: `CREATE TABLE ${CLICKHOUSE.identifier(table)} AS ${CLICKHOUSE.identifier(local)} ENGINE = Distributed(${cluster}, default, ${CLICKHOUSE.string(local)}, cityHash64(${key}))`,
    });
  }
  const values = rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, row[i]])));
  await shards[0]!.insert({ table: CLICKHOUSE.identifier(table), values, format: 'JSONEachRow', clickhouse_settings: { insert_distributed_sync: 1 } });
}
