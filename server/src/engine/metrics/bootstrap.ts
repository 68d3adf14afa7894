/**
 * Poisson bootstrap with counter-based weights.
 *
 * Each data row i gets, in replicate b, a weight w(i, b) ~ Poisson(1) that is a pure function of
 * (seed, i, b). Counting statistics accumulate weighted sums in the single streaming pass, and
 * score- or distribution-based statistics regenerate the same weights from the stored row index,
 * so every replicate is one consistent resample of the rows, the file is read once, and the
 * result does not depend on how the rows were chunked (Hanley & MacGibbon 2006; Chamandy et al.
 * 2012 for the Poisson approximation of the multinomial bootstrap).
 */

const GOLDEN = 0x9e3779b9;

/** murmur3's 32-bit finalizer: a bijective mix with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Upper cumulative thresholds of Poisson(1) scaled to 2^32: P(K <= k) * 2^32 for k = 0..11. */
const POISSON1_CDF: readonly number[] = (() => {
  const cdf: number[] = [];
  let p = Math.exp(-1);
  let total = 0;
  for (let k = 0; k < 12; k++) {
    total += p;
    cdf.push(Math.min(total, 1) * 4294967296);
    p /= k + 1;
  }
  return cdf;
})();

function poissonFromUniform32(u: number): number {
  let k = 0;
  while (k < POISSON1_CDF.length && u >= POISSON1_CDF[k]!) k++;
  return k;
}

/** The per-row base hash; combine with the replicate number through `replicateWeight`. */
export function rowHash(seed: number, rowIndex: number): number {
  const low = rowIndex >>> 0;
  const high = Math.floor(rowIndex / 4294967296) >>> 0;
  return fmix32(fmix32(fmix32(seed >>> 0) ^ low) + high);
}

/** The Poisson(1) weight of a row (given by its rowHash) in replicate b. */
export function replicateWeight(hash: number, replicate: number): number {
  return poissonFromUniform32(fmix32((hash ^ Math.imul(replicate + 1, GOLDEN)) >>> 0));
}

/** Adds one row's weight in each replicate b to `target[offset + b * stride]` (counting statistics). */
export function addReplicateWeights(target: Float64Array, offset: number, stride: number, hash: number, replicates: number): void {
  let salt = 0;
  for (let b = 0, at = offset; b < replicates; b++, at += stride) {
    salt = (salt + GOLDEN) | 0; // Math.imul(b + 1, GOLDEN), as in replicateWeight
    target[at]! += poissonFromUniform32(fmix32((hash ^ salt) >>> 0));
  }
}

/** Fills `out[i]` with the weight in one replicate of the row whose hash is `hashes[i]`. */
export function fillReplicateWeights(hashes: Uint32Array, replicate: number, out: Uint8Array): void {
  const salt = Math.imul(replicate + 1, GOLDEN);
  for (let i = 0; i < hashes.length; i++) out[i] = poissonFromUniform32(fmix32((hashes[i]! ^ salt) >>> 0));
}

/**
 * Percentile interval of the replicate values (type-7 quantiles), ignoring NaN replicates.
 * Returns null when fewer than half of the replicates gave a value: the interval would describe
 * a different population than the estimate.
 */
export function percentileInterval(replicates: Float64Array, level: number): [number, number] | null {
  const finite = Array.from(replicates).filter((v) => !Number.isNaN(v));
  if (finite.length === 0 || finite.length * 2 < replicates.length) return null;
  finite.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return [quantileSorted(finite, alpha), quantileSorted(finite, 1 - alpha)];
}

function quantileSorted(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  return sorted[below]! + (sorted[above]! - sorted[below]!) * fraction;
}
