import type { LeakageResult } from '../../../common/reports/leakage';
import { analyzeTable, DEFAULT_SAMPLE_SIZE, type LeakageHooks, type LeakageOptions } from '../engine/leakage/analyze';
import { reservoirSample } from '../io/reservoir';

/** Reads the file (a reservoir sample of it when large) and measures every candidate proxy. */
export async function analyzeLeakage(file: string, options: LeakageOptions, hooks: LeakageHooks = {}): Promise<LeakageResult> {
  const size = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  const sample = await reservoirSample(file, options.csv ?? {}, size, options.seed ?? 0, {
    signal: hooks.signal,
    onProgress: (fraction) => hooks.onProgress?.({ fraction: 0.3 * fraction, message: 'reading' }),
  });
  return analyzeTable(sample, options, { ...hooks, onProgress: (p) => hooks.onProgress?.({ ...p, fraction: 0.3 + 0.7 * p.fraction }) }, sample.totalRows);
}
