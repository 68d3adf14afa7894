// Sinkhorn's default λ, chosen by 3-fold cross-validation on adult.data (issue 18). The single
// validation split of bench/representation-defaults.ts chose λ 1 with 2 points of DP reduction to
// spare, and that margin did not survive held-out data; one split and one seed cannot show how far a
// figure moves between samples. Here adult.data is shuffled with seed 0 and cut into 3 folds; each
// λ of the grid is trained (seed 0, with its own λ = 0 reference) on two folds and reported on the
// third. Rule, fixed before any run: the default is the smallest λ that meets the acceptance rule
// (each task head's DP gap down ≥ 70%, accuracy down ≤ 3 points, transfer gap lower) on every fold;
// if none does, the smallest λ that meets it on the figures averaged over the folds. adult.test is
// not read. Writes bench/representation-folds.json.
// Run: npx tsc -p tsconfig.test.json && node out/bench/representation-folds.js
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom, shuffleInPlace } from '../server/src/engine/numerics/random';
import { adultTables } from '../test/support/adult';
import { describeRun, meetsRule, runOnSplit, writeRows, type SplitRun } from './representation-runs';

const GRID = [1, 2, 4];
const FOLDS = 3;
const SPLIT_SEED = 0;

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

async function main(): Promise<void> {
  const { train } = await adultTables();
  const order = shuffleInPlace(
    Array.from({ length: train.rowCount }, (_, i) => i),
    seededRandom(SPLIT_SEED),
  );
  const dir = path.resolve(__dirname, '../../bench/tmp/representation-folds');
  mkdirSync(dir, { recursive: true });
  const folds = Array.from({ length: FOLDS }, (_, k) => {
    const files = { fit: path.join(dir, `fit-${k}.csv`), validation: path.join(dir, `validation-${k}.csv`) };
    writeRows(
      train,
      order.filter((_, at) => at % FOLDS !== k),
      files.fit,
    );
    writeRows(
      train,
      order.filter((_, at) => at % FOLDS === k),
      files.validation,
    );
    return files;
  });
  const results: { lambda: number; folds: SplitRun[]; everyFold: boolean; averaged: boolean }[] = [];
  for (const lambda of GRID) {
    const runs: SplitRun[] = [];
    for (const [k, files] of folds.entries()) {
      const run = await runOnSplit(files, 'sinkhorn', lambda, 0);
      runs.push(run);
      process.stdout.write(describeRun(`sinkhorn λ ${lambda}, fold ${k}`, run));
    }
    const averaged = {
      heads: runs[0]!.heads.map((h, i) => ({
        task: h.task,
        dpReduction: mean(runs.map((r) => r.heads[i]!.dpReduction)),
        accuracyLoss: mean(runs.map((r) => r.heads[i]!.accuracyLoss)),
      })),
      transferLower: runs.every((r) => r.transferLower),
    };
    results.push({ lambda, folds: runs, everyFold: runs.every((r) => meetsRule(r, 0.7, 0.03)), averaged: meetsRule(averaged, 0.7, 0.03) });
  }
  const chosen = (results.find((r) => r.everyFold) ?? results.find((r) => r.averaged))?.lambda ?? null;
  writeFileSync(
    path.resolve(__dirname, '../../bench/representation-folds.json'),
    JSON.stringify(
      {
        command: 'npx tsc -p tsconfig.test.json && node out/bench/representation-folds.js',
        split: `adult.data shuffled with seed ${SPLIT_SEED}, ${FOLDS} folds by position (row k of the shuffle in fold k mod ${FOLDS}); training seed 0`,
        rule: 'smallest λ meeting the acceptance rule (DP gaps down ≥ 70%, accuracy down ≤ 3 points, transfer gap lower) on every fold, else on the fold average',
        chosen: { sinkhorn: chosen },
        results,
      },
      null,
      2,
    ) + '\n',
  );
  process.stdout.write(`chosen Sinkhorn λ: ${chosen}\n`);
}

void main();
