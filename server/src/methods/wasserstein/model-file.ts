import * as z from 'zod';
import {
  expectLength,
  featureCount,
  featureEncoding,
  linearModel,
  modelHeader,
  name,
  names,
  probability,
  seedValue,
  sensitiveBins,
} from '../framework/model-file';

/** One calibration half: a sorted sample of a group's predictions. */
const sortedSample = z
  .array(z.number())
  .min(1)
  .refine((values) => values.every((value, i) => i === 0 || values[i - 1]! <= value), 'is not sorted in ascending order');

/**
 * model.json of `wasserstein`: the column mapped, or the least-squares model whose predictions are
 * (its label, feature encoding, weights and bias); per group its weight and its two sorted calibration halves.
 */
export const WASSERSTEIN_MODEL = z
  .object({
    ...modelHeader('wasserstein'),
    column: z.object({ name, role: z.enum(['prediction', 'score']) }).nullable(),
    base: z.object({ label: name, encoding: featureEncoding, model: linearModel }).optional(),
    sensitive: names,
    bins: sensitiveBins,
    strength: probability,
    threshold: z.number().nullable(),
    map: z.object({
      groups: z.array(z.object({ group: z.string(), weight: probability, halves: z.tuple([sortedSample, sortedSample]) })).min(1),
      jitter: z.number().min(0),
      seed: seedValue,
    }),
  })
  .superRefine((model, context) => {
    if ((model.column === null) === (model.base === undefined))
      context.addIssue({ code: 'custom', path: ['column'], message: 'must name the column mapped, or be null beside a base model, not both' });
    if (model.base)
      expectLength(context, ['base', 'model', 'weights'], model.base.model.weights.length, featureCount(model.base.encoding), 'one per encoded feature');
    const total = model.map.groups.reduce((sum, group) => sum + group.weight, 0);
    if (Math.abs(total - 1) > 1e-9) context.addIssue({ code: 'custom', path: ['map', 'groups'], message: `has weights adding up to ${total}, not 1` });
  });
