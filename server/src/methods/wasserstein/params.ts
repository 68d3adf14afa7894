import * as z from 'zod';
import { BINS, mitigationOutput, POSITIVE_OUTCOME, PREDICTION, SCORE, SENSITIVE, LABEL } from '../../params/fragments';
import { exactlyOne, file, seed, sweep } from '../../params/schema';

export const STRENGTH_SWEEP = [0, 0.25, 0.5, 0.75, 1];

const MAPPED = 'the column to make fair';

export const WASSERSTEIN_PARAMS = exactlyOne(
  z.strictObject({
    data: file('model-output file to post-process', { title: 'Model-output file' }),
    calibration: file('CSV the map is fitted on (default: the data file); its labels are not needed', { title: 'Calibration file', advanced: true }).optional(),
    prediction: PREDICTION.meta({ ...PREDICTION.meta(), description: 'regression prediction column to make fair', alternative: MAPPED }).optional(),
    score: SCORE.meta({ ...SCORE.meta(), description: 'classifier score column to make fair (then thresholded)', alternative: MAPPED }).optional(),
    sensitive: SENSITIVE,
    bins: BINS,
    label: LABEL.meta({ ...LABEL.meta(), description: 'true target, for MSE or accuracy before and after (optional for --prediction)' }).optional(),
    ...POSITIVE_OUTCOME,
    threshold: z.number().optional().meta({
      metavar: 'T',
      group: 'method',
      title: 'Decision threshold',
      description: 'for a score: predict positive when the mapped score >= T (default 0.5 for a probability; required for any other score)',
    }),
    fairnessStrength: z
      .number()
      .min(0)
      .max(1)
      .default(1)
      .meta({ metavar: 'S', group: 'method', strength: true, title: 'Fairness strength', description: '0 = unchanged, 1 = fully fair: output S·g + (1−S)·f' }),
    seed: seed('seed of the tie-breaking jitter'),
    sweep: sweep('also evaluate strengths 0, 0.25, ..., 1 (parameter "strength")'),
    ...mitigationOutput('data'),
  }),
  ['prediction', 'score'],
);
