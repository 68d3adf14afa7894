import { bestGridClassifier, gridSearchCandidates } from './grid-search';
import { GRID_SEARCH_PARAMS } from './params';
import { reductionCommand } from './reduction-command';

export const gridSearch = reductionCommand({
  name: 'grid-search',
  title: 'Grid search',
  summary: 'reductions (Agarwal et al. 2018): the most accurate logistic regression on a grid of Lagrange multipliers that meets the constraint',
  description: 'The most accurate model that meets the constraint',
  // The grid does not depend on ε: it is fitted once per run, and each ε picks from it.
  params: GRID_SEARCH_PARAMS,
  fit: async (split, moments, epsilon, pool, hooks, params) => {
    const candidates =
      pool.length > 0
        ? [...pool]
        : gridSearchCandidates(split.trainRows, split.trainLabels, moments, {
            gridSize: params.gridSize,
            ...(hooks.signal ? { signal: hooks.signal } : {}),
            onIteration: (f) => hooks.onProgress?.({ fraction: f, message: 'grid search' }),
          });
    return { mixture: bestGridClassifier(candidates, epsilon), candidates };
  },
});
