import * as z from 'zod';
import { mitigationOutput, TRAINING_SPLIT } from '../../params/fragments';
import { choice, seed, sweep } from '../../params/schema';

/** Sweep strengths t: decision values (1 − t)·f_unconstrained + t·f_FERM (see docs/results/ferm.md). */
export const STRENGTH_SWEEP = [0, 0.25, 0.5, 0.75, 1];

export const FERM_PARAMS = z.strictObject({
  ...TRAINING_SPLIT,
  model: choice(
    ['linear-svm', 'logistic', 'rbf-svm'],
    'linear-svm',
    'the learner',
    {
      'linear-svm': 'a linear support vector machine (fast, the paper’s main model)',
      logistic: 'logistic regression (gives probabilities)',
      'rbf-svm': 'a kernel SVM with an RBF kernel (non-linear; at most 5,000 training rows)',
    },
    { title: 'Base model' },
  ),
  fairness: choice(
    ['equal-opportunity', 'demographic-parity'],
    'equal-opportunity',
    'the constraint',
    {
      'equal-opportunity': 'the mean score of people with a positive label is equal across groups',
      'demographic-parity': 'the mean score of everyone is equal across groups',
    },
    { title: 'Fairness criterion' },
  ),
  selection: choice(
    ['fair', 'accurate'],
    'fair',
    "how FERM's setting is picked by cross-validation on the training rows; settings no better than the majority class or with >= 99% of predictions in one class are excluded",
    {
      fair: 'the lowest unfairness among settings with CV accuracy >= 90% of the best',
      accurate: 'the best CV accuracy',
    },
    { title: 'Model selection', advanced: true, editorDescription: "how FERM's setting is picked, by cross-validation on the training rows" },
  ),
  sweep: sweep('also blend the unconstrained and the FERM decision values at strengths 0, 0.25, ..., 1 (parameter "strength")'),
  exportFeatures: z.boolean().default(false).meta({
    group: 'output',
    advanced: true,
    title: 'Export the fair features',
    description: 'also write DIR/features.csv: the projected training features (pre-processing form; linear models)',
  }),
  seed: seed(),
  ...mitigationOutput('training'),
});
