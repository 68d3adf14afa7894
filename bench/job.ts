// One measured job in its own process, so its peak resident memory is its own:
// `node out/bench/job.js parse|audit|bootstrap FILE` prints a JSON line with rows, seconds (wall
// clock), cpuSeconds (this process's user + system time: steadier on a shared machine) and peak RSS.
// bootstrap = the audit with 200 bootstrap resamples.
import { runAudit } from '../server/src/services/audit';
import { openCsv } from '../server/src/io/csv/reader';

async function parseOnly(file: string): Promise<number> {
  const source = await openCsv(file);
  let rows = 0;
  for await (const batch of source.batches()) rows += batch.rows.length;
  return rows;
}

async function audit(file: string, bootstrap: number): Promise<number> {
  const report = await runAudit(file, {
    roles: { label: 'label', prediction: 'prediction', score: 'score', sensitive: ['group', 'sex'] },
    bootstrap,
  });
  return report.rows;
}

async function main(): Promise<void> {
  const [kind, file] = process.argv.slice(2);
  if ((kind !== 'parse' && kind !== 'audit' && kind !== 'bootstrap') || !file) throw new Error('usage: job.js parse|audit|bootstrap FILE');
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const rows = kind === 'parse' ? await parseOnly(file) : await audit(file, kind === 'bootstrap' ? 200 : 0);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ kind, rows, seconds, cpuSeconds, peakRssMb }) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
