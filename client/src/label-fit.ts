import type { LabelTask } from '../../common/method-tasks';
import type { ParameterSchema } from '../../common/params';
import type { ColumnsResult, MitigationInfo } from '../../common/protocol';
import { columnDescription, formatCount } from '../../common/render/text';

/**
 * Whether a run can use a column as its label, said in the label step before it runs: a yes/no
 * method needs two values, a fair regression a numeric target of more than two (the checks the
 * server makes when it reads the label), from the column profile the pickers already have.
 */

type Column = ColumnsResult['columns'][number];
type Profile = Pick<Column, 'kind' | 'distinct' | 'moreValues' | 'values'>;

/**
 * The labels a run takes: a run fitting its own base model, that model's; a method of both kinds,
 * by the column it maps (a regression's prediction: a numeric target; a classifier's score: a
 * yes/no label); else the method's own.
 */
export function runLabelTasks(method: MitigationInfo, ownModel: boolean, params: { prediction?: unknown; score?: unknown }): readonly LabelTask[] {
  if (ownModel && method.baseModel) return [method.baseModel.task];
  if (method.tasks.length > 1 && params.prediction !== undefined) return ['regression'];
  if (method.tasks.length > 1 && params.score !== undefined) return ['classification'];
  return method.tasks;
}

/** Two values among the rows read (a column of one value is no label either). */
export function isBinary(column: Pick<Column, 'distinct' | 'moreValues'>): boolean {
  return column.distinct === 2 && !column.moreValues;
}

/** The task a column can be the label of: two values, a yes/no label; a number of more values, a numeric target. */
function taskOf(column: Profile): LabelTask | undefined {
  if (isBinary(column)) return 'classification';
  return column.kind === 'numeric' && column.distinct > 2 ? 'regression' : undefined;
}

/**
 * A column as the label step shows it: "2 values: no, yes", or its kind and count of values, and
 * why the run cannot use it (`problem`), with `advice` for a label of its kind when there is some.
 * The problem is the item's second line: beside the column's name it would be cut.
 */
export function labelChoiceText(
  column: Profile,
  tasks: readonly LabelTask[],
  read: Pick<ColumnsResult, 'rowsRead' | 'wholeFile'>,
  advice: (task: LabelTask) => string | undefined,
): { description: string; problem?: string } {
  const shown = isBinary(column) && column.values ? `2 values: ${column.values.join(', ')}` : columnDescription(column, read);
  const task = taskOf(column);
  if (task !== undefined && tasks.includes(task)) return { description: shown };
  const problem = (task && advice(task)) ?? (tasks.includes('classification') ? 'needs a label of two values' : 'needs a numeric label');
  return { description: `$(warning) ${shown}`, problem };
}

/**
 * What to do with a label of `task` that this run of `method` cannot use: the same method on
 * another column (a prediction for a numeric target, a score for a yes/no label), or another
 * method of that task.
 */
export function labelAdvice(method: MitigationInfo, methods: readonly MitigationInfo[], task: LabelTask): string | undefined {
  if (method.tasks.includes(task)) return task === 'regression' ? 'needs a prediction column, not a score' : 'needs a score column to map (a yes/no label)';
  const other = methods.find((m) => m !== method && m.tasks.includes(task));
  return other && `needs ${task === 'regression' ? 'a fair-regression' : 'a yes/no'} method such as ${shortTitle(other)}`;
}

/** "ZFYA is numeric (1,215 values): Threshold optimizer needs a label of two values." */
export function labelProblemText(name: string, column: Profile, method: string, tasks: readonly LabelTask[]): string {
  const what = isBinary(column) ? 'has two values' : `is ${column.kind} (${column.moreValues ? 'more than ' : ''}${formatCount(column.distinct)} values)`;
  const needs = tasks.includes('classification') ? 'a label of two values' : 'a numeric label of more than two values';
  return `"${name}" ${what}: ${method} needs ${needs}`;
}

/** A method's short name for a suggestion: "Wasserstein barycenter" of "Wasserstein barycenter (regression or scores)". */
export function shortTitle(method: Pick<MitigationInfo, 'title'>): string {
  return method.title.replace(/ \(.*\)$/, '');
}

/**
 * Whether a question for a yes/no label only (`onlyForBinaryLabel`: a positive value, a score's
 * threshold) is left out of this run: its label is no yes/no label, or it has none and maps a
 * regression's prediction.
 */
export function notForThisLabel(
  property: Pick<ParameterSchema, 'onlyForBinaryLabel'>,
  params: Record<string, unknown>,
  columns: readonly (Profile & { name: string })[],
): boolean {
  if (!property.onlyForBinaryLabel) return false;
  const label = columns.find((column) => column.name === params.label);
  if (label) return !isBinary(label);
  return params.label === undefined && params.prediction !== undefined && params.score === undefined;
}
