import { encodeFeatures, FeatureEncoding } from '../../engine/learners/features';
import type { Table } from '../../engine/table/table';
import { encodeRows, headLogit, Network, sigmoid, SparseRow, toSparse } from './network';
import type { PenaltyKind } from './penalty';
import type { TaskSpec } from './tasks';

/** The fitted encoder and heads as saved in model.json: enough to encode any file with the same columns. */
export interface RepresentationState {
  encoding: FeatureEncoding;
  /** The training tasks in head order, with the positive value each was read with. */
  tasks: (TaskSpec & { positive: string })[];
  penalty: PenaltyKind;
  lambda: number;
  inputs: number;
  dim: number;
  /** Encoder weights W (dim × inputs, row-major), biases b, then per task w_t and c_t. */
  params: number[];
}

export function networkOf(state: RepresentationState): Network {
  return { inputs: state.inputs, dim: state.dim, tasks: state.tasks.length, params: Float64Array.from(state.params) };
}

export function sparseRows(encoding: FeatureEncoding, table: Table): SparseRow[] {
  return encodeFeatures(encoding, table).rows.map(toSparse);
}

/** The representation z = h(x) of every row (row-major, dim wide) and each head's probability. */
export function represent(net: Network, rows: readonly SparseRow[]): { z: Float64Array; probabilities: Float64Array[] } {
  const z = encodeRows(net, rows);
  const probabilities = Array.from({ length: net.tasks }, (_, task) => Float64Array.from(rows, (_, i) => sigmoid(headLogit(net, task, z, i * net.dim))));
  return { z, probabilities };
}

/** The representation as one Float64Array per row (for a downstream learner such as a transfer head). */
export function representationRows(z: Float64Array, dim: number): Float64Array[] {
  return Array.from({ length: z.length / dim }, (_, i) => z.slice(i * dim, i * dim + dim));
}
