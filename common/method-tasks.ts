/**
 * What kind of label a mitigation method makes fair: a yes/no label (`classification`: it fits a
 * classifier, or post-processes a classifier's scores and thresholds them) or a numeric target
 * (`regression`: it post-processes a regression's predictions). Each method states its own in its
 * definition; the editor's Compare pick and `parity compare`'s default set follow it.
 */
export const LABEL_TASKS = ['classification', 'regression'] as const;
export type LabelTask = (typeof LABEL_TASKS)[number];

/** The base model a model-output method fits when the file has no model output: for which labels, and what it does in words. */
export interface BaseModelInfo {
  task: LabelTask;
  /** For the method picker, beside the method's name, e.g. "fits least squares on this file’s columns": a few words (the row is cut at about 90 characters). */
  description: string;
}

/** A numeric label with at most this many distinct whole numbers is classes, not a regression target (the audit's rule). */
export const MAX_INFERRED_CLASSES = 10;

/** A label as the file's column description gives it: its kind and its number of distinct values. */
export interface LabelColumn {
  kind: string;
  distinct: number;
}

/**
 * The task of a label: two values are a yes/no label; a numeric label with more values than
 * MAX_INFERRED_CLASSES a regression target; anything else (classes, no label) is not known.
 */
export function labelTaskOf(column: LabelColumn | undefined): LabelTask | undefined {
  if (!column) return undefined;
  if (column.distinct <= 2) return 'classification';
  if (column.kind === 'numeric' && column.distinct > MAX_INFERRED_CLASSES) return 'regression';
  return undefined;
}

/** Whether a method applies to a label of this task (every method does when the task is not known). */
export function appliesTo(method: { tasks: readonly LabelTask[] }, task: LabelTask | undefined): boolean {
  return task === undefined || method.tasks.includes(task);
}

const LABEL_WORDS: Record<LabelTask, string> = { classification: 'binary', regression: 'regression' };

/** "for regression labels", "for binary labels": what a method is for, said where it does not apply. */
export function tasksNote(method: { tasks: readonly LabelTask[] }): string {
  return `for ${method.tasks.map((task) => LABEL_WORDS[task]).join(' or ')} labels`;
}
