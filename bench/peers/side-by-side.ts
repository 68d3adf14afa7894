// Exponentiated gradient on Adult (sex, DP, ε = 0.01), Fairlearn 0.9 against Parity, measured side
// by side: ROUNDS rounds (default 5), each running Fairlearn with liblinear (numpy's BLAS with its
// default threads, then with one thread: on a loaded 2-core machine threads can slow it down) and
// Parity, one after the other in fresh processes (one untimed warm-up fit, then one timed fit each),
// so that the machine's load, which other jobs change, falls on all alike. Fairlearn with lbfgs is
// several times slower than with liblinear (bench/peers/fairlearn-reductions.json) and is left out.
// Writes bench/peers/reductions-side-by-side.json with every time and the medians.
// Run: npx tsc -p tsconfig.test.json && node out/bench/peers/side-by-side.js
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';

const HERE = path.resolve(__dirname, '../../../bench/peers');
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const env = { ...process.env, REPEATS: '1', WRITE: '0' };

function fairlearn(learner: string, threads?: string): { wall_seconds: number[]; train: unknown; test: unknown } {
  const blas = threads ? { OPENBLAS_NUM_THREADS: threads, OMP_NUM_THREADS: threads, MKL_NUM_THREADS: threads } : {};
  const stdout = execFileSync('/usr/bin/python3', [path.join(HERE, 'fairlearn_reductions.py')], {
    env: { ...env, ...blas, LEARNERS: learner, PYTHONPATH: path.resolve(HERE, '../../../shared/peers') },
    encoding: 'utf8',
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

function parity(): { wall_seconds: number[]; train: unknown; test: unknown } {
  const stdout = execFileSync(process.execPath, [path.resolve(__dirname, 'parity-reductions.js')], { env, encoding: 'utf8' });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const times: Record<string, number[]> = { 'fairlearn-liblinear': [], 'fairlearn-liblinear-1-thread': [], parity: [] };
const loads: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  loads.push(loadavg()[0]!);
  times['fairlearn-liblinear']!.push(fairlearn('liblinear').wall_seconds[0]!);
  times['fairlearn-liblinear-1-thread']!.push(fairlearn('liblinear', '1').wall_seconds[0]!);
  times.parity!.push(parity().wall_seconds[0]!);
  process.stdout.write(
    `round ${round + 1}: ${Object.entries(times)
      .map(([k, v]) => `${k} ${v.at(-1)!.toFixed(2)} s`)
      .join(', ')} (load ${loads.at(-1)!.toFixed(1)})\n`,
  );
}
const medians = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
const out = {
  command: 'npx tsc -p tsconfig.test.json && node out/bench/peers/side-by-side.js',
  machine: 'this 2-core / 24 GiB machine, shared with other jobs',
  load_average_per_round: loads,
  wall_seconds: times,
  median_wall_seconds: medians,
  parity_over_fastest_fairlearn: medians.parity! / Math.min(medians['fairlearn-liblinear']!, medians['fairlearn-liblinear-1-thread']!),
};
writeFileSync(path.join(HERE, 'reductions-side-by-side.json'), JSON.stringify(out, null, 2) + '\n');
process.stdout.write(JSON.stringify(medians) + `\nParity / fastest Fairlearn (medians): ${out.parity_over_fastest_fairlearn.toFixed(3)}\n`);
