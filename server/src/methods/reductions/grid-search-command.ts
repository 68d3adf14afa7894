import { bestGridClassifier, gridSearchCandidates } from './grid-search';
import { reductionCommand } from './reduction-command';

export const gridSearch = reductionCommand({
  name: 'grid-search',
  title: 'Grid search',
  summary: 'reductions (Agarwal et al. 2018): the most accurate logistic regression on a grid of Lagrange multipliers that meets the constraint',
  description: 'Keeps the most accurate logistic regression, on a grid of trade-offs, that meets the constraint.',
  candidates: (split, moments, _epsilon, hooks) =>
    gridSearchCandidates(split.trainRows, split.trainLabels, moments, {
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onIteration: (f) => hooks.onProgress?.({ fraction: f, message: 'grid search' }),
    }),
  select: bestGridClassifier,
});
