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

/**
 * A held-out share of the rows, stratified by class: the rows of each class are shuffled (seeded)
 * and the first round(fraction × class size) of them are held out, so both parts keep the classes'
 * proportions. Returns the rows to fit on and the rows held out, each in file order.
 */
export function stratifiedHoldout(classes: ArrayLike<number>, classCount: number, fraction: number, seed: number): { fit: Int32Array; held: Int32Array } {
  const random = seededRandom(seed);
  const held = new Uint8Array(classes.length);
  for (let c = 0; c < classCount; c++) {
    const members: number[] = [];
    for (let row = 0; row < classes.length; row++) if (classes[row] === c) members.push(row);
    shuffleInPlace(members, random);
    for (const row of members.slice(0, Math.round(fraction * members.length))) held[row] = 1;
  }
  const rowsWhere = (flag: number) => Int32Array.from(held.keys()).filter((row) => held[row] === flag);
  return { fit: rowsWhere(0), held: rowsWhere(1) };
}
