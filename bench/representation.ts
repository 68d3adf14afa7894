// Fair representation training on UCI Adult (32,561 training rows): seconds per epoch with no
// penalty, MMD and Sinkhorn (each at its shipped default λ), at batch sizes 128, 256 and 512, and the
// projected time of one training with the default number of epochs. Engine calls only (no CSV writing).
//   node out/bench/representation.js [epochs per cell, default 2]
// Wall-clock and CPU seconds (process.cpuUsage) are both printed, with the load average before and
// after: on a shared machine the CPU time says what the code costs, the wall time what a user waited.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { everyColumnBut, featureNames, fitFeatureEncoding } from '../server/src/engine/learners/features';
import { sparseRows } from '../server/src/methods/representation/model';
import { DEFAULT_PENALTY, PenaltyKind } from '../server/src/methods/representation/penalty';
import { parseTaskSpec, taskLabels } from '../server/src/methods/representation/tasks';
import { TRAINING_DEFAULTS, trainRepresentation } from '../server/src/methods/representation/train';
import { sensitiveGroupColumn } from '../server/src/engine/audit/sensitive-bins';
import { DEFAULT_LAMBDA } from '../server/src/methods/representation/params';
import { adultTables } from '../test/support/adult';

const BATCH_SIZES = [128, 256, 512];
const PENALTIES: { name: string; kind: PenaltyKind; lambda: number }[] = [
  { name: 'none (λ = 0)', kind: 'mmd', lambda: 0 },
  { name: `mmd λ ${DEFAULT_LAMBDA.mmd}`, kind: 'mmd', lambda: DEFAULT_LAMBDA.mmd },
  { name: `sinkhorn λ ${DEFAULT_LAMBDA.sinkhorn}`, kind: 'sinkhorn', lambda: DEFAULT_LAMBDA.sinkhorn },
];

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

async function main(): Promise<void> {
  const epochs = Number(process.argv[2] ?? 2);
  const { train } = await adultTables();
  const tasks = ['income=>50K', 'hours-per-week>40'].map((text) => parseTaskSpec(text));
  // The same inputs as the command: every column but the sensitive one and the task columns (age is the Adult test's transfer task).
  const encoding = fitFeatureEncoding(train, everyColumnBut(train, ['sex', 'income', 'hours-per-week', 'age']));
  const rows = sparseRows(encoding, train);
  const inputs = featureNames(encoding).length;
  const labels = tasks.map((spec) => taskLabels(train, spec).values);
  const groups = sensitiveGroupColumn(train, ['sex'], {});
  const names = [...new Set(groups)].sort();
  const groupIndex = Int32Array.from(groups, (group) => names.indexOf(group));
  const lines = [
    `representation training on Adult: ${rows.length} rows, ${inputs} encoded features, dim ${TRAINING_DEFAULTS.dim}, ${epochs} epoch(s) per cell`,
    `load average (1, 5, 15 min) at start: ${loadAverage()}`,
    `penalty            batch  wall s/epoch  cpu s/epoch  projected wall s / cpu s for the default ${TRAINING_DEFAULTS.epochs} epochs`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  for (const penalty of PENALTIES) {
    for (const batchSize of BATCH_SIZES) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      trainRepresentation(rows, inputs, labels, groupIndex, names.length, {
        ...TRAINING_DEFAULTS,
        epochs,
        batchSize,
        lambda: penalty.lambda,
        penalty: { kind: penalty.kind, ...DEFAULT_PENALTY },
        seed: 0,
      });
      const wallPerEpoch = (performance.now() - started) / 1000 / epochs;
      const cpu = process.cpuUsage(cpuStarted);
      const cpuPerEpoch = (cpu.user + cpu.system) / 1e6 / epochs;
      const projected = `${(wallPerEpoch * TRAINING_DEFAULTS.epochs).toFixed(1)} / ${(cpuPerEpoch * TRAINING_DEFAULTS.epochs).toFixed(1)}`;
      lines.push(
        `${penalty.name.padEnd(18)} ${String(batchSize).padStart(5)}  ${wallPerEpoch.toFixed(2).padStart(12)}  ${cpuPerEpoch.toFixed(2).padStart(11)}  ${projected.padStart(13)}`,
      );
      process.stdout.write(lines[lines.length - 1] + '\n');
    }
  }
  lines.push(`load average at end: ${loadAverage()}`);
  process.stdout.write('\n' + lines.join('\n') + '\n');
}

void main();
