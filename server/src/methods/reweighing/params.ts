import * as z from 'zod';
import { mitigationOutput, TRAINING_SPLIT } from '../../params/fragments';
import { choice, sweep } from '../../params/schema';

/** The strengths of the sweep: weights raised to t, from unweighted (0) to full reweighing (1). */
export const STRENGTH_SWEEP = [0, 0.25, 0.5, 0.75, 1];

export const REWEIGHING_PARAMS = z.strictObject({
  ...TRAINING_SPLIT,
  model: choice(
    ['logistic', 'linear-svm'],
    'logistic',
    'the base model fitted with the weights',
    { logistic: 'logistic regression (gives probabilities)', 'linear-svm': 'a linear support vector machine' },
    { title: 'Base model' },
  ),
  C: z
    .number()
    .positive()
    .default(1)
    .meta({ metavar: 'C', group: 'method', advanced: true, title: 'SVM cost C', description: 'hinge-loss cost of the linear SVM' }),
  sweep: sweep('also fit with the weights raised to 0, 0.25, ..., 1 (parameter "strength")'),
  ...mitigationOutput('training'),
});
