// The full method comparison on the UCI Adult split (sensitive `sex`, demographic parity): every
// registered method with its strength sweep, one after the other, with the time of each.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runComparison } from '../server/src/mitigations/compare';
import { adultCsvFiles } from '../test/support/adult';

async function main(): Promise<void> {
  const { train, test } = await adultCsvFiles();
  const out = mkdtempSync(path.join(tmpdir(), 'parity-bench-compare-'));
  const started = performance.now();
  let last = '';
  const comparison = await runComparison(
    { train, test, label: 'income', positive: '>50K', sensitive: ['sex'], fairnessMetric: 'demographic_parity_difference', seed: 0, out },
    {
      onProgress: (p) => {
        const method = p.message.split(':')[0]!;
        if (method !== last) process.stderr.write(`  ${method}...\n`);
        last = method;
      },
    },
  );
  const total = (performance.now() - started) / 1000;
  const results = {
    machine: 'this 2-core machine (shared), Node 20; methods run sequentially',
    rows: { train: 32561, test: 16281 },
    totalSeconds: Math.round(total * 10) / 10,
    methods: comparison.methods.map((m) => ({ method: m.method, seconds: Math.round(m.seconds * 10) / 10, points: m.points, error: m.error })),
    reference: { accuracy: comparison.reference.accuracy, demographicParityDifference: comparison.reference.fairness },
    paretoFront: comparison.points.filter((p) => p.pareto).map((p) => ({ method: p.method, [p.parameter]: p.value, accuracy: p.accuracy, demographicParityDifference: p.fairness })),
  };
  writeFileSync(path.resolve(__dirname, '../../bench/compare-results.json'), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(
    [
      `parity compare on Adult (${results.rows.train} train / ${results.rows.test} test rows): ${results.totalSeconds} s`,
      ...results.methods.map((m) => `  ${m.method.padEnd(26)} ${m.seconds.toFixed(1).padStart(6)} s  ${m.points} points${m.error ? `  FAILED: ${m.error}` : ''}`),
      `  comparison.json: ${path.join(out, 'comparison.json')}`,
    ].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
