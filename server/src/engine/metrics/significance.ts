/**
 * Whether a group's gap is statistically supported: a two-sided two-proportion z-test of the
 * group's rate against the reference group's, with the Benjamini-Hochberg adjustment across the
 * groups of one grouping.
 */

/** A weighted proportion: numerator and denominator weights, and the denominator's Σw². */
export interface Proportion {
  numerator: number;
  denominator: number;
  denominatorSquares: number;
}

/**
 * Two-sided p-value of the pooled two-proportion z-test. With weights, each sample size is Kish's
 * effective size (Σw)² / Σw² (the row count without weights). NaN when either denominator is 0;
 * 1 when both proportions are equal at 0 or 1 (no variance, no difference).
 */
export function twoProportionPValue(a: Proportion, b: Proportion): number {
  if (a.denominator <= 0 || b.denominator <= 0 || a.denominatorSquares <= 0 || b.denominatorSquares <= 0) return Number.NaN;
  const pa = a.numerator / a.denominator;
  const pb = b.numerator / b.denominator;
  const na = (a.denominator * a.denominator) / a.denominatorSquares;
  const nb = (b.denominator * b.denominator) / b.denominatorSquares;
  const pooled = (pa * na + pb * nb) / (na + nb);
  const variance = pooled * (1 - pooled) * (1 / na + 1 / nb);
  if (!(variance > 0)) return pa === pb ? 1 : 0;
  const z = Math.abs(pa - pb) / Math.sqrt(variance);
  return erfc(z / Math.SQRT2);
}

/**
 * Benjamini-Hochberg adjusted p-values (the step-up false discovery rate procedure): sorted
 * ascending, p_(i) · m / i, made monotone from the largest down, capped at 1. NaN entries are left
 * out of m and stay NaN.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const order = pValues
    .map((p, i) => [p, i] as const)
    .filter(([p]) => !Number.isNaN(p))
    .sort((x, y) => x[0] - y[0]);
  const adjusted = pValues.map(() => Number.NaN);
  const m = order.length;
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const [p, index] = order[rank - 1]!;
    running = Math.min(running, (p * m) / rank);
    adjusted[index] = running;
  }
  return adjusted;
}

/**
 * The complementary error function, with relative error below 1.2e-7 everywhere (the Chebyshev
 * fit of Press et al., Numerical Recipes, 2nd ed., §6.2): enough for p-values compared with 0.05.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const value =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? value : 2 - value;
}
