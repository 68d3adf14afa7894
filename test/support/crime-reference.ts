// The Communities & Crime split published with the Wasserstein fair-regression reference
// (../shared/data/crime-wasserstein/README.md), and the reference computation written from that README.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SHARED_DATA } from './adult';

export interface CrimeSplit {
  trainF: number[];
  trainS: number[];
  trainY: number[];
  testF: number[];
  testS: number[];
  testY: number[];
}

export function readCrimeSplit(): CrimeSplit {
  const read = (name: string) =>
    readFileSync(path.join(SHARED_DATA, 'crime-wasserstein', name), 'utf8')
      .trim()
      .split('\n')
      .map(Number);
  return {
    trainF: read('RF_YLF.csv'),
    trainS: read('SL.csv'),
    trainY: read('RF_YLT.csv'),
    testF: read('RF_YTF.csv'),
    testS: read('ST.csv'),
    testY: read('RF_YTT.csv'),
  };
}

/** The data README's KS: the largest CDF gap on 1000 evenly spaced points from the smallest to the largest value. */
export function ksOnGrid(a: readonly number[], b: readonly number[]): number {
  const all = [...a, ...b];
  const low = Math.min(...all);
  const high = Math.max(...all);
  let worst = 0;
  for (let k = 0; k < 1000; k++) {
    const t = low + ((high - low) * k) / 999;
    worst = Math.max(worst, Math.abs(a.filter((v) => v <= t).length / a.length - b.filter((v) => v <= t).length / b.length));
  }
  return worst;
}

export function meanSquaredError(f: ArrayLike<number>, y: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (f[i]! - y[i]!) ** 2;
  return sum / y.length;
}

/** The values of groups 0 and 1 of the test rows. */
export function byTestGroup(f: ArrayLike<number>, testS: readonly number[]): [number[], number[]] {
  const values = Array.from(f);
  return [values.filter((_, i) => testS[i] === 0), values.filter((_, i) => testS[i] === 1)];
}

/**
 * The reference computation for two groups: a test prediction y of group s sits at level
 * u = (share of s's training predictions below y); the other group's quantile at u is the first
 * candidate t whose share of that group's training predictions below t is closest to u; the fair
 * value is p_s·y + (1 − p_s)·t, with p_s the share of group s in the training rows. Candidates are
 * 100 evenly spaced points over the training predictions ('grid', as published) or the other
 * group's training predictions themselves ('exact').
 */
export function referenceBarycenter(trainF: number[], trainS: number[], testF: number[], testS: number[], search: 'grid' | 'exact'): number[] {
  const low = Math.min(...trainF);
  const high = Math.max(...trainF);
  const grid = Array.from({ length: 100 }, (_, k) => low + ((high - low) * k) / 99);
  const byGroup = [0, 1].map((g) => trainF.filter((_, i) => trainS[i] === g).sort((a, b) => a - b));
  const below = (values: number[], t: number) => values.filter((v) => v < t).length / values.length;
  return testF.map((y, i) => {
    const own = byGroup[testS[i]!]!;
    const other = byGroup[1 - testS[i]!]!;
    const level = below(own, y);
    let best = Infinity;
    let quantile = NaN;
    for (const t of search === 'grid' ? grid : other) {
      const gap = Math.abs(below(other, t) - level);
      if (gap < best) {
        best = gap;
        quantile = t;
      }
    }
    const share = own.length / trainF.length;
    return share * y + (1 - share) * quantile;
  });
}
