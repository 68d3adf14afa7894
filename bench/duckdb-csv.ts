// `node out/bench/duckdb-csv.js`: DuckDB counting a large CSV against Parity's reader. On the
// 10M-row synthetic file (BENCH_DUCKDB_ROWS to change), each job in its own process, back to back:
// the reader alone (parse), the reader's audit (every row read; no bootstrap), the audit as the
// CLI runs it (the file counted by DuckDB's GROUP BY), the audit of the same rows as Parquet, and
// pandas' read_csv of the file alone when python3 has pandas (Debian's python3-pandas), as a
// yardstick. Writes bench/duckdb-results.json.
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

/** pandas.read_csv of the file, timed in its own python3 process; nothing when pandas is missing. */
function pandasReadCsv(file: string): Record<string, ReturnType<typeof runJob>> {
  const script = `import sys, time, resource, pandas
start = time.perf_counter(); cpu = time.process_time()
rows = len(pandas.read_csv(sys.argv[1]))
usage = resource.getrusage(resource.RUSAGE_SELF)
print('{"rows": %d, "seconds": %f, "cpuSeconds": %f, "peakRssMb": %f}' % (rows, time.perf_counter() - start, time.process_time() - cpu, usage.ru_maxrss / 1024))`;
  // Debian's python3 (where python3-pandas installs) before whichever python3 comes first on the PATH.
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      return { "pandas' read_csv alone": JSON.parse(execFileSync(python, ['-c', script, file], { encoding: 'utf8' })) as ReturnType<typeof runJob> };
    } catch {
      // The next interpreter, or none.
    }
  }
  process.stderr.write('python3 with pandas not found: its read_csv is not measured (apt-get install python3-pandas)\n');
  return {};
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
    'reader alone (parse)': runJob('parse', file),
    "reader's audit": runJob('reader-audit', file),
    'audit counted by DuckDB (the default from 64 MiB)': runJob('audit', file),
    'audit of the Parquet file (counted by DuckDB)': runJob('audit', parquet),
    ...pandasReadCsv(file),
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
