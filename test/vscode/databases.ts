// The database servers of the tests in a real VS Code, and a table loaded from a CSV file: shared by
// the extension-host runner (run.ts, suite/databases.test.ts) and the user-interface suite (ui/).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type pg from 'pg';
import { root } from './workspace';

/** The database servers' variables: those .ci/run exported, or a set started here (stopped by `stop`). */
export function databaseServers(): { variables: Record<string, string>; stop(): void } {
  if (process.env.PARITY_POSTGRES_URL && process.env.PARITY_POSTGRES_PASSWORD) {
    return { variables: { PARITY_POSTGRES_URL: process.env.PARITY_POSTGRES_URL, PARITY_POSTGRES_PASSWORD: process.env.PARITY_POSTGRES_PASSWORD }, stop() {} };
  }
  const output = execFileSync('bash', [path.join(root, 'scripts/db/start.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const variables = Object.fromEntries([...output.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  return { variables, stop: () => execFileSync('bash', [path.join(root, 'scripts/db/stop.sh'), variables.PARITY_DB_DIR!], { stdio: 'inherit' }) };
}

/** A PostgreSQL table of a CSV file's rows (no quoted fields), every column as text as the file has it. */
export async function loadCsvTable(admin: pg.Client, table: string, csvFile: string): Promise<void> {
  const [header, ...lines] = readFileSync(csvFile, 'utf8').trimEnd().split('\n');
  const columns = header!.split(',');
  const quoted = `"${table.replaceAll('"', '""')}"`;
  await admin.query(`DROP TABLE IF EXISTS ${quoted}`);
  await admin.query(`CREATE TABLE ${quoted} (${columns.map((c) => `"${c}" text`).join(', ')})`);
  for (let start = 0; start < lines.length; start += 500) {
    const chunk = lines.slice(start, start + 500).map((line) => line.split(','));
    const values = chunk.map((row, r) => `(${row.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
    await admin.query(`INSERT INTO ${quoted} VALUES ${values.join(', ')}`, chunk.flat());
  }
}

/** A Parquet file of a CSV file's rows, written by DuckDB with every column as text: what a user who converted the file has. */
export async function writeParquetCopy(csvFile: string, parquetFile: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const quoted = (file: string) => `'${file.replaceAll("'", "''")}'`;
  await connection.run(`COPY (SELECT * FROM read_csv(${quoted(csvFile)}, all_varchar = true)) TO ${quoted(parquetFile)} (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}
