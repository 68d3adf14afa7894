// Communities & Crime (../shared/data/crime-wasserstein): Parity's barycenter map against the
// reference computation, on the exact KS and on the data README's 1000-point grid KS.
//   npx tsc -p tsconfig.test.json && node out/bench/crime-reference.js
// Prints the reference as published (100-point quantile grid) and with exact quantiles, Parity over
// seeds 0-19, Parity averaged over 100 seeds (the limit of its split-and-jitter randomness), and a
// paired bootstrap of the 199 test rows (within each group) for Parity's default seed minus the reference.
import { seededRandom } from '../server/src/engine/numerics/random';
import { applyBarycenter, fitBarycenter } from '../server/src/methods/wasserstein/barycenter';
import { byTestGroup, ksOnGrid, meanSquaredError, readCrimeSplit, referenceBarycenter } from '../test/support/crime-reference';
import { ks } from '../test/support/two-sample';

const { trainF, trainS, testF, testS, testY } = readCrimeSplit();
const where = () => ({ file: 'RF_YTF.csv' });

function parity(seed: number): number[] {
  const map = fitBarycenter(trainF, trainS.map(String), seed, 'RF_YLF.csv');
  return Array.from(applyBarycenter(map, testF, testS.map(String), 1, where));
}

function figures(f: number[]): { mse: number; ks: number; ksGrid: number } {
  return { mse: meanSquaredError(f, testY), ks: ks(...byTestGroup(f, testS)), ksGrid: ksOnGrid(...byTestGroup(f, testS)) };
}

const range = (values: number[]) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `${Math.min(...values).toFixed(4)}-${Math.max(...values).toFixed(4)} (mean ${mean.toFixed(4)})`;
};

function show(name: string, f: { mse: number; ks: number; ksGrid: number }): void {
  console.log(`${name.padEnd(42)} MSE ${f.mse.toFixed(6)}  KS ${f.ks.toFixed(4)}  grid KS ${f.ksGrid.toFixed(4)}`);
}

const reference = referenceBarycenter(trainF, trainS, testF, testS, 'grid');
show('reference, 100-point quantile grid', figures(reference));
show('reference, exact quantiles', figures(referenceBarycenter(trainF, trainS, testF, testS, 'exact')));
const seeds = Array.from({ length: 20 }, (_, seed) => figures(parity(seed)));
show('Parity, seed 0', seeds[0]!);
console.log(
  `${'Parity, seeds 0-19'.padEnd(42)} MSE ${range(seeds.map((s) => s.mse))}  KS ${range(seeds.map((s) => s.ks))}  grid KS ${range(seeds.map((s) => s.ksGrid))}`,
);
const averaged = new Array<number>(testF.length).fill(0);
for (let seed = 0; seed < 100; seed++) parity(seed).forEach((v, i) => (averaged[i]! += v / 100));
show('Parity averaged over seeds 0-99', figures(averaged));

const ours = parity(0);
const rows = [0, 1].map((g) => testS.flatMap((s, i) => (s === g ? [i] : [])));
const random = seededRandom(2026);
const ksDifference: number[] = [];
const mseDifference: number[] = [];
for (let b = 0; b < 4000; b++) {
  const drawn = rows.map((group) => group.map(() => group[Math.floor(random() * group.length)]!));
  const pick = (f: number[]) => drawn.map((group) => group.map((i) => f[i]!)) as [number[], number[]];
  ksDifference.push(ks(...pick(ours)) - ks(...pick(reference)));
  const all = drawn.flat();
  mseDifference.push(all.reduce((sum, i) => sum + (ours[i]! - testY[i]!) ** 2 - (reference[i]! - testY[i]!) ** 2, 0) / all.length);
}
const interval = (values: number[], digits: (v: number) => string) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `mean ${digits(mean)}, 95% ${digits(sorted[Math.floor(0.025 * (sorted.length - 1))]!)} to ${digits(sorted[Math.ceil(0.975 * (sorted.length - 1))]!)}`;
};
console.log(
  `paired bootstrap (4000 draws), Parity seed 0 minus reference: KS ${interval(ksDifference, (v) => v.toFixed(4))}; MSE ${interval(mseDifference, (v) => v.toExponential(1))}`,
);
console.log(`share of draws where Parity's KS is at most the reference's: ${(ksDifference.filter((d) => d <= 0).length / ksDifference.length).toFixed(3)}`);
