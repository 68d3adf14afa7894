// The full method comparison on the UCI Adult split (sensitive `sex`, demographic parity): every
// registered method with its strength sweep, in COMPARISON_WORKERS worker threads, with the wall
// time and the CPU time (in its worker thread) of each, and the CPU time of the whole process.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { COMPARISON_WORKERS, runComparison } from '../server/src/services/compare';
import { runMethodInWorker } from '../server/src/adapters/worker/method-runner';
import { adultCsvFiles } from '../test/support/adult';

async function main(): Promise<void> {
  const { train, test } = await adultCsvFiles();
  const out = mkdtempSync(path.join(os.tmpdir(), 'parity-bench-compare-'));
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const cpu = new Map<string, number | null>();
  const round = (x: number) => Math.round(x * 10) / 10;
  const elapsed = () => round((performance.now() - started) / 1000);
  const comparison = await runComparison(
    { train, test, label: 'income', positive: '>50K', sensitive: ['sex'], fairnessMetric: 'demographic_parity_difference', seed: 0, out },
    runMethodInWorker,
    {
      onProgress: (p) => {
        if (/: (starting|done|failed)$/.test(p.message)) process.stderr.write(`  ${elapsed()} s ${p.message}\n`);
      },
    },
    (method, seconds) => cpu.set(method, seconds),
  );
  const total = (performance.now() - started) / 1000;
  const processCpu = process.cpuUsage(cpuAtStart);
  const results = {
    machine: `this 2-core machine (shared with two other engineers' jobs), Node ${process.versions.node}, ${os.availableParallelism()} cores reported; ${COMPARISON_WORKERS} worker threads`,
    measuredAt: new Date().toISOString(),
    loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
    rows: { train: 32561, test: 16281 },
    totalSeconds: round(total),
    /** Every thread of the process: the main thread (base model, bookkeeping) and the workers. */
    processCpuSeconds: round((processCpu.user + processCpu.system) / 1e6),
    methods: comparison.methods.map((m) => {
      const cpuSeconds = cpu.get(m.method);
      return {
        method: m.method,
        seconds: round(m.seconds),
        cpuSeconds: cpuSeconds === undefined || cpuSeconds === null ? null : round(cpuSeconds),
        points: m.points,
        error: m.error,
      };
    }),
    reference: { accuracy: comparison.reference.accuracy, demographicParityDifference: comparison.reference.fairness },
    paretoFront: comparison.points
      .filter((p) => p.pareto)
      .map((p) => ({ method: p.method, [p.parameter]: p.value, accuracy: p.accuracy, demographicParityDifference: p.fairness })),
  };
  writeFileSync(path.resolve(__dirname, '../../bench/compare-results.json'), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(
    [
      `parity compare on Adult (${results.rows.train} train / ${results.rows.test} test rows): ${results.totalSeconds} s wall, ${results.processCpuSeconds} s CPU, ${COMPARISON_WORKERS} workers`,
      ...results.methods.map(
        (m) =>
          `  ${m.method.padEnd(26)} ${m.seconds.toFixed(1).padStart(6)} s  ${String(m.cpuSeconds ?? '?').padStart(6)} s CPU  ${m.points} points${m.error ? `  FAILED: ${m.error}` : ''}`,
      ),
      `  comparison.json: ${path.join(out, 'comparison.json')}`,
    ].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
