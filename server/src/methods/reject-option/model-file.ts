import * as z from 'zod';
import { checkScoreOrBase, modelHeader, name, names, scoreOrBase, sensitiveBins } from '../framework/model-file';

/**
 * model.json of `reject-option`: the threshold, the band around it and the privileged groups (one
 * name in older files); the score column, or null beside the logistic regression fitted when the file had none.
 */
export const REJECT_OPTION_MODEL = z
  .object({
    ...modelHeader('reject-option'),
    ...scoreOrBase,
    sensitive: names,
    bins: sensitiveBins,
    threshold: z.number(),
    band: z.number().min(0),
    privileged: z.union([name, names]),
  })
  .superRefine((model, context) => {
    checkScoreOrBase(model, context);
  });
