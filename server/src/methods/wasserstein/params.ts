import * as z from 'zod';
import { BINS, featureChoice, HELD_OUT, mitigationOutput, POSITIVE_OUTCOME, PREDICTION, SCORE, SENSITIVE, LABEL } from '../../params/fragments';
import { file, seed, sweep } from '../../params/schema';

export const STRENGTH_SWEEP = [0, 0.25, 0.5, 0.75, 1];

const MAPPED = 'the column to make fair';

/**
 * A prediction or a score to map, or neither: then least squares of the (numeric) label on the
 * features is fitted on the training rows and its predictions are mapped. The parameters marked
 * `baseModel` say what the editor asks first (`first`) or leaves out (`skip`) in that case; those
 * `onlyForBinaryLabel` are asked only for a yes/no label (a score's), not for a numeric one.
 */
export const WASSERSTEIN_PARAMS = z
  .strictObject({
    data: file('model-output file to post-process, or a file with a numeric label to fit a least-squares model on (without --prediction or --score)', {
      title: 'Data file',
      editorDescription: 'model outputs to make fair, or a numeric label to fit a model on first',
    }),
    calibration: file('CSV the map is fitted on (default: the data file); its labels are not needed', { title: 'Calibration file', advanced: true }).optional(),
    prediction: PREDICTION.meta({ ...PREDICTION.meta(), description: 'regression prediction column to make fair', alternative: MAPPED }).optional(),
    score: SCORE.meta({ ...SCORE.meta(), description: 'classifier score column to make fair (then thresholded)', alternative: MAPPED }).optional(),
    sensitive: SENSITIVE,
    bins: BINS,
    label: LABEL.meta({
      ...LABEL.meta(),
      description:
        'true target, for MSE or accuracy before and after (optional for --prediction); without --prediction or --score, the numeric target the least-squares model is fitted to',
      editorDescription: 'the true target column; with no model output, a least-squares model learns it',
      baseModel: 'first',
    }).optional(),
    // a yes/no label's: not asked for a numeric label (the least-squares model's, or a regression prediction's)
    positive: POSITIVE_OUTCOME.positive.meta({ baseModel: 'skip', onlyForBinaryLabel: true }),
    positiveMeans: POSITIVE_OUTCOME.positiveMeans.meta({ baseModel: 'skip', onlyForBinaryLabel: true }),
    ...HELD_OUT,
    threshold: z.number().optional().meta({
      metavar: 'T',
      group: 'method',
      title: 'Decision threshold',
      description: 'for a score: predict positive when the mapped score >= T (default 0.5 for a probability; required for any other score)',
      baseModel: 'skip',
      onlyForBinaryLabel: true,
    }),
    fairnessStrength: z
      .number()
      .min(0)
      .max(1)
      .default(1)
      .meta({ metavar: 'S', group: 'method', strength: true, title: 'Fairness strength', description: '0 = unchanged, 1 = fully fair: output S·g + (1−S)·f' }),
    seed: seed('seed of the tie-breaking jitter'),
    sweep: sweep('also evaluate strengths 0, 0.25, ..., 1 (parameter "strength")'),
    ...baseModelFeatures(),
    ...mitigationOutput('data'),
  })
  .superRefine((params, context) => {
    if (params.prediction !== undefined && params.score !== undefined)
      context.addIssue({ code: 'custom', message: 'give one of --prediction or --score, not both', path: [] });
    else if (params.prediction === undefined && params.score === undefined && params.label === undefined)
      context.addIssue({
        code: 'custom',
        message: 'give --prediction or --score to make fair, or a numeric --label to fit a least-squares model on the features and make its predictions fair',
        path: [],
      });
  });

/** The base model's features: the shared choice, asked first in the editor when there is no model output. */
function baseModelFeatures() {
  const { audited, notFeatures, features } = featureChoice('inputs of the least-squares model, fitted when there is no --prediction or --score');
  return { audited, notFeatures, features: features.meta({ baseModel: 'first' }) };
}
