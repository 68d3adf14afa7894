import type { LeakageResult } from '../../../common/reports/leakage';
import { analyzeTable, DEFAULT_SAMPLE_SIZE, type LeakageHooks, type LeakageOptions } from '../engine/leakage/analyze';
import { reservoirSample } from '../io/reservoir';

/** Reads the file, or its first `maxRows` rows (a reservoir sample of them when many), and measures every candidate proxy. */
export async function analyzeLeakage(file: string, options: LeakageOptions, hooks: LeakageHooks = {}): Promise<LeakageResult> {
  const size = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  const reading = { signal: hooks.signal, onProgress: (fraction: number) => hooks.onProgress?.({ fraction: 0.3 * fraction, message: 'reading' }) };
  const sample = await reservoirSample(file, options.csv ?? {}, size, options.seed ?? 0, reading, options.maxRows);
  const result = analyzeTable(
    sample,
    options,
    { ...hooks, onProgress: (p) => hooks.onProgress?.({ ...p, fraction: 0.3 + 0.7 * p.fraction }) },
    sample.totalRows,
  );
  return sample.firstRows ? { ...result, sample: { ...result.sample, firstRows: true } } : result;
}
