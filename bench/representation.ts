// Fair representation training on UCI Adult (32,561 training rows): seconds per epoch with no
// penalty, MMD and Sinkhorn, at batch sizes 128, 256 and 512, and the projected time of a training
// with the default number of epochs. Engine calls only (no CSV writing). `node out/bench/representation.js [epochs]`
// Both wall-clock and CPU seconds (process.cpuUsage) are printed: on a shared machine the CPU time is
// the figure that says what the code costs, the wall time what a user waited.
import { performance } from 'node:perf_hooks';
import { fitFeatureEncoding } from '../server/src/engine/mitigation/features';
import { sparseRows } from '../server/src/engine/methods/representation/model';
import { DEFAULT_PENALTY, PenaltyKind } from '../server/src/engine/methods/representation/penalty';
import { parseTaskSpec, taskLabels } from '../server/src/engine/methods/representation/tasks';
import { TRAINING_DEFAULTS, trainRepresentation } from '../server/src/engine/methods/representation/train';
import { groupColumn } from '../server/src/engine/table/table';
import { adultTables } from '../test/support/adult';

const BATCH_SIZES = [128, 256, 512];
const PENALTIES: { name: string; kind: PenaltyKind; lambda: number }[] = [
  { name: 'none (λ = 0)', kind: 'mmd', lambda: 0 },
  { name: 'mmd', kind: 'mmd', lambda: 3.5 },
  { name: 'sinkhorn', kind: 'sinkhorn', lambda: 6 },
];

async function main(): Promise<void> {
  const epochs = Number(process.argv[2] ?? 2);
  const { train } = await adultTables();
  const tasks = ['income=>50K', 'hours-per-week>40'].map((text) => parseTaskSpec(text));
  const encoding = fitFeatureEncoding(train, ['income', 'hours-per-week', 'occupation', 'sex']);
  const rows = sparseRows(encoding, train);
  const inputs = encoding.columns.reduce((sum, column) => sum + (column.kind === 'numeric' ? 1 : column.categories.length), 0);
  const labels = tasks.map((spec) => taskLabels(train, spec).values);
  const groups = groupColumn(train, ['sex']);
  const names = [...new Set(groups)].sort();
  const groupIndex = Int32Array.from(groups, (group) => names.indexOf(group));
  const lines = [
    `representation training on Adult: ${rows.length} rows, ${inputs} encoded features, dim ${TRAINING_DEFAULTS.dim}, ${epochs} epoch(s) per cell`,
    `penalty        batch  wall s/epoch  cpu s/epoch  projected cpu s for the default ${TRAINING_DEFAULTS.epochs} epochs`,
  ];
  for (const penalty of PENALTIES) {
    for (const batchSize of BATCH_SIZES) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      trainRepresentation(rows, inputs, labels, groupIndex, names.length, {
        dim: TRAINING_DEFAULTS.dim,
        epochs,
        batchSize,
        lambda: penalty.lambda,
        penalty: { kind: penalty.kind, ...DEFAULT_PENALTY },
        learningRate: TRAINING_DEFAULTS.learningRate,
        seed: 1,
      });
      const wallPerEpoch = (performance.now() - started) / 1000 / epochs;
      const cpu = process.cpuUsage(cpuStarted);
      const cpuPerEpoch = (cpu.user + cpu.system) / 1e6 / epochs;
      lines.push(`${penalty.name.padEnd(14)} ${String(batchSize).padStart(5)}  ${wallPerEpoch.toFixed(2).padStart(12)}  ${cpuPerEpoch.toFixed(2).padStart(11)}  ${(cpuPerEpoch * TRAINING_DEFAULTS.epochs).toFixed(1).padStart(6)}`);
      process.stdout.write(lines[lines.length - 1] + '\n');
    }
  }
  process.stdout.write('\n' + lines.join('\n') + '\n');
}

void main();
