import type { ParametersSchema } from '../../common/params';

/**
 * A method's remembered answers that still fit its schema: a parameter it no longer has is left
 * out, and a single value saved before the parameter took a list (reject-option's privileged
 * group) becomes a list of one, so an older answer never fails the run's validation.
 */
export function rememberedAnswers(schema: ParametersSchema, answers: Record<string, unknown> | undefined): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(answers ?? {})) {
    const property = schema.properties[key];
    if (!property) continue;
    kept[key] = property.type === 'array' && !Array.isArray(value) && value !== undefined ? [value] : value;
  }
  return kept;
}
