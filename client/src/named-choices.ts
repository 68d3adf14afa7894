import type { ParameterSchema } from '../../common/params';

/**
 * The rows of a multiple choice among named values (Compare's methods, a method's tasks): each
 * row's label is the value's editor name where it has one ("Threshold optimizer"), so typing that
 * name in the filter finds it, with the value itself beside it ("threshold", the name the command
 * line, the plot's legend and the reports use; the pick matches on it too), and its explanation under it.
 */
export function namedChoiceRows(items: ParameterSchema): { label: string; description?: string; detail?: string; value: string }[] {
  return (items.enum ?? []).map((value) => {
    const name = items.labels?.[value];
    const detail = items.choices?.[value];
    return { label: name ?? value, ...(name !== undefined && name !== value ? { description: value } : {}), ...(detail ? { detail } : {}), value };
  });
}
