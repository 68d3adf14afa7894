import * as z from 'zod';
import { expectLength, featureCount, featureEncoding, linearModel, modelHeader, name, probability, seedValue } from '../framework/model-file';
import { FAIRNESS_CONSTRAINTS } from './moments';

/** model.json of `exponentiated-gradient` and `grid-search`: a randomized mixture of linear classifiers. */
export function reductionModel<const M extends string>(method: M) {
  return z
    .object({
      ...modelHeader(method),
      positive: name,
      constraint: z.enum(FAIRNESS_CONSTRAINTS),
      epsilon: z.number().min(0),
      seed: seedValue.optional(),
      encoding: featureEncoding,
      mixture: z.object({ weights: z.array(probability).min(1), classifiers: z.array(linearModel).min(1) }),
    })
    .superRefine((model, context) => {
      const { weights, classifiers } = model.mixture;
      expectLength(context, ['mixture', 'weights'], weights.length, classifiers.length, 'one per classifier');
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      if (Math.abs(total - 1) > 1e-9) context.addIssue({ code: 'custom', path: ['mixture', 'weights'], message: `add up to ${total}, not 1` });
      const features = featureCount(model.encoding);
      classifiers.forEach((classifier, c) =>
        expectLength(context, ['mixture', 'classifiers', c, 'weights'], classifier.weights.length, features, 'one per encoded feature'),
      );
    });
}
