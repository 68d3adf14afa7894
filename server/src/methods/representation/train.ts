import { throwIfAborted } from '../../engine/errors';
import { seededRandom, shuffleInPlace } from '../../engine/numerics/random';
import { batchObjective, createNetwork, Network, SparseRow } from './network';
import { PenaltySettings } from './penalty';

export interface TrainingOptions {
  dim: number;
  epochs: number;
  batchSize: number;
  lambda: number;
  penalty: PenaltySettings;
  learningRate: number;
  /**
   * Learning rate at the last step: the rate decays from `learningRate` to this along a half cosine
   * over all steps (equal to `learningRate`: a constant rate).
   */
  finalLearningRate: number;
  seed: number;
  signal?: AbortSignal;
  /** Called after every epoch with the epoch's mean loss and mean penalty. */
  onEpoch?(epoch: number, loss: number, penalty: number): void;
}

export const TRAINING_DEFAULTS = { dim: 16, epochs: 10, batchSize: 256, learningRate: 0.01, finalLearningRate: 0.001 } as const;

/**
 * Trains encoder and heads with Adam (β1 0.9, β2 0.999) and a cosine-decayed learning rate (the last
 * steps are small, so the weights returned depend less on which minibatches came last, hence less on
 * the seed) on minibatches stratified by group: each
 * group's rows are shuffled every epoch and dealt evenly over the batches, so every batch holds
 * every group in about its overall proportion (groups smaller than the number of batches wrap round).
 */
export function trainRepresentation(
  rows: readonly SparseRow[],
  inputs: number,
  labels: readonly Uint8Array[],
  groups: Int32Array,
  groupCount: number,
  options: TrainingOptions,
): Network {
  const random = seededRandom(options.seed);
  const net = createNetwork(inputs, options.dim, labels.length, random);
  const adam = createAdam(net.params.length);
  const members: number[][] = Array.from({ length: groupCount }, () => []);
  groups.forEach((group, row) => members[group]?.push(row));
  const batches = Math.max(1, Math.ceil(rows.length / options.batchSize));
  const steps = options.epochs * batches;
  let step = 0;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    members.forEach((list) => shuffleInPlace(list, random));
    let lossSum = 0;
    let penaltySum = 0;
    for (let batch = 0; batch < batches; batch++) {
      throwIfAborted(options.signal);
      const picked = stratifiedBatch(members, batch, batches);
      const result = batchObjective(
        net,
        picked.map((row) => rows[row] as SparseRow),
        labels.map((column) => Uint8Array.from(picked, (row) => column[row] as number)),
        Int32Array.from(picked, (row) => groups[row] as number),
        groupCount,
        options.lambda,
        options.penalty,
      );
      adam(net.params, result.gradient, cosineRate(options.learningRate, options.finalLearningRate, step++ / Math.max(1, steps - 1)));
      lossSum += result.loss;
      penaltySum += result.penalty;
    }
    options.onEpoch?.(epoch, lossSum / batches, penaltySum / batches);
  }
  return net;
}

function stratifiedBatch(members: readonly number[][], batch: number, batches: number): number[] {
  const picked: number[] = [];
  for (const list of members) {
    if (list.length === 0) continue;
    const start = Math.floor((batch * list.length) / batches);
    const end = Math.max(start + 1, Math.floor(((batch + 1) * list.length) / batches));
    for (let k = start; k < end; k++) picked.push(list[k % list.length] as number);
  }
  return picked;
}

/** The rate at `progress` ∈ [0, 1] of training on a half cosine from `start` down to `end`. */
function cosineRate(start: number, end: number, progress: number): number {
  return end + ((start - end) * (1 + Math.cos(Math.PI * progress))) / 2;
}

function createAdam(size: number): (params: Float64Array, gradient: Float64Array, learningRate: number) => void {
  const first = new Float64Array(size);
  const second = new Float64Array(size);
  let step = 0;
  return (params, gradient, learningRate) => {
    step += 1;
    const correct1 = 1 - 0.9 ** step;
    const correct2 = 1 - 0.999 ** step;
    for (let k = 0; k < size; k++) {
      const g = gradient[k] as number;
      const m = 0.9 * (first[k] as number) + 0.1 * g;
      const v = 0.999 * (second[k] as number) + 0.001 * g * g;
      first[k] = m;
      second[k] = v;
      params[k] = (params[k] as number) - (learningRate * (m / correct1)) / (Math.sqrt(v / correct2) + 1e-8);
    }
  };
}
