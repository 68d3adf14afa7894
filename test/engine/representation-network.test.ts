import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { seededRandom } from '../../server/src/engine/numerics/random';
import { batchObjective, createNetwork, toSparse } from '../../server/src/methods/representation/network';
import { PenaltySettings } from '../../server/src/methods/representation/penalty';

/**
 * Central differences of loss + λ·penalty on every parameter (encoder, biases, every head), against
 * the hand-written backpropagation: |analytic − numeric| ≤ 1e-7 + 1e-4·|numeric| with step 1e-5.
 */
function checkNetworkGradient(settings: PenaltySettings, lambda: number, groupCount: number): void {
  const random = seededRandom(21);
  const inputs = 5;
  const size = 12;
  const net = createNetwork(inputs, 3, 2, random);
  // Heads start at zero; give them values so the gradient through the heads into the encoder is exercised.
  for (let k = 3 * inputs + 3; k < net.params.length; k++) net.params[k] = random() - 0.5;
  const rows = Array.from({ length: size }, (_, i) => toSparse(Float64Array.from({ length: inputs }, (_, k) => (k === i % inputs ? 0 : random() * 2 - 1))));
  const labels = [Uint8Array.from({ length: size }, (_, i) => i % 2), Uint8Array.from({ length: size }, (_, i) => (i % 3 === 0 ? 1 : 0))];
  const groups = Int32Array.from({ length: size }, (_, i) => i % groupCount);
  const objective = () => {
    const result = batchObjective(net, rows, labels, groups, groupCount, lambda, settings);
    return result.loss + lambda * result.penalty;
  };
  const analytic = batchObjective(net, rows, labels, groups, groupCount, lambda, settings).gradient;
  const step = 1e-5;
  for (let k = 0; k < net.params.length; k++) {
    const kept = net.params[k] as number;
    net.params[k] = kept + step;
    const up = objective();
    net.params[k] = kept - step;
    const down = objective();
    net.params[k] = kept;
    const numeric = (up - down) / (2 * step);
    assert.ok(Math.abs((analytic[k] as number) - numeric) <= 1e-7 + 1e-4 * Math.abs(numeric), `parameter ${k}: analytic ${analytic[k]} vs numeric ${numeric}`);
  }
}

// Training treats the per-batch β (median heuristic) and ε (relative to the mean cost) as constants, so
// the checks freeze them: the objective differentiated is the one whose gradient training follows.
test('network + heads gradient (λ = 0) matches central differences', () => {
  checkNetworkGradient({ kind: 'mmd', relativeEpsilon: 0.1, sinkhornIterations: 50, sinkhornTolerance: 1e-3 }, 0, 2);
});

test('network + heads + MMD penalty gradient matches central differences (two groups)', () => {
  checkNetworkGradient({ kind: 'mmd', relativeEpsilon: 0.1, sinkhornIterations: 50, sinkhornTolerance: 1e-3, fixedBandwidth: 0.8 }, 0.7, 2);
});

test('network + heads + MMD penalty gradient matches central differences (three groups)', () => {
  checkNetworkGradient({ kind: 'mmd', relativeEpsilon: 0.1, sinkhornIterations: 50, sinkhornTolerance: 1e-3, fixedBandwidth: 0.8 }, 0.7, 3);
});

test('network + heads + Sinkhorn penalty gradient matches central differences (two groups)', () => {
  checkNetworkGradient({ kind: 'sinkhorn', relativeEpsilon: 0.1, sinkhornIterations: 5000, sinkhornTolerance: 1e-13, fixedEpsilon: 0.3 }, 0.7, 2);
});
