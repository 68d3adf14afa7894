// Parity's threshold optimizer on the same scores as bench/peers/fairlearn_threshold.py (exact
// constraint, tolerance 0): expected accuracy and the spread of the expected per-group rates.
// Writes bench/peers/parity-threshold.json and prints the side-by-side table with
// bench/peers/fairlearn-threshold.json.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { optimizeThresholds, positiveProbability, ThresholdFairness } from '../../server/src/methods/threshold/optimizer';
import { adultBaseScores } from '../../test/support/adult';
import { compasScores } from '../../test/support/compas-scores';

const HERE = path.resolve(__dirname, '../../../bench/peers');
const CRITERIA: [ThresholdFairness, string][] = [
  ['demographic-parity', 'demographic_parity'],
  ['equal-opportunity', 'true_positive_rate_parity'],
  ['equalized-odds', 'equalized_odds'],
];

interface FairlearnResult {
  data: string;
  sensitive: string;
  constraint: string;
  expected_accuracy: number;
}

function spread(values: number[]): number {
  return Math.max(...values) - Math.min(...values);
}

async function main(): Promise<void> {
  const fairlearn = JSON.parse(readFileSync(path.join(HERE, 'fairlearn-threshold.json'), 'utf8')) as { results: FairlearnResult[] };
  const results = [];
  for (const data of ['adult', 'compas'] as const) {
    for (const sensitive of ['race', 'sex']) {
      const { groups, labels, scores } = data === 'adult' ? await adultBaseScores([sensitive]) : await compasScores([sensitive]);
      for (const [fairness, constraint] of CRITERIA) {
        const started = performance.now();
        const rules = await optimizeThresholds(scores, labels, groups, fairness, 0, `${data}.csv`);
        const seconds = (performance.now() - started) / 1000;
        const byGroup = new Map(rules.map((rule) => [rule.group, rule]));
        const sums = new Map<string, number[]>();
        let correct = 0;
        scores.forEach((score, i) => {
          const p = positiveProbability(byGroup.get(groups[i]!)!, score);
          correct += labels[i] ? p : 1 - p;
          const s = sums.get(groups[i]!) ?? [0, 0, 0, 0, 0];
          [s[0], s[1], s[2], s[3], s[4]] = [s[0]! + 1, s[1]! + p, s[2]! + labels[i]!, s[3]! + labels[i]! * p, s[4]! + (1 - labels[i]!) * p];
          sums.set(groups[i]!, s);
        });
        const rates = [...sums.values()].map(([n, p, pos, tp, fp]) => ({ selection: p! / n!, tpr: tp! / pos!, fpr: fp! / (n! - pos!) }));
        const accuracy = correct / scores.length;
        const peer = fairlearn.results.find((r) => r.data === data && r.sensitive === sensitive && r.constraint === constraint)!;
        results.push({
          data,
          sensitive,
          constraint,
          expected_accuracy: accuracy,
          fairlearn_expected_accuracy: peer.expected_accuracy,
          difference: accuracy - peer.expected_accuracy,
          selection_rate_spread: spread(rates.map((r) => r.selection)),
          tpr_spread: spread(rates.map((r) => r.tpr)),
          fpr_spread: spread(rates.map((r) => r.fpr)),
          fit_seconds: seconds,
        });
        process.stdout.write(
          `${data.padEnd(7)} ${sensitive.padEnd(5)} ${constraint.padEnd(26)} Parity ${accuracy.toFixed(6)}  Fairlearn ${peer.expected_accuracy.toFixed(6)}  difference ${(accuracy - peer.expected_accuracy).toExponential(2)}\n`,
        );
      }
    }
  }
  writeFileSync(
    path.join(HERE, 'parity-threshold.json'),
    JSON.stringify({ command: 'npx tsc -p tsconfig.test.json && node out/bench/peers/parity-threshold.js', results }, null, 2) + '\n',
  );
}

void main();
