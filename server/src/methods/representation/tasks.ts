import { InputError } from '../../engine/errors';
import { binaryColumn, numericColumn, Table, textColumn } from '../../engine/table/table';

/**
 * A binary task read from one column. Syntax of `--tasks` / `--transfer-task` entries:
 *   C            a two-valued column whose positive value can be inferred (0/1, true/false, yes/no)
 *   C>V, C>=V, C<V, C<=V   the indicator of a numeric comparison, e.g. hours-per-week>40
 *   C=V1|V2|...  the indicator of C being one of the listed values, e.g. occupation=Sales|Tech-support
 */
export type TaskSpec =
  | { text: string; column: string; kind: 'binary'; positive?: string }
  | { text: string; column: string; kind: 'compare'; operator: '>' | '>=' | '<' | '<='; threshold: number }
  | { text: string; column: string; kind: 'in'; values: string[] };

export function parseTaskSpec(text: string): TaskSpec {
  // The earliest operator wins, so "income=>50K" is membership of ">50K", not a comparison.
  const parts = /^(.+?)(>=|<=|=|>|<)(.+)$/.exec(text);
  if (parts) {
    const [, column, operator, operand] = parts as unknown as [string, string, '>=' | '<=' | '=' | '>' | '<', string];
    if (operator === '=') return { text, column: column.trim(), kind: 'in', values: operand.split('|').map((value) => value.trim()) };
    const threshold = Number(operand.trim());
    if (!Number.isFinite(threshold)) throw new InputError(`task "${text}": "${operand}" is not a number`);
    return { text, column: column.trim(), kind: 'compare', operator, threshold };
  }
  return { text, column: text.trim(), kind: 'binary' };
}

/** The task's 0/1 labels on a table; for plain binary columns the positive value is fixed by `positive` once known. */
export function taskLabels(table: Table, spec: TaskSpec): { values: Uint8Array; positive: string } {
  if (spec.kind === 'binary') return binaryColumn(table, spec.column, spec.positive);
  if (spec.kind === 'in') {
    const text = textColumn(table, spec.column);
    return { values: Uint8Array.from(text, (value) => (spec.values.includes(value) ? 1 : 0)), positive: spec.values.join('|') };
  }
  const numbers = numericColumn(table, spec.column);
  const holds = {
    '>': (v: number) => v > spec.threshold,
    '>=': (v: number) => v >= spec.threshold,
    '<': (v: number) => v < spec.threshold,
    '<=': (v: number) => v <= spec.threshold,
  }[spec.operator];
  return { values: Uint8Array.from(numbers, (value) => (holds(value) ? 1 : 0)), positive: `${spec.operator}${spec.threshold}` };
}
