import * as z from 'zod';
import { expectLength, featureCount, featureEncoding, linearModel, modelHeader, name } from '../framework/model-file';

const positive = z.number().positive();

/** model.json of `ferm`: the encoding and the fitted linear or RBF-kernel model. */
export const FERM_MODEL = z
  .object({
    ...modelHeader('ferm'),
    positive: name,
    encoding: featureEncoding,
    exportFeatures: z.boolean(),
    fit: z.object({
      learner: z.enum(['linear-svm', 'logistic', 'rbf-svm']),
      fair: z.boolean(),
      settings: z.object({ C: positive, gamma: positive.optional() }),
      basis: z.array(z.array(z.number())),
      linear: linearModel.optional(),
      kernel: z
        .object({ gamma: positive, supportVectors: z.array(z.array(z.number())).min(1), coefficients: z.array(z.number()), bias: z.number() })
        .optional(),
    }),
  })
  .superRefine((model, context) => {
    const features = featureCount(model.encoding);
    const { fit } = model;
    model.fit.basis.forEach((direction, k) => expectLength(context, ['fit', 'basis', k], direction.length, features, 'one per encoded feature'));
    if (fit.learner === 'rbf-svm') {
      if (!fit.kernel) return context.addIssue({ code: 'custom', path: ['fit', 'kernel'], message: 'is missing (an rbf-svm model needs its support vectors)' });
      fit.kernel.supportVectors.forEach((vector, k) =>
        expectLength(context, ['fit', 'kernel', 'supportVectors', k], vector.length, features, 'one per encoded feature'),
      );
      expectLength(context, ['fit', 'kernel', 'coefficients'], fit.kernel.coefficients.length, fit.kernel.supportVectors.length, 'one per support vector');
    } else {
      if (!fit.linear) return context.addIssue({ code: 'custom', path: ['fit', 'linear'], message: `is missing (a ${fit.learner} model needs its weights)` });
      expectLength(context, ['fit', 'linear', 'weights'], fit.linear.weights.length, features, 'one per encoded feature');
    }
  });
