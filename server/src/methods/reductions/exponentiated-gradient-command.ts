import { exponentiatedGradient as solveExponentiatedGradient } from './exponentiated-gradient';
import { REDUCTION_PARAMS } from './params';
import { reductionCommand } from './reduction-command';

export const exponentiatedGradient = reductionCommand({
  name: 'exponentiated-gradient',
  title: 'Exponentiated gradient',
  summary: 'reductions (Agarwal et al. 2018): a randomized mixture of logistic regressions meeting a fairness constraint up to ε',
  description: 'A randomized mix of models meeting the constraint',
  params: REDUCTION_PARAMS,
  fit: (split, moments, epsilon, pool, hooks) =>
    solveExponentiatedGradient(split.trainRows, split.trainLabels, moments, {
      epsilon,
      ...(pool.length > 0 ? { pool } : {}),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onIteration: (f) => hooks.onProgress?.({ fraction: f, message: `exponentiated gradient (ε = ${epsilon})` }),
    }),
});
