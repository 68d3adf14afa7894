import { CLASSIFICATION_PROPORTIONS } from '../metrics/classification';
import { benjaminiHochberg, Proportion, twoProportionPValue } from '../metrics/significance';
import type { CellVectors } from './vectors';
import type { GroupingLayout } from './groupings';
import type { GroupTest } from '../../../../common/reports/audit';
import type { AuditStatistics } from './statistics';

/** Positions of TP, FP, TN, FN in a binary audit's (label, prediction) slots. */
const SLOT_OF_CONFUSION = [3, 1, 0, 2];

/**
 * For each group and each proportion metric, the p-value of its gap to the reference group (given
 * or the largest: the gap its flags show as a ratio), and the Benjamini-Hochberg adjusted p-value
 * across the grouping's other groups; the reference itself gets none. `supported` lists the
 * metrics whose adjusted p-value is below 1 - level. Binary classification and dataset audits
 * with a label; others get none.
 */
export function groupTests(
  statistics: AuditStatistics,
  layout: GroupingLayout,
  vectors: CellVectors,
  level: number,
): { byGroup: Record<string, GroupTest>[]; supported: string[][] } {
  const byGroup: Record<string, GroupTest>[] = layout.groups.map(() => ({}));
  const supported: string[][] = layout.groups.map(() => []);
  const proportions = proportionsOf(statistics);
  if (!proportions || !vectors.squares) return { byGroup, supported };
  const sums = (members: readonly number[], from: Float64Array) => {
    const out = new Float64Array(vectors.width);
    for (const c of members) for (let i = 0; i < vectors.width; i++) out[i]! += from[c * vectors.width + i]!;
    return out;
  };
  const weights = layout.groups.map((g) => sums(g.cells, vectors.values));
  const squares = layout.groups.map((g) => sums(g.cells, vectors.squares!));
  const alpha = 1 - level;
  for (const [metric, slots] of Object.entries(proportions)) {
    const proportion = (g: number): Proportion => ({
      numerator: slots.numerator.reduce((sum, i) => sum + weights[g]![i]!, 0),
      denominator: slots.denominator.reduce((sum, i) => sum + weights[g]![i]!, 0),
      denominatorSquares: slots.denominator.reduce((sum, i) => sum + squares[g]![i]!, 0),
    });
    const reference = proportion(layout.referenceIndex);
    const pValues = layout.groups.map((_, g) => (g === layout.referenceIndex ? Number.NaN : twoProportionPValue(proportion(g), reference)));
    const adjusted = benjaminiHochberg(pValues);
    pValues.forEach((p, g) => {
      byGroup[g]![metric] = { pValue: Number.isNaN(p) ? null : p, adjustedPValue: Number.isNaN(adjusted[g]!) ? null : adjusted[g]! };
      if (adjusted[g]! < alpha - 1e-12) supported[g]!.push(metric);
    });
  }
  return { byGroup, supported };
}

/** Numerator and denominator slots of each tested proportion, by task. */
export function proportionsOf(statistics: AuditStatistics): Record<string, { numerator: number[]; denominator: number[] }> | undefined {
  switch (statistics.layout.task) {
    case 'classification':
      return Object.fromEntries(
        Object.entries(CLASSIFICATION_PROPORTIONS).map(([metric, p]) => [
          metric,
          { numerator: p.numerator.map((i) => SLOT_OF_CONFUSION[i]!), denominator: p.denominator.map((i) => SLOT_OF_CONFUSION[i]!) },
        ]),
      );
    case 'dataset':
      if (!statistics.layout.hasLabel) return undefined;
      return { [statistics.layout.decisions ? 'selection_rate' : 'base_rate']: { numerator: [1], denominator: [0, 1] } };
    default:
      return undefined;
  }
}
