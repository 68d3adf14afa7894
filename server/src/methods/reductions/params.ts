import * as z from 'zod';
import { mitigationOutput, TRAINING_SPLIT } from '../../params/fragments';
import { choice, seed, sweep } from '../../params/schema';
import { FAIRNESS_CONSTRAINTS } from './moments';

/** The ε values of --sweep, each solved (exponentiated gradient: with the classifiers already visited as a head start; grid search: picked from its grid). */
export const EPSILON_SWEEP = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2];

export const REDUCTION_PARAMS = z.strictObject({
  ...TRAINING_SPLIT,
  constraint: choice(
    FAIRNESS_CONSTRAINTS,
    'demographic-parity',
    'the fairness constraint',
    {
      'demographic-parity': 'every group is selected at the same rate',
      'equalized-odds': 'equal true-positive and false-positive rates in every group',
      'equal-opportunity': 'people with a positive label are selected at the same rate in every group',
    },
    { title: 'Fairness criterion' },
  ),
  epsilon: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.01)
    .meta({ metavar: 'E', group: 'method', strength: true, title: 'Allowed violation ε', description: 'allowed constraint violation on the training rows' }),
  seed: seed('seed of the randomized predictions'),
  sweep: sweep(`also fit ε = ${EPSILON_SWEEP.join(', ')} (parameter "epsilon")`),
  ...mitigationOutput('training'),
});

/** Grid search's parameters: the reductions' and the size of its grid. */
export const GRID_SEARCH_PARAMS = REDUCTION_PARAMS.extend({
  gridSize: z.int().min(3).max(201).default(21).meta({
    metavar: 'N',
    group: 'method',
    advanced: true,
    title: 'Grid points',
    description: 'logistic regressions fitted, one per point of the grid of trade-offs (more: finer choice, longer run)',
  }),
});
