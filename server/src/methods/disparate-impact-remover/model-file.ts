import * as z from 'zod';
import { names } from '../framework/model-file';

/** The `transform` of a disparate-impact-remover model.json (disparate-impact-remover.ts). */
export const DISPARATE_IMPACT_REMOVER_TRANSFORM = z.object({
  groups: names,
  features: z.array(z.object({ index: z.int().min(0), targets: z.array(z.number()).min(1) })),
});

/** Its feature indices must name encoded features. */
export function checkDisparateImpactRemover(transform: z.output<typeof DISPARATE_IMPACT_REMOVER_TRANSFORM>, features: number, context: z.core.$RefinementCtx): void {
  transform.features.forEach((feature, k) => {
    if (feature.index >= features) context.addIssue({ code: 'custom', path: ['transform', 'features', k, 'index'], message: `is ${feature.index}, beyond the ${features} encoded features` });
  });
}
