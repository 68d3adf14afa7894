import { CancelledError } from '../../engine/errors';
import type { MethodRunner } from '../../services/compare';
import { JobError, runInWorker } from './pool';

/** The comparison's methods, each in a worker thread of its own. */
export const runMethodInWorker: MethodRunner = async (method, params, hooks) => {
  try {
    return await runInWorker({ kind: 'mitigate', method, params, naming: 'flag' }, hooks);
  } catch (error) {
    if (error instanceof JobError && error.failure.kind === 'cancelled') throw new CancelledError();
    throw error;
  }
};
