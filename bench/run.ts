// `npm run bench`: parse-only pass against the full audit (counting metrics, AUC, KS, Wasserstein,
// two sensitive columns and their intersection, no bootstrap) on synthetic files of 1M and 10M rows
// (BENCH_ROWS=1000000,… to change). Each job runs in its own process; writes bench/results.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { generateCsv } from './generate';

interface JobResult {
  kind: string;
  rows: number;
  seconds: number;
  peakRssMb: number;
}

const root = path.resolve(__dirname, '../..');
const dataDir = path.join(root, 'bench/tmp');

function runJob(kind: 'parse' | 'audit', file: string): JobResult {
  const output = execFileSync(process.execPath, [path.join(__dirname, 'job.js'), kind, file], { encoding: 'utf8' });
  return JSON.parse(output) as JobResult;
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_ROWS ?? '1000000,10000000').split(',').map(Number);
  mkdirSync(dataDir, { recursive: true });
  const results = [];
  for (const rows of sizes) {
    const file = path.join(dataDir, `synthetic-${rows}.csv`);
    if (!existsSync(file)) {
      process.stderr.write(`generating ${file}…\n`);
      await generateCsv(file, rows);
    }
    const parse = runJob('parse', file);
    const audit = runJob('audit', file);
    results.push({
      rows,
      megabytes: statSync(file).size / 1e6,
      parse: { ...parse, rowsPerSecond: parse.rows / parse.seconds },
      audit: { ...audit, rowsPerSecond: audit.rows / audit.seconds },
      auditOverParse: audit.seconds / parse.seconds,
    });
  }
  const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: totalmem() / 2 ** 30 };
  writeFileSync(path.join(root, 'bench/results.json'), JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2) + '\n');
  const table = [
    '| rows | MB | parse rows/s | parse peak RSS MB | audit rows/s | audit peak RSS MB | audit / parse |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.rows.toLocaleString('en-US')} | ${r.megabytes.toFixed(0)} | ${Math.round(r.parse.rowsPerSecond).toLocaleString('en-US')} | ${r.parse.peakRssMb.toFixed(0)} | ${Math.round(r.audit.rowsPerSecond).toLocaleString('en-US')} | ${r.audit.peakRssMb.toFixed(0)} | ${r.auditOverParse.toFixed(2)} |`,
    ),
  ];
  process.stdout.write(table.join('\n') + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
