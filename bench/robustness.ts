// Figures of issue 21 for one build (default dist/; give another build's folder, with its
// server.js and cli.js, to compare): `node out/bench/robustness.js [DIST]`. Prints one JSON line
// per case: five audits cancelled at once, a storm of 200 cancelled audits, 40 audits at once
// (the language server), the peak memory of `parity mitigate threshold` on a 2M-row, 26 MB file,
// and sensitive columns with a distinct value per row (audits at and above --max-groups, leakage).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCsv, generateScoredCsv } from './generate';
import { startServer, type ServerProcess } from '../test/support/language-server';
import { cancelledAtOnce, cancelStorm, concurrentAudits } from '../test/support/server-load';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples/compas/compas-two-years.csv');
const EXAMPLE_OPTIONS = { label: 'two_year_recid', score: 'decile_score', threshold: 5, sensitive: ['race', 'sex'], bootstrap: 20 };
const LARGE_OPTIONS = { label: 'label', score: 'score', threshold: 0.5, sensitive: ['group', 'sex'], bootstrap: 0 };

/** Peak resident memory (MB) and seconds of one CLI run, measured in its own process. */
function measuredRun(
  cli: string,
  args: string[],
  peakFile: string,
): Promise<{ code: number | null; signal: string | null; peakMb: number; seconds: number; stderr: string }> {
  const started = Date.now();
  rmSync(peakFile, { force: true });
  const child = spawn(process.execPath, ['-r', path.join(__dirname, '../test/support/report-peak.js'), cli, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PARITY_PEAK_FILE: peakFile },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // A process killed from outside writes no peak: NaN, with its signal.
  const peakMb = () => (existsSync(peakFile) ? Math.round(Number(readFileSync(peakFile, 'utf8'))) : Number.NaN);
  return new Promise((resolve) =>
    child.on('close', (code, signal) =>
      resolve({ code, signal, peakMb: peakMb(), seconds: (Date.now() - started) / 1000, stderr: stderr.trim().slice(0, 300) }),
    ),
  );
}

async function main(): Promise<void> {
  const dist = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-robustness-'));
  const large = path.join(dir, 'large.csv');
  const scores = path.join(dir, 'scores.csv');
  await generateCsv(large, 400_000);
  await generateScoredCsv(scores, 2_000_000);
  const print = (name: string, figures: object) => process.stdout.write(JSON.stringify({ case: name, ...figures }) + '\n');
  const cases: [string, (server: ServerProcess, threads: number) => Promise<object>][] = [
    ['cancelled at once', (server) => cancelledAtOnce(server, large, LARGE_OPTIONS)],
    ['cancel storm', (server, threads) => cancelStorm(server, large, LARGE_OPTIONS, threads)],
    ['40 concurrent audits', (server) => concurrentAudits(server, EXAMPLE, EXAMPLE_OPTIONS)],
  ];
  for (const [name, run] of cases) {
    const server = await startServer(path.join(dist, 'server.js'));
    try {
      await concurrentAudits(server, EXAMPLE, EXAMPLE_OPTIONS, 1); // warm up: the thread pool and the first worker start
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const baseline = { threads: server.threads(), rssMb: Math.round(server.rssMb()) };
      print(name, { baseline, ...(await run(server, baseline.threads)) });
    } finally {
      server.stop();
    }
  }
  const inputMb = statSync(scores).size / 2 ** 20;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const args = [
      'mitigate',
      'threshold',
      '--data',
      scores,
      '--score',
      'score',
      '--label',
      'label',
      '--sensitive',
      'group',
      '--out',
      path.join(dir, `threshold-${attempt}`),
    ];
    const result = await measuredRun(path.join(dist, 'cli.js'), args, path.join(dir, `peak-${attempt}.txt`));
    print('mitigate threshold, 2M rows', { attempt, inputMb: Math.round(inputMb), ...result, timesInput: Math.round((10 * result.peakMb) / inputMb) / 10 });
  }
  await highCardinality(path.join(dist, 'cli.js'), dir, print);
}

/** A distinct text value per row in the sensitive column: the audit stops at --max-groups, or computes that many groups when raised. */
async function highCardinality(cli: string, dir: string, print: (name: string, figures: object) => void): Promise<void> {
  const distinct = (rows: number) => {
    const file = path.join(dir, `zip-${rows}.csv`);
    const lines = ['zip,label,score'];
    for (let i = 0; i < rows; i++) lines.push(`z${i},${i % 2},${((i * 7) % 10) + 1}`);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const audit = ['--label', 'label', '--score', 'score', '--threshold', '5', '--sensitive', 'zip'];
  const runs: [string, string[]][] = [
    ['audit, 20,000 distinct values', ['audit', distinct(20_000), ...audit]],
    ['audit, 150,000 distinct values, --bootstrap 0', ['audit', distinct(150_000), ...audit, '--bootstrap', '0']],
    ...[2000, 5000].map((groups): [string, string[]] => [
      `audit, ${groups} groups under --max-groups ${groups}, --bootstrap 0`,
      ['audit', distinct(groups), ...audit, '--bootstrap', '0', '--max-groups', String(groups), '--format', 'json'],
    ]),
  ];
  const leakage = path.join(dir, 'leakage.csv');
  const lines = ['zip,age_band,income,race'];
  for (let i = 0; i < 1_000_000; i++) lines.push(`z${i},${i % 7},${(i * 13) % 1000},r${i % 4}`);
  writeFileSync(leakage, lines.join('\n') + '\n');
  runs.push(['leakage, 1,000,000 distinct sensitive values', ['leakage', leakage, '--sensitive', 'zip']]);
  for (const [name, args] of runs) print(name, await measuredRun(cli, args, path.join(dir, 'peak-cardinality.txt')));
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
