import { seededRandom, shuffleInPlace } from './random';

/**
 * Stratified k-fold split: the rows of each class are shuffled (seeded) and dealt round-robin,
 * so every fold holds about the same share of each class. Rows with a negative class are left
 * out. Returns the test rows of each fold.
 */
export function stratifiedFolds(classes: Int32Array, classCount: number, k: number, seed: number): Int32Array[] {
  const random = seededRandom(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (let c = 0; c < classCount; c++) {
    const members: number[] = [];
    classes.forEach((value, row) => {
      if (value === c) members.push(row);
    });
    shuffleInPlace(members, random);
    for (const row of members) {
      folds[next]!.push(row);
      next = (next + 1) % k;
    }
  }
  return folds.map((rows) => Int32Array.from(rows.sort((a, b) => a - b)));
}

/** The training rows of fold `f`: every fold's rows but its own. */
export function trainingRows(folds: readonly Int32Array[], f: number): Int32Array {
  const rows = folds.flatMap((fold, i) => (i === f ? [] : Array.from(fold)));
  return Int32Array.from(rows.sort((a, b) => a - b));
}
