import * as z from 'zod';
import { expectLength, names } from '../framework/model-file';

/** The `transform` of a correlation-remover model.json (correlation-remover.ts). */
export const CORRELATION_REMOVER_TRANSFORM = z.object({
  groups: names.min(2),
  indicatorMeans: z.array(z.number()),
  coefficients: z.array(z.array(z.number())),
});

/** Its sizes: one indicator mean and one row of coefficients per group but the last, one coefficient per feature. */
export function checkCorrelationRemover(transform: z.output<typeof CORRELATION_REMOVER_TRANSFORM>, features: number, context: z.core.$RefinementCtx): void {
  const indicators = transform.groups.length - 1;
  expectLength(context, ['transform', 'indicatorMeans'], transform.indicatorMeans.length, indicators, 'one per group but the last');
  expectLength(context, ['transform', 'coefficients'], transform.coefficients.length, indicators, 'one row per group but the last');
  transform.coefficients.forEach((row, g) => expectLength(context, ['transform', 'coefficients', g], row.length, features, 'one per encoded feature'));
}
