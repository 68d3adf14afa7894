/**
 * Counter-based random draws for the Poisson bootstrap of aggregated statistics.
 *
 * In the Poisson bootstrap every row gets an independent Poisson(1) multiplicity, so the total
 * multiplicity of the n rows that share one statistic key is Poisson(n). Each replicate draws that
 * total directly, from a generator seeded by a hash of (seed, replicate, key): the draws depend on
 * the aggregated statistics only, never on row numbers or the order the rows (or records) came in,
 * so a CSV stream and a SQL GROUP BY of the same data give the same intervals.
 */

const GOLDEN = 0x9e3779b9;

/** murmur3's 32-bit finalizer: a bijective mix with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds one 32-bit word into a running hash. */
export function mixWord(hash: number, word: number): number {
  return fmix32((Math.imul(hash ^ (word >>> 0), 0x01000193) + GOLDEN) >>> 0);
}

/** A 32-bit hash of a list of strings (a cell's group values), independent of any arrival order. */
export function hashStrings(values: readonly string[]): number {
  let hash = 0x811c9dc5;
  for (const value of values) {
    for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0x1f, 0x01000193); // separator, so ["ab", "c"] differs from ["a", "bc"]
  }
  return fmix32(hash >>> 0);
}

const bits = new DataView(new ArrayBuffer(8));

/** Folds the 64 bits of a float into a running hash (0 and -0 are one value). */
export function mixNumber(hash: number, value: number): number {
  bits.setFloat64(0, value === 0 ? 0 : value);
  return mixWord(mixWord(hash, bits.getUint32(0)), bits.getUint32(4));
}

/** The seed of one replicate's generator for one statistic key (a hash of the key's contents). */
export function replicateSeed(seed: number, replicate: number, keyHash: number): number {
  return mixWord(mixWord(fmix32((seed >>> 0) ^ 0x5bd1e995), replicate), keyHash);
}

/** A stream of uniform numbers in [0, 1) from a seed: u_k = mix(seed + k · golden) / 2^32. */
export class KeyedUniforms {
  private state = 0;
  private counter = 0;

  reset(seed: number): void {
    this.state = seed;
    this.counter = 0;
  }

  next(): number {
    this.counter = (this.counter + GOLDEN) | 0;
    return fmix32((this.state + this.counter) >>> 0) / 4294967296;
  }
}

/** P(K <= k) for K ~ Poisson(1), k = 0..15: the common case (a key of one row) by table lookup. */
const POISSON1_CDF: readonly number[] = (() => {
  const cdf: number[] = [];
  let p = Math.exp(-1);
  let total = 0;
  for (let k = 0; k < 16; k++) {
    total += p;
    cdf.push(total);
    p /= k + 1;
  }
  return cdf;
})();

/**
 * A Poisson(mean) draw from the stream: inversion for a mean under 10, and for larger means
 * Hörmann's transformed rejection with squeeze (PTRS, "The transformed rejection method for
 * generating Poisson random variables", 1993), the method numpy uses.
 */
export function poisson(mean: number, uniforms: KeyedUniforms): number {
  return mean < 10 ? smallPoisson(mean, uniforms) : transformedRejection(ptrsConstants(mean), 0, uniforms);
}

/**
 * Poisson draws for a fixed list of means (the counts of a set of keys), drawn again in every
 * replicate: PTRS's constants are computed once per mean rather than once per draw.
 */
export class PoissonDraws {
  private readonly constants: Float64Array;

  constructor(private readonly means: Float64Array) {
    this.constants = new Float64Array(means.length * PTRS_FIELDS);
    means.forEach((mean, i) => {
      if (mean >= 10) this.constants.set(ptrsConstants(mean), i * PTRS_FIELDS);
    });
  }

  draw(index: number, uniforms: KeyedUniforms): number {
    const mean = this.means[index]!;
    return mean < 10 ? smallPoisson(mean, uniforms) : transformedRejection(this.constants, index * PTRS_FIELDS, uniforms);
  }
}

function smallPoisson(mean: number, uniforms: KeyedUniforms): number {
  if (mean <= 0) return 0;
  const u = uniforms.next();
  let k = 0;
  if (mean === 1) {
    while (k < POISSON1_CDF.length && u >= POISSON1_CDF[k]!) k++;
    return k;
  }
  let p = Math.exp(-mean);
  let cumulative = p;
  while (u >= cumulative && p > 0) {
    k++;
    p *= mean / k;
    cumulative += p;
  }
  return k;
}

/** mean, log(mean), b, a, 1/alpha, v_r: PTRS's constants for one mean. */
const PTRS_FIELDS = 6;

function ptrsConstants(mean: number): number[] {
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  const a = -0.059 + 0.02483 * b;
  return [mean, Math.log(mean), b, a, 1.1239 + 1.1328 / (b - 3.4), 0.9277 - 3.6224 / (b - 2)];
}

function transformedRejection(constants: ArrayLike<number>, at: number, uniforms: KeyedUniforms): number {
  const mean = constants[at]!;
  const logMean = constants[at + 1]!;
  const b = constants[at + 2]!;
  const a = constants[at + 3]!;
  const inverseAlpha = constants[at + 4]!;
  const acceptAll = constants[at + 5]!;
  for (;;) {
    const u = uniforms.next() - 0.5;
    const v = uniforms.next();
    const us = 0.5 - Math.abs(u);
    if (us <= 0) continue;
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= acceptAll) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(inverseAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logGamma(k + 1)) return k;
  }
}

/** ln Γ(x) for x >= 1: Stirling's series from x >= 7, the recurrence below (as numpy's random_loggam). */
export function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  let shift = 0;
  let y = x;
  while (y < 7) {
    shift += Math.log(y);
    y += 1;
  }
  const inverse = 1 / y;
  const inverseSquared = inverse * inverse;
  const series = inverse * (1 / 12 + inverseSquared * (-1 / 360 + inverseSquared * (1 / 1260 + inverseSquared * (-1 / 1680 + inverseSquared * (1 / 1188)))));
  return (y - 0.5) * Math.log(y) - y + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/** A standard normal draw (Box-Muller, one of the pair). */
export function standardNormal(uniforms: KeyedUniforms): number {
  const u = 1 - uniforms.next(); // (0, 1]
  const v = uniforms.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * The resampled weight of a key with `count` rows, weight sum `weight` and sum of squared weights
 * `weightSquared`, given its resampled row count K: K·w̄ + √K·s·Z (w̄, s² the mean and variance
 * of the key's weights), floored at 0. It has the mean and variance of the exact Σ Kᵢ wᵢ, and is
 * exactly K·w when all weights of the key are equal (always, without weights).
 */
export function resampledWeight(multiplicity: number, count: number, weight: number, weightSquared: number, uniforms: KeyedUniforms): number {
  if (multiplicity === 0 || count === 0) return 0;
  const mean = weight / count;
  const variance = weightSquared / count - mean * mean;
  if (!(variance > 1e-12 * mean * mean)) return multiplicity * mean;
  const drawn = multiplicity * mean + Math.sqrt(multiplicity * variance) * standardNormal(uniforms);
  return drawn > 0 ? drawn : 0;
}

/**
 * The resampled weight W and weighted label sum S of a key, given its resampled row count K: the
 * pairs (w, wy) of its rows have means (w̄, m̄) and covariance from Σw, Σw², Σwy, Σw²y, Σw²y²,
 * and (W, S) is drawn as K·(w̄, m̄) plus √K times a normal pair of that covariance. W is the same
 * draw as `resampledWeight` (K·w without weights); both are the first two moments of the exact
 * Σ Kᵢ(wᵢ, wᵢyᵢ), as for the weights (docs/design.md). A key whose W is floored at 0 adds nothing.
 */
export function resampledWeightAndSum(
  multiplicity: number,
  count: number,
  sums: { weight: number; weightSquared: number; weightedLabel: number; weightSquaredLabel: number; weightSquaredLabelSquared: number },
  uniforms: KeyedUniforms,
): [number, number] {
  if (multiplicity === 0 || count === 0) return [0, 0];
  const w = sums.weight / count;
  const m = sums.weightedLabel / count;
  const varianceW = sums.weightSquared / count - w * w;
  const varianceM = Math.max(sums.weightSquaredLabelSquared / count - m * m, 0);
  const root = Math.sqrt(multiplicity);
  let weight = multiplicity * w;
  let sum = multiplicity * m;
  let residual = varianceM;
  if (varianceW > 1e-12 * w * w) {
    const z = standardNormal(uniforms);
    const covariance = sums.weightSquaredLabel / count - w * m;
    weight += root * Math.sqrt(varianceW) * z;
    if (weight <= 0) return [0, 0];
    sum += root * (covariance / Math.sqrt(varianceW)) * z;
    residual = Math.max(varianceM - (covariance * covariance) / varianceW, 0);
  }
  if (residual > 0) sum += root * Math.sqrt(residual) * standardNormal(uniforms);
  return [weight, sum];
}
