import { throwIfAborted } from '../../errors';
import { seededRandom, shuffleInPlace } from '../../leakage/random';
import { batchObjective, createNetwork, Network, SparseRow } from './network';
import { PenaltySettings } from './penalty';

export interface TrainingOptions {
  dim: number;
  epochs: number;
  batchSize: number;
  lambda: number;
  penalty: PenaltySettings;
  learningRate: number;
  seed: number;
  signal?: AbortSignal;
  /** Called after every epoch with the epoch's mean loss and mean penalty. */
  onEpoch?(epoch: number, loss: number, penalty: number): void;
}

export const TRAINING_DEFAULTS = { dim: 16, epochs: 10, batchSize: 256, learningRate: 0.01 } as const;

/**
 * Trains encoder and heads with Adam (β1 0.9, β2 0.999) on minibatches stratified by group: each
 * group's rows are shuffled every epoch and dealt evenly over the batches, so every batch holds
 * every group in about its overall proportion (groups smaller than the number of batches wrap round).
 */
export function trainRepresentation(rows: readonly SparseRow[], inputs: number, labels: readonly Uint8Array[], groups: Int32Array, groupCount: number, options: TrainingOptions): Network {
  const random = seededRandom(options.seed);
  const net = createNetwork(inputs, options.dim, labels.length, random);
  const adam = createAdam(net.params.length, options.learningRate);
  const members: number[][] = Array.from({ length: groupCount }, () => []);
  groups.forEach((group, row) => members[group]?.push(row));
  const batches = Math.max(1, Math.ceil(rows.length / options.batchSize));
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
      adam(net.params, result.gradient);
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

function createAdam(size: number, learningRate: number): (params: Float64Array, gradient: Float64Array) => void {
  const first = new Float64Array(size);
  const second = new Float64Array(size);
  let step = 0;
  return (params, gradient) => {
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

