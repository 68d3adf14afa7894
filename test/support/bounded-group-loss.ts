// The bounded-group-loss game as the engine tests check it: the fitted mixture's predictions.
import { averagedPredictions, boundedGroupLoss, type GroupedRegression } from '../../server/src/methods/bounded-group-loss/game';

/** The deterministic predictions, on its own training rows, of the mixture the game fits for ζ = `bound`. */
export async function boundedPredictions(data: GroupedRegression, bound: number): Promise<Float64Array> {
  const result = await boundedGroupLoss(data, { bound });
  return averagedPredictions(
    result.candidates.map((c) => c.model),
    result.weights,
    data.rows,
    data.low,
    data.high,
  );
}
