// Peak resident memory of `parity mitigate threshold` against the input's size (issue 21, "peak
// ≤ 5× the input"): generated model-output files of 1M, 2M, 4M and 8M rows (bench/generate.ts,
// 13 bytes a row), with the default bootstrap (200) and with --bootstrap 0, each run in its own
// process (getrusage maxRSS, test/support/report-peak.ts). `node out/bench/mitigate-memory.js
// [DIST] [ROWS,ROWS...]` prints one JSON line per run, first the bare Node process, the CLI's own
// start (`--help`) and its start with the mitigation code loaded (`mitigate threshold --help`);
// DIST is a build folder with cli.js (default dist/); ROWS '' runs only those.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateScoredCsv } from './generate';

const ROOT = path.resolve(__dirname, '../..');
const PEAK_REPORTER = path.join(__dirname, '../test/support/report-peak.js');

function peakOf(args: string[], peakFile: string): Promise<{ code: number | null; peakMib: number; seconds: number }> {
  rmSync(peakFile, { force: true });
  const started = Date.now();
  const child = spawn(process.execPath, ['-r', PEAK_REPORTER, ...args], { stdio: 'ignore', env: { ...process.env, PARITY_PEAK_FILE: peakFile } });
  return new Promise((resolve) =>
    child.on('close', (code) =>
      resolve({
        code,
        peakMib: existsSync(peakFile) ? Math.round(10 * Number(readFileSync(peakFile, 'utf8'))) / 10 : Number.NaN,
        seconds: (Date.now() - started) / 1000,
      }),
    ),
  );
}

async function main(): Promise<void> {
  const cli = path.join(path.resolve(process.argv[2] ?? path.join(ROOT, 'dist')), 'cli.js');
  const sizes = (process.argv[3] ?? '1000000,2000000,4000000,8000000').split(',').filter(Boolean).map(Number);
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-mitigate-memory-'));
  const peakFile = path.join(dir, 'peak.txt');
  const print = (figures: object) => process.stdout.write(JSON.stringify(figures) + '\n');
  print({ case: 'bare node', ...(await peakOf(['-e', '0'], peakFile)) });
  print({ case: 'parity --help', ...(await peakOf([cli, '--help'], peakFile)) });
  print({ case: 'parity mitigate threshold --help', ...(await peakOf([cli, 'mitigate', 'threshold', '--help'], peakFile)) });
  for (const rows of sizes) {
    const data = path.join(dir, `scores-${rows}.csv`);
    await generateScoredCsv(data, rows);
    const inputMib = statSync(data).size / 2 ** 20;
    for (const bootstrap of [undefined, 0]) {
      const args = [cli, 'mitigate', 'threshold', '--data', data, '--score', 'score', '--label', 'label', '--sensitive', 'group'];
      args.push('--out', path.join(dir, 'out'), '--force', ...(bootstrap === undefined ? [] : ['--bootstrap', String(bootstrap)]));
      const run = await peakOf(args, peakFile);
      print({
        case: 'mitigate threshold',
        rows,
        bootstrap: bootstrap ?? 'default (200)',
        inputMib: Math.round(10 * inputMib) / 10,
        ...run,
        timesInput: Math.round((100 * run.peakMib) / inputMib) / 100,
      });
    }
    rmSync(data);
  }
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
