import * as z from 'zod';
import { expectLength, featureCount, featureEncoding, linearModel, modelHeader, name, probability } from '../framework/model-file';

/**
 * model.json of `bounded-group-loss`: the label's training range [low, high] the predictions are
 * clipped to, the allowed group MSE ζ (`allowedGroupMse`, as report.json names it; files before
 * cold try 15 called it `bound`, the name of the setting it is computed from, and are still read),
 * the feature encoding and the mixture of linear models whose clipped predictions are averaged.
 */
export const BOUNDED_GROUP_LOSS_MODEL = z.preprocess(
  (file) => {
    if (typeof file !== 'object' || file === null || !('bound' in file) || 'allowedGroupMse' in file) return file;
    const { bound, ...rest } = file as Record<string, unknown>;
    return { ...rest, allowedGroupMse: bound };
  },
  z
    .object({
      ...modelHeader('bounded-group-loss'),
      label: name,
      low: z.number(),
      high: z.number(),
      allowedGroupMse: z.number().min(0),
      encoding: featureEncoding,
      mixture: z.object({ weights: z.array(probability).min(1), models: z.array(linearModel).min(1) }),
    })
    .superRefine((model, context) => {
      if (!(model.low <= model.high)) context.addIssue({ code: 'custom', path: ['high'], message: 'is below low' });
      const { weights, models } = model.mixture;
      expectLength(context, ['mixture', 'weights'], weights.length, models.length, 'one per model');
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      if (Math.abs(total - 1) > 1e-9) context.addIssue({ code: 'custom', path: ['mixture', 'weights'], message: `add up to ${total}, not 1` });
      const features = featureCount(model.encoding);
      models.forEach((m, t) => expectLength(context, ['mixture', 'models', t, 'weights'], m.weights.length, features, 'one per encoded feature'));
    }),
);
