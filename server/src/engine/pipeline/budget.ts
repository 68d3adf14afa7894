import { throwIfAborted } from '../errors';
import type { ExtractOptions } from './findings';

/** The analysis ran past its deadline (`ExtractOptions.deadline`) and was stopped. */
export class OverBudgetError extends Error {
  constructor() {
    super('the analysis ran past its time budget');
    this.name = 'OverBudgetError';
  }
}

/** Whether the analysis must stop: cancelled, or past its deadline. */
export function mustStop(options: Pick<ExtractOptions, 'signal' | 'deadline'>): boolean {
  return options.signal?.aborted === true || (options.deadline !== undefined && Date.now() > options.deadline);
}

/** Throws CancelledError when cancelled, OverBudgetError when past the deadline. */
export function checkStop(options: Pick<ExtractOptions, 'signal' | 'deadline'>): void {
  throwIfAborted(options.signal);
  if (mustStop(options)) throw new OverBudgetError();
}
