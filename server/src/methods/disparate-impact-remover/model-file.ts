import * as z from 'zod';
import { expectLength, names } from '../framework/model-file';

/** The `transform` of a disparate-impact-remover model.json (disparate-impact-remover.ts). */
/** A group's training values of a feature: distinct values in ascending order, each with its row count. */
const distribution = z.object({ values: z.array(z.number()).min(1), counts: z.array(z.int().min(1)) }).superRefine((d, context) => {
  expectLength(context, ['counts'], d.counts.length, d.values.length, 'one count per value');
  if (d.values.some((v, i) => i > 0 && v <= d.values[i - 1]!))
    context.addIssue({ code: 'custom', path: ['values'], message: 'is not in strictly ascending order' });
});

export const DISPARATE_IMPACT_REMOVER_TRANSFORM = z.object({
  groups: names,
  features: z.array(z.object({ index: z.int().min(0), distributions: z.record(z.string(), distribution), targets: z.array(z.number()).min(1) })),
});

/** Its feature indices must name encoded features. */
export function checkDisparateImpactRemover(
  transform: z.output<typeof DISPARATE_IMPACT_REMOVER_TRANSFORM>,
  features: number,
  context: z.core.$RefinementCtx,
): void {
  transform.features.forEach((feature, k) => {
    if (feature.index >= features)
      context.addIssue({
        code: 'custom',
        path: ['transform', 'features', k, 'index'],
        message: `is ${feature.index}, beyond the ${features} encoded features`,
      });
    for (const group of transform.groups) {
      if (!Object.hasOwn(feature.distributions, group))
        context.addIssue({ code: 'custom', path: ['transform', 'features', k, 'distributions'], message: `has no distribution for the group "${group}"` });
    }
  });
}
