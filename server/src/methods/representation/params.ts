import * as z from 'zod';
import { columns, file, choice, seed, sweep } from '../../params/schema';
import { AUDITED, BINS, featuresParam, HELD_OUT, mitigationOutput, NOT_FEATURES, SENSITIVE } from '../../params/fragments';
import type { PenaltyKind } from './penalty';
import { TRAINING_DEFAULTS } from './train';

/** λ when neither --lambda nor --sweep picks one, chosen on adult.data only: MMD on a validation split (bench/representation-defaults.ts), Sinkhorn by 3-fold CV (bench/representation-folds.ts); docs/results/representation.md. */
export const DEFAULT_LAMBDA: Record<PenaltyKind, number> = { mmd: 4, sinkhorn: 1 };
/** --sweep: a log grid of λ (λ = 0 is the `before` run). */
export const LAMBDA_GRID = [0.1, 0.3, 1, 3, 10, 30];

const TASK_SYNTAX = 'a binary column C, or C>V, C>=V, C<V, C<=V, C=V1|V2 for a derived indicator';

export const REPRESENTATION_PARAMS = z.strictObject({
  train: file('training file (the representation is learned on it)', { title: 'Training file' }),
  ...HELD_OUT,
  tasks: columns(`training tasks: ${TASK_SYNTAX}`, {
    metavar: 'T[,T...]',
    input: 'columns',
    title: 'Tasks (label columns)',
    editorDescription: 'yes/no label columns the representation is trained for',
  }),
  sensitive: SENSITIVE,
  bins: BINS,
  penalty: choice(
    ['mmd', 'sinkhorn'],
    'mmd',
    "divergence between the groups' representations",
    {
      mmd: 'maximum mean discrepancy with a Gaussian kernel (faster)',
      sinkhorn: 'the Sinkhorn (entropic optimal transport) divergence',
    },
    { title: 'Penalty' },
  ),
  lambda: z
    .number()
    .min(0)
    .optional()
    .meta({
      metavar: 'L',
      group: 'method',
      strength: true,
      title: 'Penalty weight λ',
      description: `penalty weight λ (default ${DEFAULT_LAMBDA.mmd} for mmd, ${DEFAULT_LAMBDA.sinkhorn} for sinkhorn)`,
    }),
  sweep: sweep(`also train with λ in ${LAMBDA_GRID.join(', ')} (parameter "lambda")`),
  // Caps (issue 21): the network's weights grow with dim, the run's time with epochs, and the
  // penalty compares the rows of a batch pairwise.
  dim: z
    .int()
    .min(1)
    .max(1024)
    .default(TRAINING_DEFAULTS.dim)
    .meta({ metavar: 'D', group: 'method', advanced: true, title: 'Representation size', description: 'representation size' }),
  epochs: z
    .int()
    .min(1)
    .max(10_000)
    .default(TRAINING_DEFAULTS.epochs)
    .meta({ metavar: 'N', group: 'method', advanced: true, title: 'Epochs', description: 'training epochs' }),
  batchSize: z
    .int()
    .min(4)
    .max(8192)
    .default(TRAINING_DEFAULTS.batchSize)
    .meta({ metavar: 'B', group: 'method', advanced: true, title: 'Batch size', description: 'minibatch size, stratified by group' }),
  transferTask: z
    .string()
    .min(1)
    .optional()
    .meta({
      metavar: 'T',
      group: 'method',
      input: 'column',
      advanced: true,
      title: 'Transfer task',
      description: `a task not used in training (${TASK_SYNTAX}): fit a new head on the frozen representation`,
      editorDescription: 'a yes/no column not trained on: a new head is fitted to it',
    }),
  seed: seed(),
  audited: AUDITED,
  notFeatures: NOT_FEATURES,
  features: featuresParam('encoder inputs (never the task columns)'),
  ...mitigationOutput('training'),
});
