// Post-processing at scale: the Wasserstein barycenter map fitted and applied to 1,000,000
// predictions in 8 groups, and the threshold optimizer on 1,000,000 scores (engine calls, no I/O).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../server/src/engine/numerics/random';
import { applyBarycenter, fitBarycenter } from '../server/src/methods/wasserstein/barycenter';
import { optimizeThresholds, ThresholdFairness } from '../server/src/methods/threshold/optimizer';

const ROWS = 1_000_000;

function data(): { groups: string[]; scores: Float64Array; labels: Uint8Array } {
  const random = seededRandom(42);
  const groups: string[] = [];
  const scores = new Float64Array(ROWS);
  const labels = new Uint8Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    const g = Math.min(7, Math.floor(-Math.log(1 - random()) * 2)); // unequal group sizes
    groups.push(`g${g}`);
    labels[i] = random() < 0.3 + 0.04 * g ? 1 : 0;
    scores[i] = Math.min(1, Math.max(0, 0.3 * labels[i]! + 0.03 * g + 0.6 * random()));
  }
  return { groups, scores, labels };
}

async function time<T>(run: () => T | Promise<T>): Promise<{ seconds: number; result: T }> {
  const started = performance.now();
  const result = await run();
  return { seconds: (performance.now() - started) / 1000, result };
}

async function main(): Promise<void> {
  const { groups, scores, labels } = data();
  const where = () => ({ file: 'bench' });
  const barycenter = await time(() => applyBarycenter(fitBarycenter(scores, groups, 0, 'bench'), scores, groups, 1, where));
  const thresholds = [];
  for (const fairness of ['demographic-parity', 'equal-opportunity', 'equalized-odds'] as ThresholdFairness[]) {
    thresholds.push({ fairness, seconds: (await time(() => optimizeThresholds(scores, labels, groups, fairness, 0.01, 'bench'))).seconds });
  }
  const results = {
    machine: 'this 2-core / 24 GiB machine, Node 20',
    rows: ROWS,
    groups: 8,
    wassersteinFitAndApplySeconds: Math.round(barycenter.seconds * 100) / 100,
    thresholdSeconds: Object.fromEntries(thresholds.map((t) => [t.fairness, Math.round(t.seconds * 100) / 100])),
  };
  writeFileSync(path.resolve(__dirname, '../../bench/postprocessing-results.json'), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(
    [
      `post-processing on ${ROWS.toLocaleString('en-US')} rows, 8 groups`,
      `  wasserstein fit + apply: ${results.wassersteinFitAndApplySeconds} s`,
      ...thresholds.map((t) => `  threshold ${t.fairness}: ${t.seconds.toFixed(2)} s`),
    ].join('\n') + '\n',
  );
}

void main();
