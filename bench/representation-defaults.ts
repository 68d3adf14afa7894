// The representation's default λ, chosen on training data only: adult.data is split (seeded, 80/20)
// into a fitting part and a validation part; for each penalty and each λ of the grid, the command
// trains the λ = 0 and the penalized network on the fitting part and reports both on the validation
// part. The default is the smallest λ whose validation figures meet the acceptance rule with a
// margin: both task heads' DP gaps down ≥ 75% (the rule says 70%), accuracy down ≤ 2.5 points
// (the rule: 3), and the transfer head's DP gap lower than without the penalty. adult.test is not
// read. Writes bench/representation-defaults.json.
// Run: npx tsc -p tsconfig.test.json && node out/bench/representation-defaults.js
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { seededRandom, shuffleInPlace } from '../server/src/engine/numerics/random';
import { rowFields } from '../server/src/engine/table/table';
import { representation } from '../server/src/methods/representation/command';
import { adultTables } from '../test/support/adult';
import { runWithFlags } from '../test/support/run-with-flags';
import type { TaskFigures } from '../test/support/representation-figures';

const GRID = [1, 2, 4, 8];
const SPLIT_SEED = 0;

async function main(): Promise<void> {
  const { train } = await adultTables();
  const order = shuffleInPlace(
    Array.from({ length: train.rowCount }, (_, i) => i),
    seededRandom(SPLIT_SEED),
  );
  const cut = Math.round(0.8 * order.length);
  const dir = path.resolve(__dirname, '../../bench/tmp/representation');
  mkdirSync(dir, { recursive: true });
  const files = { fit: path.join(dir, 'fit.csv'), validation: path.join(dir, 'validation.csv') };
  for (const [name, rows] of [
    ['fit', order.slice(0, cut)],
    ['validation', order.slice(cut)],
  ] as const) {
    writeFileSync(files[name], Papa.unparse({ fields: [...train.columns], data: rows.map((r) => rowFields(train, r).map((field) => field ?? '')) }) + '\n');
  }
  const runs: { penalty: 'mmd' | 'sinkhorn'; lambda: number; passesRule: boolean; passesWithMargin: boolean }[] = [];
  for (const penalty of ['mmd', 'sinkhorn'] as const) {
    for (const lambda of GRID) {
      const out = mkdtempSync(path.join(tmpdir(), 'parity-representation-defaults-'));
      const report = await runWithFlags(
        representation,
        {
          train: files.fit,
          test: files.validation,
          tasks: 'income=>50K,hours-per-week>40',
          sensitive: 'sex',
          'transfer-task': 'age>40',
          penalty,
          lambda: String(lambda),
          seed: '0',
          out,
        },
        {},
      );
      const parameters = report.parameters as { tasks: TaskFigures[]; transfer: TaskFigures };
      const heads = parameters.tasks.map((t) => ({
        task: t.task,
        dpReduction: 1 - t.after.demographic_parity_difference / t.before.demographic_parity_difference,
        accuracyLoss: t.before.accuracy - t.after.accuracy,
      }));
      const transferLower = parameters.transfer.after.demographic_parity_difference < parameters.transfer.before.demographic_parity_difference;
      const rule = (dp: number, loss: number) => transferLower && heads.every((h) => h.dpReduction >= dp && h.accuracyLoss <= loss);
      const run = {
        penalty,
        lambda,
        heads,
        transfer: parameters.transfer,
        passesRule: rule(0.7, 0.03),
        passesWithMargin: rule(0.75, 0.025),
        seconds: report.seconds,
      };
      runs.push(run);
      process.stdout.write(
        `${penalty} λ ${lambda}: ${heads.map((h) => `${h.task} DP −${(100 * h.dpReduction).toFixed(0)}%, accuracy −${(100 * h.accuracyLoss).toFixed(1)} pts`).join('; ')}; transfer lower: ${transferLower} (${report.seconds.toFixed(0)} s)\n`,
      );
    }
  }
  const chosen = Object.fromEntries(
    (['mmd', 'sinkhorn'] as const).map((penalty) => {
      const mine = runs.filter((r) => r.penalty === penalty);
      return [penalty, (mine.find((r) => r.passesWithMargin) ?? mine.find((r) => r.passesRule))?.lambda ?? null];
    }),
  );
  writeFileSync(
    path.resolve(__dirname, '../../bench/representation-defaults.json'),
    JSON.stringify(
      {
        command: 'npx tsc -p tsconfig.test.json && node out/bench/representation-defaults.js',
        split: `adult.data shuffled with seed ${SPLIT_SEED}: ${cut} rows to fit, ${order.length - cut} to validate`,
        chosen,
        runs,
      },
      null,
      2,
    ) + '\n',
  );
  process.stdout.write(`chosen λ: ${JSON.stringify(chosen)}\n`);
}

void main();
