// One measured job in its own process, so its peak resident memory is its own:
// `node out/bench/job.js parse|audit|bootstrap|duckdb FILE` (or `audit DATABASE_URL TABLE|QUERY`) prints a JSON line with rows, seconds
// (wall clock), cpuSeconds (this process's user + system time, DuckDB's threads included: steadier
// on a shared machine) and peak RSS. bootstrap = the audit with 200 bootstrap resamples; duckdb =
// the audit's sufficient statistics computed by DuckDB's GROUP BY over the CSV (see duckdb-csv.ts).
import { DuckDBInstance } from '@duckdb/node-api';
import { runAudit } from '../server/src/services/audit';
import { openCsv } from '../server/src/io/csv/reader';
import { DUCKDB } from '../server/src/io/sql/dialect';

async function parseOnly(file: string): Promise<JobResult> {
  const source = await openCsv(file);
  let rows = 0;
  for await (const batch of source.batches()) rows += batch.rows.length;
  return { rows };
}

async function audit(file: string, bootstrap: number, relation?: string): Promise<JobResult> {
  const report = await runAudit(file, {
    roles: { label: 'label', prediction: 'prediction', score: 'score', sensitive: ['group', 'sex'] },
    bootstrap,
    ...(relation === undefined ? {} : { relation: relation.startsWith('SELECT ') ? { query: relation } : { table: relation } }),
  });
  return { rows: report.rows, recordsRead: report.counting?.recordsRead };
}

/**
 * What the push-down would ask for, in one scan of the CSV: counts per (group, sex, label,
 * prediction) and per (group, sex, label, score), the latter being what AUC, KS and Wasserstein
 * need exactly. Every result row is read into JavaScript. Returns the rows scanned.
 */
async function duckdbAggregate(file: string): Promise<JobResult> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const sql = `SELECT "group", sex, label, prediction, score, count(*) AS n FROM read_csv(${DUCKDB.string(file)})
    GROUP BY GROUPING SETS (("group", sex, label, prediction), ("group", sex, label, score))`;
  const result = await connection.stream(sql);
  let scanned = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    // The outcome records (score NULL) add up to the rows scanned.
    for (const row of chunk.getRows()) if (row[4] === null) scanned += Number(row[5]);
  }
  connection.closeSync();
  instance.closeSync();
  return { rows: scanned };
}

/** Rows covered, and for an audit the records it read (fewer than the rows when a database counted them). */
interface JobResult {
  rows: number;
  recordsRead?: number | undefined;
}

const JOBS: Record<string, (file: string, table?: string) => Promise<JobResult>> = {
  parse: parseOnly,
  audit: (file, table) => audit(file, 0, table),
  bootstrap: (file) => audit(file, 200),
  duckdb: duckdbAggregate,
};

async function main(): Promise<void> {
  const [kind, file, table] = process.argv.slice(2);
  const job = kind === undefined ? undefined : JOBS[kind];
  if (!job || !file) throw new Error(`usage: job.js ${Object.keys(JOBS).join('|')} FILE`);
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const result = await job(file, table);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ kind, ...result, seconds, cpuSeconds, peakRssMb }) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
