/**
 * One analysis per document at a time, of its latest version: a change waits for a pause in
 * typing (`delayMs`), and starting an analysis stops the one of the previous version.
 */
export class LatestAnalysis {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, AbortController>();

  schedule(key: string, delayMs: number, run: (signal: AbortSignal) => Promise<void>): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.running.get(key)?.abort();
        const controller = new AbortController();
        this.running.set(key, controller);
        void run(controller.signal).finally(() => {
          if (this.running.get(key) === controller) this.running.delete(key);
        });
      }, delayMs),
    );
  }

  /** Forgets the document: its pending analysis is dropped and the running one stopped. */
  stop(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.running.get(key)?.abort();
    this.running.delete(key);
  }
}
