import * as z from 'zod';
import { expectLength, featureCount, featureEncoding, linearModel, modelHeader, name, names, sensitiveBins } from '../framework/model-file';

/**
 * model.json of `reject-option`: the threshold, the band around it and the privileged groups (one
 * name in older files); the score column, or null beside the logistic regression fitted when the file had none.
 */
export const REJECT_OPTION_MODEL = z
  .object({
    ...modelHeader('reject-option'),
    score: name.nullable(),
    base: z.object({ label: name, encoding: featureEncoding, model: linearModel }).optional(),
    sensitive: names,
    bins: sensitiveBins,
    threshold: z.number(),
    band: z.number().min(0),
    privileged: z.union([name, names]),
  })
  .superRefine((model, context) => {
    if ((model.score === null) === (model.base === undefined))
      context.addIssue({ code: 'custom', path: ['score'], message: 'must name the score column, or be null beside a base model, not both' });
    if (model.base)
      expectLength(context, ['base', 'model', 'weights'], model.base.model.weights.length, featureCount(model.base.encoding), 'one per encoded feature');
  });
