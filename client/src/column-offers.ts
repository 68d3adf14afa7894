/**
 * The columns a column question offers, from the answers so far: a score is a number, and neither a
 * score nor a prediction is the label or a sensitive attribute (a run on them fails, late); the
 * label is not the column already chosen as the score or prediction; the label chosen is neither
 * a feature nor a sensitive attribute (cold try 13 saw detained offered as a feature, cold try 14
 * ZFYA as a sensitive attribute).
 */

interface OfferedColumn {
  name: string;
  kind: string;
}

export function offeredColumns<C extends OfferedColumn>(key: string, params: Record<string, unknown>, columns: readonly C[]): C[] {
  const chosen = (name: string) => (typeof params[name] === 'string' ? [params[name]] : []);
  const sensitive = Array.isArray(params.sensitive) ? (params.sensitive as unknown[]) : [];
  if (key === 'score' || key === 'prediction') {
    const taken = [...chosen('label'), ...sensitive];
    return columns.filter((c) => !taken.includes(c.name) && (key !== 'score' || c.kind === 'numeric'));
  }
  if (key === 'label') {
    const taken = [...chosen('score'), ...chosen('prediction')];
    return columns.filter((c) => !taken.includes(c.name));
  }
  if (key === 'features' || key === 'sensitive') return columns.filter((c) => !chosen('label').includes(c.name));
  return [...columns];
}

/** The placeholder of a column question with nothing to offer ("" when there is something). */
export function noColumnText(key: string, offered: number): string {
  if (offered > 0) return '';
  if (key === 'score') return 'no column fits: the file has no numeric column besides the label and the sensitive attributes';
  if (key === 'prediction') return 'no column fits: every column is the label or a sensitive attribute';
  return 'no column fits: every column is already chosen';
}

/**
 * Beside a column offered as the model's score or prediction whose name does not say it is one
 * ("age", "priors_count" in a file without a score): a number is not a model's score for being a
 * number, and leaving the question unset may be what the run needs (it then fits its own model).
 */
export function notNamedText(key: string, column: { named?: string | undefined }): string | undefined {
  if (key !== 'score' && key !== 'prediction') return undefined;
  return column.named === key ? undefined : `not named like a ${key}`;
}
