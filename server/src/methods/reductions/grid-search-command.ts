import { bestGridClassifier, gridSearchCandidates } from './grid-search';
import { reductionCommand } from './reduction-command';

export const gridSearch = reductionCommand({
  name: 'grid-search',
  title: 'Grid search',
  summary: 'reductions (Agarwal et al. 2018): the most accurate logistic regression on a grid of Lagrange multipliers that meets the constraint',
  description:
    'Trains logistic regressions on a grid of fairness trade-offs (Lagrange multipliers) and keeps the most accurate one that meets the constraint on the training rows; a single deterministic model, simpler than exponentiated gradient.',
  candidates: (split, moments, _epsilon, hooks) =>
    gridSearchCandidates(split.trainRows, split.trainLabels, moments, {
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onIteration: (f) => hooks.onProgress?.({ fraction: f, message: 'grid search' }),
    }),
  select: bestGridClassifier,
});
