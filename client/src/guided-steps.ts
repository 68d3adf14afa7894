import type { AuditRequestOptions } from '../../common/protocol';

/**
 * The "(n/m)" of a guided run's question: its place among the questions the run asks now, so a
 * question left out (an answer the file's columns settle, a yes/no-label question for a numeric
 * label, the second of two alternatives) takes no number and the count never jumps (a user saw 3/7
 * then 5/7). `asks` is read with the answers so far: a new label may add or remove a question.
 */
export function stepOf(keys: readonly string[], asks: (key: string) => boolean, key: string): { step: number; steps: number } {
  const asked = keys.filter(asks);
  return { step: asked.indexOf(key) + 1, steps: asked.length };
}

/**
 * Whether a guided run's answer is already settled by the file's columns, and so not asked (the
 * review shows it): the label Configure Columns saved for the file, when the run uses it and can
 * (`labelFits`: a label the method cannot use is asked, and refused there); the positive value
 * saved (or, with the label inferred, kept) for the run's label.
 */
export function settledByColumns(
  key: string,
  params: Record<string, unknown>,
  columns: { saved: AuditRequestOptions | undefined; configured: AuditRequestOptions },
  labelFits: (label: string) => boolean,
): boolean {
  const { saved, configured } = columns;
  if (key === 'label') return saved?.label !== undefined && params.label === saved.label && labelFits(saved.label);
  if (key === 'positive') return configured.positive !== undefined && params.label === configured.label && params.positive === configured.positive;
  return false;
}
