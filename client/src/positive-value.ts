/** What the editor knows of a label column: its name, values (a few) and the value inferred as positive. */
export interface LabelColumn {
  name: string;
  values?: string[] | undefined;
  positive?: string | undefined;
}

/**
 * The positive value a run will use when none is set, as its review shows it: the value the
 * server infers from the label (1, true, yes...), or that one must be chosen (">50K" / "<=50K").
 */
export function positiveShown(label: LabelColumn | undefined): string {
  if (!label) return 'inferred from the label column';
  if (label.positive !== undefined) return `${label.positive} (inferred from ${label.name})`;
  const values = label.values?.length ? `: ${label.values.slice(0, 3).join(', ')}` : '';
  return `not set: choose it, nothing can be inferred from ${label.name}${values}`;
}
