import type { DatabaseProblem, InputFix, InputLocation } from '../../../common/input-errors';

/** How the user can fix a problem: the editor's action, and the command line's advice. */
export interface Remedy {
  fix: InputFix;
  /** Appended to the message on the command line, e.g. "pass --positive". */
  cli: string;
}

/**
 * A problem with the user's input (file, columns, values, flags). Callers show `message` as a
 * single line with no stack trace; the CLI exits with code 2. With a remedy, `message` ends with
 * the command line's advice and the editor offers `remedy.fix` instead.
 */
/**
 * A group (often a crossing of several sensitive attributes) too thin for the method: without a
 * row of one label, or absent from the training rows. The editor asks the sensitive attributes
 * again, the CLI says to change them.
 */
export const COARSER_GROUPS: Remedy = { fix: { kind: 'columns', role: 'sensitive' }, cli: 'choose fewer or coarser --sensitive columns' };

export class InputError extends Error {
  readonly location: InputLocation | undefined;
  readonly detail: string;
  readonly fix: InputFix | undefined;

  constructor(detail: string, location?: InputLocation, remedy?: Remedy) {
    super(formatInputError(remedy ? `${detail}; ${remedy.cli}` : detail, location));
    this.name = 'InputError';
    this.detail = detail;
    this.location = location;
    this.fix = remedy?.fix;
  }
}

/** A database refused the query or the connection: `problem` says which (common/input-errors.ts). */
export class DatabaseError extends InputError {
  constructor(
    detail: string,
    location: InputLocation,
    readonly problem: DatabaseProblem,
  ) {
    super(detail, location);
    this.name = 'DatabaseError';
  }
}

export function formatInputError(detail: string, location?: InputLocation): string {
  if (!location) return detail;
  const parts = [location.file];
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.column !== undefined) {
    parts.push(typeof location.column === 'number' ? `column ${location.column}` : `column "${location.column}"`);
  }
  return `${parts.join(', ')}: ${detail}`;
}

/** Thrown when a job is cancelled through its AbortSignal. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/**
 * A mistake in a command's parameters (a flag, a field of an editor request): one line naming the
 * parameter and what it accepts; the CLI prints it with the command's usage and exits with code 2.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
