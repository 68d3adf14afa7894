// One measured job in its own process, so its peak resident memory is its own:
// `node out/bench/job.js parse|audit|reader-audit|bootstrap FILE` (or `audit DATABASE_URL TABLE|QUERY`) prints a JSON line with
// rows, seconds (wall clock), cpuSeconds (this process's user + system time, DuckDB's threads
// included: steadier on a shared machine) and peak RSS. audit = the audit as the CLI runs it (a
// large CSV counted by DuckDB); reader-audit = every row read by Parity's reader; bootstrap = the
// reader's audit with 200 bootstrap resamples.
import { runAudit } from '../server/src/services/audit';
import { openCsv } from '../server/src/io/csv/reader';
import type { CsvCounting } from '../server/src/engine/table/rows';

async function parseOnly(file: string): Promise<JobResult> {
  const source = await openCsv(file);
  let rows = 0;
  for await (const batch of source.batches()) rows += batch.rows.length;
  return { rows };
}

async function audit(file: string, bootstrap: number, counting: CsvCounting, relation?: string): Promise<JobResult> {
  const report = await runAudit(file, {
    roles: { label: 'label', prediction: 'prediction', score: 'score', sensitive: ['group', 'sex'] },
    bootstrap,
    csv: { counting },
    ...(relation === undefined ? {} : { relation: relation.startsWith('SELECT ') ? { query: relation } : { table: relation } }),
  });
  return { rows: report.rows, recordsRead: report.counting?.recordsRead };
}

/** Rows covered, and for an audit the records it read (fewer than the rows when a database counted them). */
interface JobResult {
  rows: number;
  recordsRead?: number | undefined;
}

const JOBS: Record<string, (file: string, table?: string) => Promise<JobResult>> = {
  parse: parseOnly,
  audit: (file, relation) => audit(file, 0, 'auto', relation),
  'reader-audit': (file) => audit(file, 0, 'reader'),
  bootstrap: (file) => audit(file, 200, 'reader'),
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
