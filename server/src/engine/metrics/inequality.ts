import { FN, FP, TN, TP } from './classification';

/**
 * Generalized entropy indices of the per-row benefit b = ŷ - y + 1 (Speicher et al. 2018, as in
 * AIF360): b is 0 for a false negative, 1 for a correct decision and 2 for a false positive, so the
 * indices follow from confusion counts. GE(α) = 1/(n α(α-1)) Σ[(b/μ)^α - 1] for α = 2, and
 * Theil = GE(1) = (1/n) Σ (b/μ) ln(b/μ) with 0·ln 0 = 0.
 */
export const GE_ALPHA = 2;

interface BenefitMass {
  /** Total weight of rows with benefit 0, 1 and 2. */
  zero: number;
  one: number;
  two: number;
}

function benefitMass(stats: ArrayLike<number>, offset: number): BenefitMass {
  return { zero: stats[offset + FN]!, one: stats[offset + TP]! + stats[offset + TN]!, two: stats[offset + FP]! };
}

function meanBenefit(mass: BenefitMass): number {
  return (mass.one + 2 * mass.two) / (mass.zero + mass.one + mass.two);
}

function xLogX(x: number): number {
  return x === 0 ? 0 : x * Math.log(x);
}

/** GE(2) and Theil over all rows described by the confusion counts. NaN when μ is 0. */
export function generalizedEntropy(stats: ArrayLike<number>, offset: number): { ge: number; theil: number } {
  const mass = benefitMass(stats, offset);
  const n = mass.zero + mass.one + mass.two;
  const mu = meanBenefit(mass);
  if (n === 0 || mu === 0) return { ge: Number.NaN, theil: Number.NaN };
  const terms = [
    [mass.zero, 0],
    [mass.one, 1],
    [mass.two, 2],
  ] as const;
  let ge = 0;
  let theil = 0;
  for (const [weight, benefit] of terms) {
    const relative = benefit / mu;
    ge += (weight * (relative ** GE_ALPHA - 1)) / (GE_ALPHA * (GE_ALPHA - 1));
    theil += weight * xLogX(relative);
  }
  return { ge: ge / n, theil: theil / n };
}

/**
 * Between-group components: every row's benefit replaced by its group's mean benefit.
 * `groups` holds the offsets of each group's confusion counts in `stats`.
 */
export function betweenGroupEntropy(stats: ArrayLike<number>, groupOffsets: readonly number[]): { ge: number; theil: number } {
  const masses = groupOffsets.map((offset) => benefitMass(stats, offset));
  const total = masses.reduce((sum, m) => ({ zero: sum.zero + m.zero, one: sum.one + m.one, two: sum.two + m.two }), { zero: 0, one: 0, two: 0 });
  const n = total.zero + total.one + total.two;
  const mu = meanBenefit(total);
  if (n === 0 || mu === 0) return { ge: Number.NaN, theil: Number.NaN };
  let ge = 0;
  let theil = 0;
  for (const mass of masses) {
    const groupSize = mass.zero + mass.one + mass.two;
    if (groupSize === 0) continue;
    const relative = meanBenefit(mass) / mu;
    ge += (groupSize * (relative ** GE_ALPHA - 1)) / (GE_ALPHA * (GE_ALPHA - 1));
    theil += groupSize * xLogX(relative);
  }
  return { ge: ge / n, theil: theil / n };
}
