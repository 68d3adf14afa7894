import * as z from 'zod';
import { MIN_GROUP_SIZE, MIN_LABEL_COUNT, mitigationOutput, SCORED_DATA_HELD_OUT } from '../../params/fragments';
import { scoreOrLogistic } from '../framework/base-logistic-params';
import { choice, file, seed, sweep } from '../../params/schema';

export const FAIRNESS = ['demographic-parity', 'equal-opportunity', 'equalized-odds'] as const;
/** The sweep loosens the constraint: tolerances from strict to loose. */
export const TOLERANCE_SWEEP = [0, 0.01, 0.02, 0.05, 0.1, 0.2];

/**
 * A score to post-process, or none: then a logistic regression of the label on the features is
 * fitted on the rows the rules are fitted on, and its scores are post-processed (as Fairlearn's
 * ThresholdOptimizer fits its estimator).
 */
export const THRESHOLD_PARAMS = z.strictObject({
  ...SCORED_DATA_HELD_OUT,
  ...scoreOrLogistic(),
  calibration: file(
    "labelled file with the same columns the thresholds are fitted on (default: the data file's rows not held out; without held-out rows the figures are then in-sample)",
    { title: 'Calibration file', advanced: true, editorDescription: 'labelled file the thresholds are fitted on (default: the rows not held out)' },
  ).optional(),
  fairness: choice(
    FAIRNESS,
    'demographic-parity',
    'the constraint',
    {
      'demographic-parity': 'every group is selected at the same rate',
      'equal-opportunity': 'people with a positive label are selected at the same rate in every group',
      'equalized-odds': 'equal true-positive and false-positive rates in every group',
    },
    { title: 'Fairness criterion' },
  ),
  tolerance: z.number().min(0).max(1).default(0.01).meta({
    metavar: 'T',
    group: 'method',
    strength: true,
    title: 'Tolerance',
    description: "largest allowed gap between the groups' constrained rates (selection rate, TPR, or both TPR and FPR for equalized odds; 0 = exact)",
  }),
  threshold: z.number().optional().meta({
    metavar: 'T',
    group: 'data',
    advanced: true,
    title: 'Decision threshold',
    description:
      'the decisions "before" are score >= T for everyone, as the audit derives its prediction with the same threshold (default: the single threshold for everyone that is the most accurate on the rows the rules are fitted on); the editor gives the file\'s configured threshold, parity compare 0.5, its unmitigated model\'s',
    editorDescription: 'the decisions "before": score ≥ T for everyone, as the audit cuts it',
  }),
  minGroupSize: MIN_GROUP_SIZE.meta({
    ...MIN_GROUP_SIZE.meta(),
    description:
      'groups with fewer rows are flagged too small to judge, as in the audit; a group whose rule was fitted on fewer rows gets a warning that its cut is unreliable',
  }),
  minLabelCount: MIN_LABEL_COUNT.meta({
    ...MIN_LABEL_COUNT.meta(),
    description:
      'groups with fewer rows of either label value are left out of the before/after aggregates over adequately sized groups, as in the audit; 0 = off',
    editorDescription: 'groups with fewer rows of a label value are set aside, as in the audit (0: off)',
  }),
  seed: seed('seed of the randomized decisions'),
  sweep: sweep(`also fit with tolerances ${TOLERANCE_SWEEP.join(', ')} (parameter "tolerance")`),
  ...mitigationOutput('data'),
});
