import * as z from 'zod';
import { checkScoreOrBase, modelHeader, names, probability, scoreOrBase, seedValue, sensitiveBins } from '../framework/model-file';

/** A rule component: a score cut (positive above it, at it with a probability), or a coin flip. */
const component = z.union([
  z.object({ weight: probability, threshold: z.number(), tieProbability: probability }),
  z.object({ weight: probability, rate: probability }),
]);

/** model.json of `threshold`: one randomized rule per group, whose component weights add up to 1. */
export const THRESHOLD_MODEL = z
  .object({
    ...modelHeader('threshold'),
    // the score column's name (models before the base model: always a name), or null beside the fitted logistic regression
    ...scoreOrBase,
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
    checkScoreOrBase(model, context);
    model.rules.forEach((rule, r) => {
      const total = rule.components.reduce((sum, c) => sum + c.weight, 0);
      if (Math.abs(total - 1) > 1e-9)
        context.addIssue({ code: 'custom', path: ['rules', r, 'components'], message: `has weights adding up to ${total}, not 1` });
    });
  });
