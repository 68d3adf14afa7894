// `npm run bench`: parse-only pass against the full audit (counting metrics, AUC, KS, Wasserstein,
// two sensitive columns and their intersection, no bootstrap) on synthetic files of 1M and 10M rows
// (BENCH_ROWS=1000000,… to change), then the default audit (the same with 200 bootstrap
// resamples) on 1M and 10M rows (BENCH_BOOTSTRAP_ROWS, empty to skip): its cost over the audit
// without intervals, and its peak memory. Each job runs in its own process, back to back;
// writes bench/results.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { generateCsv } from './generate';

interface JobResult {
  kind: string;
  rows: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
}

const root = path.resolve(__dirname, '../..');
const dataDir = path.join(root, 'bench/tmp');

function runJob(kind: 'parse' | 'reader-audit' | 'bootstrap', file: string): JobResult {
  const output = execFileSync(process.execPath, [path.join(__dirname, 'job.js'), kind, file], { encoding: 'utf8' });
  return JSON.parse(output) as JobResult;
}

async function syntheticFile(rows: number): Promise<string> {
  const file = path.join(dataDir, `synthetic-${rows}.csv`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${file}…\n`);
    await generateCsv(file, rows);
  }
  return file;
}

function sizesFrom(variable: string | undefined, fallback: string): number[] {
  return (variable ?? fallback).split(',').filter(Boolean).map(Number);
}

async function main(): Promise<void> {
  // The machine may be shared: the load average says how much the timings can be trusted.
  const loadBefore = loadavg()[0];
  const sizes = sizesFrom(process.env.BENCH_ROWS, '1000000,10000000');
  mkdirSync(dataDir, { recursive: true });
  const results = [];
  for (const rows of sizes) {
    const file = await syntheticFile(rows);
    const parse = runJob('parse', file);
    const audit = runJob('reader-audit', file);
    results.push({
      rows,
      megabytes: statSync(file).size / 1e6,
      parse: { ...parse, rowsPerSecond: parse.rows / parse.seconds },
      audit: { ...audit, rowsPerSecond: audit.rows / audit.seconds },
      auditOverParse: audit.seconds / parse.seconds,
      auditOverParseCpu: audit.cpuSeconds / parse.cpuSeconds,
    });
  }
  const bootstrap = [];
  for (const rows of sizesFrom(process.env.BENCH_BOOTSTRAP_ROWS, '1000000,10000000')) {
    const file = await syntheticFile(rows);
    // Back to back, so both see the same load: the audit without intervals, then the default one.
    const plain = runJob('reader-audit', file);
    const withIntervals = runJob('bootstrap', file);
    bootstrap.push({
      resamples: 200,
      ...withIntervals,
      withoutIntervals: plain,
      overAudit: withIntervals.seconds / plain.seconds,
      overAuditCpu: withIntervals.cpuSeconds / plain.cpuSeconds,
    });
  }
  const machine = {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: totalmem() / 2 ** 30,
    loadAverage: { before: loadBefore, after: loadavg()[0] },
  };
  writeFileSync(path.join(root, 'bench/results.json'), JSON.stringify({ date: new Date().toISOString(), machine, results, bootstrap }, null, 2) + '\n');
  const table = [
    '| rows | MB | parse rows/s | parse peak RSS MB | audit rows/s | audit peak RSS MB | audit / parse (wall) | audit / parse (CPU) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.rows.toLocaleString('en-US')} | ${r.megabytes.toFixed(0)} | ${Math.round(r.parse.rowsPerSecond).toLocaleString('en-US')} | ${r.parse.peakRssMb.toFixed(0)} | ${Math.round(r.audit.rowsPerSecond).toLocaleString('en-US')} | ${r.audit.peakRssMb.toFixed(0)} | ${r.auditOverParse.toFixed(2)} | ${r.auditOverParseCpu.toFixed(2)} |`,
    ),
    ...bootstrap.map(
      (b) =>
        `default audit (${b.resamples} resamples) on ${b.rows.toLocaleString('en-US')} rows: ${b.seconds.toFixed(1)} s wall, ${b.cpuSeconds.toFixed(1)} s CPU, peak RSS ${b.peakRssMb.toFixed(0)} MB; ${b.overAudit.toFixed(2)}x the audit without intervals (CPU ${b.overAuditCpu.toFixed(2)}x; ${b.withoutIntervals.seconds.toFixed(1)} s, ${b.withoutIntervals.peakRssMb.toFixed(0)} MB)`,
    ),
  ];
  process.stdout.write(table.join('\n') + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
