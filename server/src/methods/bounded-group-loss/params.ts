import * as z from 'zod';
import { featuresParam, HELD_OUT, LABEL, mitigationOutput, TRAINING_SPLIT } from '../../params/fragments';
import { file, seed, sweep } from '../../params/schema';

/** The bounds of --sweep, as shares of the plain fit's worst group MSE: from unconstrained (1) to a quarter lower. */
export const BOUND_SWEEP = [1, 0.95, 0.9, 0.85, 0.8, 0.75];

/** A training file with a numeric target: the training-data methods' split (TRAINING_SPLIT) less the yes/no label's positive value. */
export const BOUNDED_GROUP_LOSS_PARAMS = z
  .strictObject(TRAINING_SPLIT)
  .omit({ positive: true, positiveMeans: true })
  .extend({
    train: file('training file with a numeric target (the method is fitted on it)', { title: 'Training file' }),
    // a numeric target has no classes to stratify by
    testFraction: HELD_OUT.testFraction.meta({
      ...HELD_OUT.testFraction.meta(),
      description:
        "instead of a held-out file: this share of the training file's rows, drawn at random (seeded), is held out for the before/after figures and never fitted on",
    }),
    label: LABEL.meta({ ...LABEL.meta(), description: 'numeric target column (e.g. a grade or a score)' }),
    features: featuresParam('inputs of the linear models'),
    bound: z
      .number()
      .gt(0)
      .max(1)
      .default(0.9)
      .meta({
        metavar: 'R',
        group: 'method',
        strength: true,
        title: "Allowed error of every group (share of the worst group's)",
        description:
          "every group's mean squared error on the training rows may be at most R times the worst group's MSE under plain least squares on the same features " +
          "(1: no constraint; 0.9: the worst-off group's error 10% lower, if a mix of linear models can do it, and no other group's above that)",
        editorDescription: "each group's error at most R times the worst group's under plain least squares (1: no limit)",
      }),
    seed: seed('seed of the bootstrap resamples of the before/after intervals'),
    sweep: sweep(`also fit bounds ${BOUND_SWEEP.join(', ')} (parameter "bound")`),
    ...mitigationOutput('training'),
  });
