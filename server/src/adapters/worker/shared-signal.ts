/**
 * The job's signal reads as aborted as soon as the server sets the shared flag: a job computing
 * without yielding (a model fit) never sees the 'cancel' message until it finishes, but its
 * throwIfAborted checks read `aborted`. Listeners still fire when the message arrives.
 */
export function sharedSignal(signal: AbortSignal, flag: Int32Array): AbortSignal {
  const ownAborted = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted')!.get!;
  Object.defineProperty(signal, 'aborted', { get: () => ownAborted.call(signal) || Atomics.load(flag, 0) === 1 });
  return signal;
}
