/**
 * A run's parameters with its label out of the audited model's outputs (--audited): the column
 * chosen as the true outcome is never the audited model's output, though its name had it inferred
 * as the decision ("detained") before the label was asked.
 */
export function labelNotAudited(params: Record<string, unknown>): Record<string, unknown> {
  const { audited, label } = params;
  if (!Array.isArray(audited) || typeof label !== 'string' || !audited.includes(label)) return params;
  const kept: Record<string, unknown> = { ...params, audited: audited.filter((column) => column !== label) };
  if ((kept.audited as unknown[]).length === 0) delete kept.audited;
  return kept;
}
