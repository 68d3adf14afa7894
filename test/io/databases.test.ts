// Audits from real servers: a DuckDB file, PostgreSQL 15 and a two-shard ClickHouse 18.16 cluster
// (Distributed table over a MergeTree table per shard), started by scripts/db/start.sh (or by
// .ci/run). Expected values: the CSV reader's own audit of the same rows (the DuckDB-written CSV
// of the COMPAS sample), compared figure by figure to 1e-9, bootstrap intervals included.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ClickHouseClient } from '@clickhouse/client';
import { DuckDBInstance } from '@duckdb/node-api';
import type pg from 'pg';
import { CancelledError, InputError } from '../../server/src/engine/errors';
import { ClickHouseExecutor } from '../../server/src/io/sql/clickhouse';
import { DuckDbExecutor } from '../../server/src/io/sql/duckdb';
import type { SqlExecutor } from '../../server/src/io/sql/executor';
import { PostgresExecutor } from '../../server/src/io/sql/postgres';
import { type ColumnSpec, compasColumns, compasDuckDb, compasRows, PROBABILITY_AUDIT, README_AUDIT } from '../support/compas-formats';
import { type Servers, startServers, withPassword } from '../support/databases';
import { clickhouseClient, loadClickHouse, loadDuckDb, loadPostgres, postgresClient, type Row } from '../support/load-tables';
import { assertSameReport } from '../support/same-report';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const dir = mkdtempSync(path.join(tmpdir(), 'parity-databases-'));
const csvFile = path.join(dir, 'compas.csv');
const duckdbFile = path.join(dir, 'compas.duckdb');

/** Names that would end the quoting of a naive query builder in each dialect. */
const HOSTILE_TABLE = `compas"; DROP TABLE compas; --`;
const HOSTILE_COLUMN = `race'); DROP TABLE compas; -- \`x\` \\`;
const HOSTILE_LABEL = `label"; DELETE FROM compas; --`;
const HOSTILE_GROUPS = [`'); DROP TABLE compas; --`, `O'Brien "quoted" \`tick\` \\ back`];

let servers: Servers;
let pgAdmin: pg.Client;
let shards: ClickHouseClient[];
let columns: ColumnSpec[];
let rows: Row[];
let hostileColumns: ColumnSpec[];
let hostileRows: Row[];

before(async () => {
  servers = startServers();
  const { instance, connection } = await compasDuckDb();
  await connection.run(`COPY compas TO '${csvFile}' (FORMAT csv)`);
  columns = await compasColumns(connection);
  rows = await compasRows(connection);
  connection.closeSync();
  instance.closeSync();
  // 600 rows of the sample with hostile names: the race column renamed, its values replaced.
  const race = columns.findIndex((c) => c.name === 'race');
  const label = columns.findIndex((c) => c.name === 'two_year_recid');
  hostileColumns = columns.map((c, i) => (i === race ? { ...c, name: HOSTILE_COLUMN } : i === label ? { ...c, name: HOSTILE_LABEL } : c));
  hostileRows = rows.slice(0, 600).map((row, r) => row.map((value, i) => (i === race ? HOSTILE_GROUPS[r % 2]! : value)));

  await loadDuckDb(duckdbFile, 'compas', columns, rows);
  await loadDuckDb(duckdbFile, HOSTILE_TABLE, hostileColumns, hostileRows);
  pgAdmin = postgresClient(servers.postgresUrl, servers.postgresPassword);
  await pgAdmin.connect();
  await pgAdmin.query('DROP TABLE IF EXISTS compas, "compas""; DROP TABLE compas; --"; DROP SEQUENCE IF EXISTS parity_sequence');
  await loadPostgres(pgAdmin, 'compas', columns, rows);
  await loadPostgres(pgAdmin, HOSTILE_TABLE, hostileColumns, hostileRows);
  await pgAdmin.query('CREATE SEQUENCE parity_sequence');
  shards = servers.clickhouseShardUrls.map((url) => clickhouseClient(url, servers.clickhousePassword));
  for (const shard of shards) {
    for (const table of ['compas', 'compas_local', `${HOSTILE_TABLE}`, `${HOSTILE_TABLE}_local`]) {
      await shard.command({ query: `DROP TABLE IF EXISTS \`${table.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\`` });
    }
  }
  await loadClickHouse(shards, servers.clickhouseCluster, 'compas', columns, rows);
  await loadClickHouse(shards, servers.clickhouseCluster, HOSTILE_TABLE, hostileColumns, hostileRows);
  await shards[0]!.command({ query: 'DROP TABLE IF EXISTS numbers_all' });
  await shards[0]!.command({ query: `CREATE TABLE numbers_all AS system.numbers ENGINE = Distributed(${servers.clickhouseCluster}, system, numbers)` });
});

after(async () => {
  await pgAdmin?.end();
  for (const shard of shards ?? []) await shard.close();
  servers?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function run(source: string, args: readonly string[], env: Record<string, string> = {}) {
  const passwords = { PGPASSWORD: servers.postgresPassword, CLICKHOUSE_PASSWORD: servers.clickhousePassword };
  return spawnSync(process.execPath, [cli, 'audit', source, ...args, '--format', 'json'], {
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, ...passwords, ...env },
  });
}

function audit(source: string, args: readonly string[]): { file: string; rows: number; counting: unknown } {
  const result = run(source, args);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as { file: string; rows: number; counting: unknown };
}

const sources = () => ({ duckdb: `duckdb:${duckdbFile}`, postgres: servers.postgresUrl, clickhouse: servers.clickhouseUrl });
const ORDERED = ['--query', 'SELECT * FROM compas ORDER BY id'];

describe('the same rows from each database give the CSV audit', () => {
  for (const [name, args] of Object.entries({ 'README example': README_AUDIT, 'probability by race and binned age': PROBABILITY_AUDIT })) {
    test(`${name}: DuckDB, PostgreSQL and the ClickHouse cluster (query in row order)`, () => {
      const expected = audit(csvFile, args);
      assert.equal(expected.rows, 7214);
      for (const [database, source] of Object.entries(sources())) {
        const report = audit(source, [...args, ...ORDERED]);
        const figures = assertSameReport(report, expected);
        assert.ok(figures > 200, `${database}: only ${figures} numbers compared`);
      }
    });
  }

  test('--table (rows in whatever order the server keeps them): every figure, intervals included, counted by the database', async () => {
    const counts = await Promise.all(
      shards.map(async (shard) => Number(await (await shard.query({ query: 'SELECT count() FROM compas_local', format: 'TabSeparated' })).text())),
    );
    assert.equal(counts[0]! + counts[1]!, 7214);
    assert.ok(counts[0]! > 1000 && counts[1]! > 1000, `rows per shard: ${counts.join(', ')}`);
    // The bootstrap draws from the statistics, not by row number, so no ORDER BY is needed.
    for (const args of [README_AUDIT, PROBABILITY_AUDIT]) {
      const expected = audit(csvFile, args);
      assert.deepEqual(expected.counting, { by: 'parity', recordsRead: 7214 });
      // Independent count of what the GROUP BY must return: distinct (race, sex, label, score) of the rows, from the loaded data.
      const distinct = distinctCombinations(args);
      for (const [database, source] of Object.entries(sources())) {
        const report = audit(source, [...args, '--table', 'compas']);
        assert.ok(assertSameReport(report, expected) > 200, database);
        assert.deepEqual(report.counting, { by: database, recordsRead: distinct }, database);
      }
    }
  });
});

describe('hostile names are quoted, never run', () => {
  test('a table, a column and group values made of quotes, semicolons, -- and DROP TABLE', async () => {
    for (const [database, source] of Object.entries(sources())) {
      const report = audit(source, [
        '--table',
        HOSTILE_TABLE,
        '--label',
        HOSTILE_LABEL,
        '--score',
        'decile_score',
        '--threshold',
        '5',
        '--sensitive',
        HOSTILE_COLUMN,
        '--bootstrap',
        '0',
      ]) as unknown as {
        rows: number;
        columns: { sensitive: string[]; label: string };
        groupings: { by: string[]; groups: { key: Record<string, string> }[] }[];
      };
      assert.equal(report.rows, 600, database);
      assert.deepEqual(report.columns.sensitive, [HOSTILE_COLUMN], database);
      assert.equal(report.columns.label, HOSTILE_LABEL, database);
      const keys = report.groupings[0]!.groups.map((group) => group.key[HOSTILE_COLUMN]).sort();
      assert.deepEqual(keys, [...HOSTILE_GROUPS].sort(), database);
    }
    // Every table is still there with all its rows.
    assert.equal(await duckdbCount('compas'), 7214);
    assert.equal(await duckdbCount(HOSTILE_TABLE), 600);
    assert.equal((await pgAdmin.query('SELECT count(*)::int AS n FROM compas')).rows[0].n, 7214);
    assert.equal((await pgAdmin.query(`SELECT count(*)::int AS n FROM "compas""; DROP TABLE compas; --"`)).rows[0].n, 600);
    for (const table of ['compas', HOSTILE_TABLE]) {
      const result = await shards[1]!.query({ query: `SELECT count() FROM \`${table.replaceAll('`', '\\`')}\``, format: 'TabSeparated' });
      assert.equal(Number(await result.text()), table === 'compas' ? 7214 : 600);
    }
  });
});

async function duckdbCount(table: string): Promise<number> {
  const instance = await DuckDBInstance.create(duckdbFile, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const result = await connection.runAndReadAll(`SELECT count(*) FROM "${table.replaceAll('"', '""')}"`);
  const count = Number(result.getRows()[0]![0]);
  connection.closeSync();
  instance.closeSync();
  return count;
}

describe('the read-only path refuses writes', () => {
  const executors = (): Record<string, () => Promise<SqlExecutor>> => ({
    duckdb: () => DuckDbExecutor.openFile(duckdbFile),
    postgres: () => PostgresExecutor.connect(withPassword(servers.postgresUrl, servers.postgresPassword)),
    clickhouse: () => ClickHouseExecutor.connect(withPassword(servers.clickhouseUrl, servers.clickhousePassword)),
  });
  const writes: Record<string, string[]> = {
    duckdb: ['DELETE FROM compas', 'CREATE TABLE parity_written AS SELECT 1 AS x', 'DROP TABLE compas'],
    postgres: ['DELETE FROM compas', 'CREATE TABLE parity_written AS SELECT 1 AS x', 'DROP TABLE compas'],
    // The client appends FORMAT, which makes the first an INSERT with inline (empty) data; the last reads another server.
    clickhouse: [
      'INSERT INTO compas_local',
      'CREATE TABLE parity_written (x UInt8) ENGINE = Memory',
      'DROP TABLE compas_local',
      "SELECT * FROM url('http://127.0.0.1:1/', CSV, 'x String')",
    ],
  };

  test('writes sent through each executor fail, and the tables keep their rows', async () => {
    for (const [database, open] of Object.entries(executors())) {
      for (const statement of writes[database]!) {
        const executor = await open();
        try {
          await assert.rejects(
            () => drain(executor.stream(statement)),
            (error: unknown) => error instanceof InputError && /read.?only/i.test(error.message),
            `${database}: ${statement}`,
          );
        } finally {
          await executor.close();
        }
      }
    }
    assert.equal(await duckdbCount('compas'), 7214);
    assert.equal((await pgAdmin.query('SELECT count(*)::int AS n FROM compas')).rows[0].n, 7214);
    const result = await shards[0]!.query({ query: 'SELECT count() FROM compas', format: 'TabSeparated' });
    assert.equal(Number(await result.text()), 7214);
  });

  test('a query that writes from inside a SELECT (nextval) fails in the read-only transaction', async () => {
    const result = run(servers.postgresUrl, [...README_AUDIT, '--query', "SELECT *, nextval('parity_sequence') AS n FROM compas"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /read-only transaction/);
    const {
      rows: [sequence],
    } = await pgAdmin.query('SELECT is_called FROM parity_sequence');
    assert.equal(sequence.is_called, false);
  });

  test('a second statement after the query is a syntax error, not a second statement', async () => {
    for (const source of Object.values(sources())) {
      const result = run(source, [...README_AUDIT, '--query', 'SELECT * FROM compas; DROP TABLE compas']);
      assert.equal(result.status, 2, result.stderr);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
    assert.equal(await duckdbCount('compas'), 7214);
    assert.equal((await pgAdmin.query('SELECT count(*)::int AS n FROM compas')).rows[0].n, 7214);
  });
});

describe('credentials stay out of reports and messages', () => {
  test('a password in the URL is neither in the report nor in an error', () => {
    for (const [url, password] of [
      [servers.postgresUrl, servers.postgresPassword],
      [servers.clickhouseUrl, servers.clickhousePassword],
    ] as const) {
      const withSecret = withPassword(url, password);
      const ok = run(withSecret, [...README_AUDIT, '--table', 'compas', '--bootstrap', '0'], { PGPASSWORD: '', CLICKHOUSE_PASSWORD: '' });
      assert.equal(ok.status, 0, ok.stderr);
      assert.ok(!ok.stdout.includes(password) && !ok.stderr.includes(password));
      assert.equal((JSON.parse(ok.stdout) as { file: string }).file, `${url} table "compas"`);

      const wrong = 'Wr0ng-s3cret-value';
      const failed = run(withPassword(url, wrong), [...README_AUDIT, '--table', 'compas'], { PGPASSWORD: '', CLICKHOUSE_PASSWORD: '' });
      assert.equal(failed.status, 2);
      assert.match(failed.stderr, /^parity: error: .*(password|Authentication|auth)/i);
      assert.ok(!failed.stderr.includes(wrong), failed.stderr);
      assert.ok(failed.stderr.includes(url), failed.stderr);
    }
  });
});

describe('cancelling stops the query on the server', () => {
  test('PostgreSQL: pg_cancel_backend ends a running query', async () => {
    const executor = await PostgresExecutor.connect(withPassword(servers.postgresUrl, servers.postgresPassword));
    const controller = new AbortController();
    const running = drain(executor.stream('SELECT pg_sleep(120)', controller.signal));
    await waitFor(
      async () =>
        (await pgAdmin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(120)' AND state = 'active'")).rows[0].n === 1,
    );
    controller.abort();
    await assert.rejects(running, CancelledError);
    await waitFor(
      async () =>
        (await pgAdmin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(120)' AND state = 'active'")).rows[0].n === 0,
    );
    await executor.close();
  });

  test('ClickHouse: a query over both shards is killed on each', async () => {
    const executor = await ClickHouseExecutor.connect(withPassword(servers.clickhouseUrl, servers.clickhousePassword));
    const controller = new AbortController();
    // numbers_all: a Distributed table over each shard's endless system.numbers (table functions are refused under readonly).
    const query = 'SELECT count() FROM numbers_all WHERE NOT ignore(sleepEachRow(0.00001))';
    const running = drain(executor.stream(query, controller.signal));
    const active = async (shard: ClickHouseClient) => {
      const result = await shard.query({
        query: "SELECT count() FROM system.processes WHERE query LIKE '%sleepEachRow(0.00001)%' AND query NOT LIKE '%system.processes%'",
        format: 'TabSeparated',
      });
      return Number(await result.text());
    };
    await waitFor(async () => (await active(shards[0]!)) > 0 && (await active(shards[1]!)) > 0);
    controller.abort();
    await assert.rejects(running, CancelledError);
    await waitFor(async () => (await active(shards[0]!)) === 0 && (await active(shards[1]!)) === 0);
    await executor.close();
  });

  test('DuckDB: interrupt ends a running query', async () => {
    const executor = await DuckDbExecutor.openFile(duckdbFile);
    const controller = new AbortController();
    const running = drain(executor.stream('SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b', controller.signal));
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(running, CancelledError);
    await executor.close();
  });
});

/** Reads a query's rows to the end. */
async function drain(rows: AsyncIterable<unknown>): Promise<void> {
  const iterator = rows[Symbol.asyncIterator]();
  while (!(await iterator.next()).done);
}

/** Polls a condition every 100 ms, failing after 20 s: the servers' state changes asynchronously. */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail('condition not reached within 20 s');
}

/** Distinct combinations, over the loaded rows, of the columns an audit with these flags reads (sensitive, label, score). */
function distinctCombinations(args: readonly string[]): number {
  const flag = (name: string) => args[args.indexOf(name) + 1]!;
  const read = [...flag('--sensitive').split(','), flag('--label'), flag('--score')].map((name) => columns.findIndex((c) => c.name === name));
  assert.ok(read.every((index) => index >= 0));
  return new Set(rows.map((row) => JSON.stringify(read.map((index) => row[index])))).size;
}
