// One measured job in its own process, so its peak resident memory is its own:
// `node out/bench/job.js parse|audit FILE` prints a JSON line with rows, seconds and peak RSS.
import { runAudit } from '../server/src/engine/audit/run';
import { openCsv } from '../server/src/engine/csv/reader';

async function parseOnly(file: string): Promise<number> {
  const source = await openCsv(file);
  let rows = 0;
  for await (const batch of source.batches()) rows += batch.rows.length;
  return rows;
}

async function audit(file: string): Promise<number> {
  const report = await runAudit(file, {
    roles: { label: 'label', prediction: 'prediction', score: 'score', sensitive: ['group', 'sex'] },
    bootstrap: 0,
  });
  return report.rows;
}

async function main(): Promise<void> {
  const [kind, file] = process.argv.slice(2);
  if ((kind !== 'parse' && kind !== 'audit') || !file) throw new Error('usage: job.js parse|audit FILE');
  const start = process.hrtime.bigint();
  const rows = kind === 'parse' ? await parseOnly(file) : await audit(file);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ kind, rows, seconds, peakRssMb }) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
