// Parity's exponentiated gradient on Adult (sex, demographic parity, ε = 0.01), side by side with
// bench/peers/fairlearn_reductions.py: the same encoded features (fitted on adult.data), wall time of
// the fit alone (data in memory) after one untimed warm-up fit, REPEATS timed fits (default 3);
// figures of the expected predictions. Prints JSON; writes bench/peers/parity-reductions.json unless WRITE=0.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { exponentiatedGradient } from '../../server/src/methods/reductions/exponentiated-gradient';
import { mixtureProbabilities } from '../../server/src/methods/reductions/mixture';
import { buildMoments } from '../../server/src/methods/reductions/moments';
import { encodeFeatures, everyColumnBut, fitFeatureEncoding } from '../../server/src/engine/learners/features';
import { binaryColumn, Table } from '../../server/src/engine/table/table';
import { sensitiveGroupColumn } from '../../server/src/engine/audit/sensitive-bins';
import { adultTables } from '../../test/support/adult';

const HERE = path.resolve(__dirname, '../../../bench/peers');
const REPEATS = Number(process.env.REPEATS ?? 3);

function figures(p: Float64Array, labels: Uint8Array, groups: string[]): { accuracy: number; dp_difference: number } {
  let correct = 0;
  const sums = new Map<string, [number, number]>();
  p.forEach((pi, i) => {
    correct += labels[i] ? pi : 1 - pi;
    const s = sums.get(groups[i]!) ?? [0, 0];
    sums.set(groups[i]!, [s[0] + pi, s[1] + 1]);
  });
  const rates = [...sums.values()].map(([sum, n]) => sum / n);
  return { accuracy: correct / p.length, dp_difference: Math.max(...rates) - Math.min(...rates) };
}

async function main(): Promise<void> {
  const { train, test } = await adultTables();
  const encoding = fitFeatureEncoding(train, everyColumnBut(train, ['income', 'sex']));
  const split = (table: Table) => ({
    rows: encodeFeatures(encoding, table).rows,
    labels: binaryColumn(table, 'income', '>50K').values,
    groups: sensitiveGroupColumn(table, ['sex'], {}),
  });
  const [fit, held] = [split(train), split(test)];
  const moments = buildMoments('demographic-parity', fit.groups, fit.labels, 'adult.data');
  const times: number[] = [];
  let result: Awaited<ReturnType<typeof exponentiatedGradient>> | undefined;
  for (let r = 0; r <= REPEATS; r++) {
    const started = performance.now();
    result = await exponentiatedGradient(fit.rows, fit.labels, moments, { epsilon: 0.01 });
    // the first fit warms up (the solver's WebAssembly, the JIT) and is not timed
    if (r > 0) times.push((performance.now() - started) / 1000);
  }
  const { mixture, candidates, rounds } = result!;
  const out = {
    command: 'npx tsc -p tsconfig.test.json && node out/bench/peers/parity-reductions.js',
    load_average_at_start: loadavg()[0],
    wall_seconds: times,
    best_wall_seconds: Math.min(...times),
    rounds,
    classifiers: candidates.length,
    classifiers_mixed: mixture.weights.filter((w) => w > 0).length,
    train: figures(mixtureProbabilities(mixture, fit.rows), fit.labels, fit.groups),
    test: figures(mixtureProbabilities(mixture, held.rows), held.labels, held.groups),
  };
  if (process.env.WRITE !== '0') writeFileSync(path.join(HERE, 'parity-reductions.json'), JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(JSON.stringify(out) + '\n');
}

void main();
