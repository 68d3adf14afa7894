import * as z from 'zod';
import { expectLength, featureCount, featureEncoding, modelHeader, name } from '../framework/model-file';

const task = z.discriminatedUnion('kind', [
  z.object({ text: z.string(), column: name, kind: z.literal('binary'), positive: z.string() }),
  z.object({
    text: z.string(),
    column: name,
    kind: z.literal('compare'),
    operator: z.enum(['>', '>=', '<', '<=']),
    threshold: z.number(),
    positive: z.string(),
  }),
  z.object({ text: z.string(), column: name, kind: z.literal('in'), values: z.array(z.string()).min(1), positive: z.string() }),
]);

/** model.json of `representation`: the encoder's and heads' weights in one vector (network.ts), and an optional transfer head. */
export const REPRESENTATION_MODEL = z
  .object({
    ...modelHeader('representation'),
    encoding: featureEncoding,
    tasks: z.array(task).min(1),
    penalty: z.enum(['mmd', 'sinkhorn']),
    lambda: z.number().min(0),
    inputs: z.int().min(1),
    dim: z.int().min(1).max(4096),
    params: z.array(z.number()),
    transfer: z.object({ task: z.string(), weights: z.array(z.number()), bias: z.number() }).nullable(),
  })
  .superRefine((model, context) => {
    const features = featureCount(model.encoding);
    if (model.inputs !== features)
      context.addIssue({ code: 'custom', path: ['inputs'], message: `is ${model.inputs} where the encoding gives ${features} features` });
    const { dim, inputs, tasks } = model;
    expectLength(
      context,
      ['params'],
      model.params.length,
      dim * inputs + dim + tasks.length * (dim + 1),
      `W ${dim}×${inputs}, b ${dim}, then ${dim} + 1 per task`,
    );
    if (model.transfer) expectLength(context, ['transfer', 'weights'], model.transfer.weights.length, dim, 'one per representation unit');
  });
