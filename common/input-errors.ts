/**
 * Problems with the user's input that the editor can help fix. The engine attaches an InputFix to
 * the errors it raises about columns, labels and thresholds; the CLI prints its own advice
 * (flags), the editor says `editorAdvice` and offers the matching action.
 */

/** Where in an input file a problem was found. Lines are 1-based physical lines of the file. */
export interface InputLocation {
  file: string;
  line?: number;
  /** Column name (preferred) or 1-based column number when the file has no usable header. */
  column?: string | number;
}

export type InputFix =
  /** A score that is not a probability: choose a threshold (or audit the dataset alone). */
  | { kind: 'threshold'; column: string; min: number; max: number; suggested: number }
  /** The positive label value is unknown or wrong. */
  | { kind: 'positive'; column: string; values: string[] }
  /** A role is missing or inconsistent: Configure Columns. */
  | { kind: 'columns'; role?: 'label' | 'prediction' | 'score' | 'sensitive' | 'reference' }
  /** A run's output folder holds an earlier run's results: replace them (or choose another folder). */
  | { kind: 'output'; folder: string };

/**
 * What went wrong reading a database, from the driver's error code: the query was refused (a
 * syntax error, an unknown column or table), the user or password was, or the server or database
 * could not be reached. The editor offers the action that fixes it: Edit Query…, Enter Password
 * Again, Edit Connection….
 */
export type DatabaseProblem = 'query' | 'login' | 'connection';

/** What a failed request carries besides its message (`ResponseError.data`). */
export interface InputErrorData {
  location?: InputLocation;
  /** The problem alone, without command-line advice. */
  detail?: string;
  fix?: InputFix;
  database?: DatabaseProblem;
}

/** What to do about the problem, in the editor's words. */
export function editorAdvice(fix: InputFix): string {
  switch (fix.kind) {
    case 'threshold':
      return `Choose a decision threshold (prediction = ${fix.column} ≥ threshold), or audit the dataset without the model.`;
    case 'positive':
      return `Choose which value of "${fix.column}" is the positive outcome.`;
    case 'output':
      return 'Replace the earlier results, or choose another output folder (More settings…).';
    case 'columns':
      return fix.role === 'sensitive'
        ? 'Choose the sensitive attributes to compare with Configure Columns.'
        : fix.role === 'reference'
          ? 'Choose the reference group with Configure Columns.'
          : fix.role
            ? `Choose the ${fix.role} column with Configure Columns.`
            : 'Set the columns with Configure Columns.';
  }
}

/**
 * A threshold to suggest for a score on [min, max]: the decile cut (≥ 5, "medium or high" in the
 * COMPAS scale) for 1–10 scores, the middle of the range otherwise.
 */
export function suggestedThreshold(min: number, max: number): number {
  if (min >= 1 && max <= 10 && max - min >= 4) return 5;
  const middle = (min + max) / 2;
  return Number(middle.toPrecision(3));
}

/** Why a threshold text is not usable, or undefined when it is. */
export function thresholdProblem(text: string, min: number, max: number): string | undefined {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) return 'Enter a number.';
  if (value <= min || value > max) return `Enter a number above ${min} and at most ${max}: otherwise every decision is the same.`;
  return undefined;
}
