// `node out/bench/duckdb-csv.js`: is DuckDB a faster path for a large CSV? On the 10M-row synthetic
// file (BENCH_DUCKDB_ROWS to change), each job in its own process, back to back: the current
// reader alone (parse), the current streaming audit (no bootstrap), DuckDB computing the audit's
// sufficient statistics with one GROUP BY scan (job.ts `duckdb`), and, for phase 1's Parquet
// path, the streaming audit of the same rows written as Parquet (rows from DuckDB into the
// audit). Writes bench/duckdb-results.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DUCKDB } from '../server/src/io/sql/dialect';
import { generateCsv } from './generate';

const root = path.resolve(__dirname, '../..');

function runJob(kind: string, file: string): { rows: number; seconds: number; cpuSeconds: number; peakRssMb: number } {
  return JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'job.js'), kind, file], { encoding: 'utf8' })) as never;
}

async function main(): Promise<void> {
  const rows = Number(process.env.BENCH_DUCKDB_ROWS ?? 10_000_000);
  const dataDir = path.join(root, 'bench/tmp');
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, `synthetic-${rows}.csv`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${file}…\n`);
    await generateCsv(file, rows);
  }
  const parquet = file.replace(/\.csv$/, '.parquet');
  if (!existsSync(parquet)) {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`COPY (SELECT * FROM read_csv(${DUCKDB.string(file)})) TO ${DUCKDB.string(parquet)} (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
  }
  const loadBefore = loadavg()[0];
  const jobs = {
    ...Object.fromEntries(['parse', 'audit', 'duckdb'].map((kind) => [kind, runJob(kind, file)])),
    'audit of the Parquet file': runJob('audit', parquet),
  };
  for (const [kind, job] of Object.entries(jobs)) {
    if (job.rows !== rows) throw new Error(`${kind} saw ${job.rows} rows, expected ${rows}`);
  }
  const results = {
    date: new Date().toISOString(),
    rows,
    megabytes: statSync(file).size / 1e6,
    cpus: cpus().length,
    loadAverage: { before: loadBefore, after: loadavg()[0] },
    jobs,
  };
  writeFileSync(path.join(root, 'bench/duckdb-results.json'), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(
    [
      '| job | seconds | CPU seconds | peak RSS MB |',
      '|---|---:|---:|---:|',
      ...Object.entries(jobs).map(([kind, j]) => `| ${kind} | ${j.seconds.toFixed(1)} | ${j.cpuSeconds.toFixed(1)} | ${j.peakRssMb.toFixed(0)} |`),
    ].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
