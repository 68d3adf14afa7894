/** Where in an input file a problem was found. Lines are 1-based physical lines of the file. */
export interface InputLocation {
  file: string;
  line?: number;
  /** Column name (preferred) or 1-based column number when the file has no usable header. */
  column?: string | number;
}

/**
 * A problem with the user's input (file, columns, values, flags). Callers show `message` as a
 * single line with no stack trace; the CLI exits with code 2.
 */
export class InputError extends Error {
  readonly location: InputLocation | undefined;
  readonly detail: string;

  constructor(detail: string, location?: InputLocation) {
    super(formatInputError(detail, location));
    this.name = 'InputError';
    this.detail = detail;
    this.location = location;
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
