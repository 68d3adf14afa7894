import { KeyedUniforms, mixWord, poisson, PoissonDraws, replicateSeed, resampledWeight, resampledWeightAndSum } from '../metrics/poisson';
import { SUM_W2Y, SUM_W2Y2, SUM_WY } from '../metrics/label-mean';
import type { ValueSegments } from '../metrics/sample';
import type { CellVectors } from './vectors';
import { AuditStatistics, OUTCOME_FIELDS } from './statistics';

/**
 * One bootstrap replicate's outcome weights per cell: for each (cell, true class, predicted class)
 * key with n rows, K ~ Poisson(n) from a generator seeded by (seed, replicate, key), and the
 * resampled weight of K of its rows (docs/design.md); with a numeric label, also their label sum.
 */
export function drawOutcomes(
  statistics: AuditStatistics,
  point: CellVectors,
  seed: number,
  replicate: number,
  cellHashes: readonly number[],
  classHashes: readonly number[],
): CellVectors {
  const { hasLabel, hasPrediction } = statistics.layout;
  const labelSlots = statistics.labelSlots;
  const predictionSlots = statistics.predictionSlots;
  const width = point.width;
  const slots = labelSlots * predictionSlots;
  const moments = statistics.layout.labelMoments === true;
  const values = new Float64Array(point.values.length);
  const rows = new Float64Array(point.rows.length);
  const uniforms = new KeyedUniforms();
  statistics.cells.forEach((cell, c) => {
    for (let l = 0; l < labelSlots; l++) {
      for (let p = 0; p < predictionSlots; p++) {
        const slot = l * predictionSlots + p;
        const count = cell.outcomes[slot * OUTCOME_FIELDS]!;
        if (count === 0) continue;
        const key = mixWord(mixWord(cellHashes[c]!, hasLabel ? classHashes[l]! : 0), hasPrediction ? classHashes[p]! : 0);
        uniforms.reset(replicateSeed(seed, replicate, key));
        const multiplicity = poisson(count, uniforms);
        rows[c]! += multiplicity;
        const weight = cell.outcomes[slot * OUTCOME_FIELDS + 1]!;
        const weightSquared = cell.outcomes[slot * OUTCOME_FIELDS + 2]!;
        if (moments) {
          // A numeric label's cell has one slot: its weight and label sum are drawn together.
          const sums = {
            weight,
            weightSquared,
            weightedLabel: cell.moments[SUM_WY]!,
            weightSquaredLabel: cell.moments[SUM_W2Y]!,
            weightSquaredLabelSquared: cell.moments[SUM_W2Y2]!,
          };
          [values[c * width + slot], values[c * width + slots]] = resampledWeightAndSum(multiplicity, count, sums, uniforms);
        } else {
          values[c * width + slot] = resampledWeight(multiplicity, count, weight, weightSquared, uniforms);
        }
      }
    }
  });
  return { width, values, squares: undefined, rows };
}

/**
 * Each replicate's weight of each value segment, drawn the same way from its key hash, into one
 * buffer reused from replicate to replicate.
 */
export class SegmentDraws {
  private readonly weights: Float64Array;
  private readonly draws: PoissonDraws;
  private readonly uniforms = new KeyedUniforms();

  constructor(private readonly segments: ValueSegments) {
    this.weights = new Float64Array(segments.length);
    this.draws = new PoissonDraws(segments.counts);
  }

  draw(seed: number, replicate: number): Float64Array {
    const { segments, weights, uniforms, draws } = this;
    const { counts, keyHashes } = segments;
    const weighted = segments.weights !== segments.counts;
    for (let s = 0; s < segments.length; s++) {
      uniforms.reset(replicateSeed(seed, replicate, keyHashes[s]!));
      const multiplicity = draws.draw(s, uniforms);
      weights[s] = weighted ? resampledWeight(multiplicity, counts[s]!, segments.weights[s]!, segments.weightsSquared[s]!, uniforms) : multiplicity;
    }
    return weights;
  }
}
