// What a database's refusal means, from the real servers of scripts/db/start.sh (PostgreSQL 15, a
// ClickHouse 18.16 shard) and a DuckDB file: a typo in a query, an unknown column or table is the
// query's (Edit Query… in the editor), a wrong password the login's (Enter Password Again), a
// closed port, an unknown host or database the connection's (Edit Connection…). Each is one line.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DatabaseProblem } from '../../common/input-errors';
import { DatabaseError, InputError } from '../../server/src/engine/errors';
import { openRowSource } from '../../server/src/io/open';
import { listTables } from '../../server/src/io/sql/catalog';
import { type Servers, startServers, withPassword } from '../support/databases';
import type pg from 'pg';
import { loadDuckDb, loadPostgres, postgresClient } from '../support/load-tables';

let servers: Servers;
const duckdbFile = path.join(mkdtempSync(path.join(tmpdir(), 'parity-db-problems-')), 'people.duckdb');
const columns = [
  { name: 'sex', kind: 'text' as const },
  { name: 'label', kind: 'integer' as const },
];
const rows = [
  ['F', 1],
  ['M', 0],
];

/** The problem the first rows of `relation` at `location` meet, and the message. */
async function problemOf(
  location: string,
  relation: { table: string } | { query: string },
): Promise<{ problem: DatabaseProblem | undefined; message: string }> {
  try {
    const source = await openRowSource(location, { relation });
    try {
      for await (const batch of source.batches()) void batch;
    } finally {
      source.close();
    }
  } catch (error) {
    assert.ok(error instanceof InputError, `an input error, not ${String(error)}`);
    assert.doesNotMatch(error.message, /\n/, 'one line');
    return { problem: error instanceof DatabaseError ? error.problem : undefined, message: error.message };
  }
  assert.fail(`no error from ${JSON.stringify(relation)}`);
}

async function loginProblem(location: string): Promise<DatabaseProblem | undefined> {
  try {
    await listTables(location);
  } catch (error) {
    return error instanceof DatabaseError ? error.problem : undefined;
  }
  assert.fail('the tables were listed');
}

before(async () => {
  servers = startServers();
  await loadDuckDb(duckdbFile, 'people', columns, rows);
  await withPostgres(async (admin) => {
    await admin.query('DROP TABLE IF EXISTS parity_problems');
    await loadPostgres(admin, 'parity_problems', columns, rows);
  });
});

after(async () => {
  await withPostgres((admin) => admin.query('DROP TABLE IF EXISTS parity_problems'));
  servers?.stop();
});

async function withPostgres(work: (admin: pg.Client) => Promise<unknown>): Promise<void> {
  const admin = postgresClient(servers.postgresUrl, servers.postgresPassword);
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
}

describe('a refused query, login or connection, classified by the driver code', () => {
  test('PostgreSQL', async () => {
    const url = withPassword(servers.postgresUrl, servers.postgresPassword);
    assert.equal((await problemOf(url, { query: 'SELECT sex, label FORM parity_problems' })).problem, 'query', 'a syntax error (42601)');
    assert.equal((await problemOf(url, { query: 'SELECT sexx FROM parity_problems' })).problem, 'query', 'an unknown column (42703)');
    assert.equal((await problemOf(url, { query: 'SELECT * FROM parity_problemz' })).problem, 'query', 'an unknown table (42P01)');
    assert.equal((await problemOf(url, { table: 'parity_problemz' })).problem, 'query');
    assert.equal(await loginProblem(withPassword(servers.postgresUrl, `${servers.postgresPassword}-wrong`)), 'login', 'a wrong password (28P01)');
    const wrongDatabase = new URL(url);
    wrongDatabase.pathname = '/no_such_database';
    assert.equal(await loginProblem(wrongDatabase.toString()), 'connection', 'no such database (3D000)');
    const closed = new URL(url);
    closed.port = '1';
    assert.equal(await loginProblem(closed.toString()), 'connection', 'nothing listens (ECONNREFUSED)');
  });

  test('ClickHouse', async () => {
    const url = withPassword(servers.clickhouseUrl, servers.clickhousePassword);
    const typo = await problemOf(url, { query: 'SELECT number FORM system.numbers LIMIT 3' });
    assert.equal(typo.problem, 'query', `a syntax error (62): ${typo.message}`);
    assert.equal((await problemOf(url, { query: 'SELECT numbr FROM system.numbers LIMIT 3' })).problem, 'query', 'an unknown column (47)');
    assert.equal((await problemOf(url, { query: 'SELECT * FROM no_such_table' })).problem, 'query', 'an unknown table (60)');
    assert.equal(await loginProblem(withPassword(servers.clickhouseUrl, `${servers.clickhousePassword}-wrong`)), 'login', 'a wrong password (193/516)');
    const closed = new URL(url);
    closed.port = '1';
    assert.equal(await loginProblem(closed.toString()), 'connection', 'nothing listens');
  });

  test('DuckDB', async () => {
    const url = `duckdb:${duckdbFile}`;
    assert.equal((await problemOf(url, { query: 'SELECT sex FORM people' })).problem, 'query', 'a parser error');
    assert.equal((await problemOf(url, { query: 'SELECT sexx FROM people' })).problem, 'query', 'a binder error (unknown column)');
    assert.equal((await problemOf(url, { table: 'peeople' })).problem, 'query', 'a catalog error (unknown table)');
    assert.equal(await loginProblem(`duckdb:${duckdbFile}.missing`), 'connection', 'no such database file');
  });
});
