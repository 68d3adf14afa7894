import * as z from 'zod';
import {
  expectLength,
  featureCount,
  featureEncoding,
  linearModel,
  modelHeader,
  name,
  names,
  sensitiveBins,
  probability,
  seedValue,
} from '../framework/model-file';

/** A rule component: a score cut (positive above it, at it with a probability), or a coin flip. */
const component = z.union([
  z.object({ weight: probability, threshold: z.number(), tieProbability: probability }),
  z.object({ weight: probability, rate: probability }),
]);

/** model.json of `threshold`: one randomized rule per group, whose component weights add up to 1. */
export const THRESHOLD_MODEL = z
  .object({
    ...modelHeader('threshold'),
    // null beside the logistic regression fitted when the file had no score (models before it: a name)
    score: name.nullable(),
    base: z.object({ label: name, encoding: featureEncoding, model: linearModel }).optional(),
    sensitive: names,
    bins: sensitiveBins,
    seed: seedValue,
    rules: z
      .array(
        z.object({
          group: z.string(),
          components: z.array(component).min(1),
          // the group's fitting rows and their labels (models written before they were recorded: absent)
          rows: z.int().min(0).optional(),
          positives: z.int().min(0).optional(),
          negatives: z.int().min(0).optional(),
        }),
      )
      .min(1),
  })
  .superRefine((model, context) => {
    if ((model.score === null) === (model.base === undefined))
      context.addIssue({ code: 'custom', path: ['score'], message: 'must name the score column, or be null beside a base model, not both' });
    if (model.base)
      expectLength(context, ['base', 'model', 'weights'], model.base.model.weights.length, featureCount(model.base.encoding), 'one per encoded feature');
    model.rules.forEach((rule, r) => {
      const total = rule.components.reduce((sum, c) => sum + c.weight, 0);
      if (Math.abs(total - 1) > 1e-9)
        context.addIssue({ code: 'custom', path: ['rules', r, 'components'], message: `has weights adding up to ${total}, not 1` });
    });
  });
