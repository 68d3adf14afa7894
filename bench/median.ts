import { performance } from 'node:perf_hooks';

const REPEATS = 5;

/** The median of 5 timings of `run`, in seconds to the millisecond. */
export function medianSeconds(run: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    run();
    times.push((performance.now() - started) / 1000);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(REPEATS / 2)]! * 1000) / 1000;
}
