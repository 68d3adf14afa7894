import * as z from 'zod';
import { expectLength, featureCount, featureEncoding, linearModel, modelHeader, name } from '../framework/model-file';

/** model.json of `reweighing`: the feature encoding and the weighted linear model on it. */
export const REWEIGHING_MODEL = z
  .object({
    ...modelHeader('reweighing'),
    positive: name,
    baseModel: z.enum(['logistic', 'linear-svm']).optional(),
    encoding: featureEncoding,
    model: linearModel,
  })
  .superRefine((model, context) =>
    expectLength(context, ['model', 'weights'], model.model.weights.length, featureCount(model.encoding), 'one per encoded feature'),
  );
