import { CancelledError, DatabaseError, InputError, UsageError } from '../../engine/errors';
import type { JobFailure } from './jobs';

/** A thrown error as plain data that survives postMessage. */
export function describeFailure(error: unknown): JobFailure {
  if (error instanceof InputError)
    return {
      kind: 'input',
      message: error.message,
      detail: error.detail,
      ...(error.location ? { location: error.location } : {}),
      ...(error.fix ? { fix: error.fix } : {}),
      ...(error instanceof DatabaseError ? { database: error.problem } : {}),
    };
  if (error instanceof UsageError) return { kind: 'usage', message: error.message };
  if (error instanceof CancelledError) return { kind: 'cancelled' };
  const failure = error instanceof Error ? error : new Error(String(error));
  return { kind: 'internal', message: failure.message, ...(failure.stack ? { stack: failure.stack } : {}) };
}
