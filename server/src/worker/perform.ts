import { runAudit } from '../engine/audit/run';
import { analyzeLeakage } from '../engine/leakage/analyze';
import { openCsv } from '../engine/csv/reader';
import { UsageError } from '../cli/args';
import { InputError } from '../engine/errors';
import { profileColumns } from '../engine/schema/profile';
import { resolveRoles } from '../engine/schema/roles';
import { runComparison } from '../mitigations/compare';
import { findMitigation } from '../mitigations/registry';
import type { ColumnsResult } from '../protocol';
import { describeFailure } from './failure';
import type { Diagnosis, Job, JobProgress } from './jobs';

const COLUMN_SAMPLE_ROWS = 10_000;

/** Runs one job in the current thread (the worker calls it; tests may call it directly). */
export async function performJob(job: Job, signal: AbortSignal, onProgress: (progress: JobProgress) => void): Promise<unknown> {
  switch (job.kind) {
    case 'audit':
      return runAudit(job.file, job.options, {
        signal,
        onProgress: (p) =>
          onProgress({
            fraction: p.byteSize > 0 ? p.bytesRead / p.byteSize : undefined,
            message: `${p.rows.toLocaleString('en-US')} rows`,
          }),
      });
    case 'columns':
      return columns(job.file, signal);
    case 'diagnose':
      return diagnose(job, signal);
    case 'compare':
      return runComparison(job.options, { signal, onProgress: (p) => onProgress({ fraction: p.fraction, message: p.message }) });
    case 'leakage':
      return analyzeLeakage(job.file, job.options, { signal, onProgress: (p) => onProgress({ fraction: p.fraction, message: p.message }) });
    case 'mitigate': {
      const method = findMitigation(job.method);
      if (!method) throw new UsageError(`unknown mitigation method "${job.method}"`);
      return method.run(job.values, { signal, onProgress: (p) => onProgress({ fraction: p.fraction, message: p.message }) });
    }
  }
}

async function diagnose(job: Extract<Job, { kind: 'diagnose' }>, signal: AbortSignal): Promise<Diagnosis> {
  const { file, options } = job;
  const source = await openCsv(file, options.csv);
  source.close();
  const base = { columns: [...source.columns], headerLine: source.headerLine, delimiter: source.delimiter, leakage: null, relevant: job.configured };
  try {
    const found = job.configured ? undefined : await columns(file, signal);
    if (found && !found.inferred.some((inference) => inference.role === 'sensitive')) return { ...base, report: null, failure: null };
    base.relevant = true;
    const report = await runAudit(file, options, { signal });
    const leakage = job.leakage.enabled
      ? await analyzeLeakage(file, { sensitive: report.columns.sensitive, label: report.columns.label ?? undefined, sampleSize: job.leakage.sampleSize, ...(options.csv ? { csv: options.csv } : {}) }, { signal })
      : null;
    return { ...base, report, leakage, failure: null };
  } catch (error) {
    const failure = describeFailure(error);
    if (failure.kind === 'cancelled' || failure.kind === 'internal') throw error;
    return { ...base, report: null, failure };
  }
}

async function columns(file: string, signal: AbortSignal): Promise<ColumnsResult> {
  const source = await openCsv(file);
  try {
    const rows = [];
    for await (const batch of source.batches(signal)) {
      rows.push(...batch.rows);
      if (rows.length >= COLUMN_SAMPLE_ROWS) break;
    }
    if (rows.length === 0) throw new InputError('the file has a header but no data rows', { file });
    const profiles = profileColumns(source.columns, rows.slice(0, COLUMN_SAMPLE_ROWS));
    let inferred: ColumnsResult['inferred'] = [];
    try {
      inferred = resolveRoles(file, profiles, {}).inferred;
    } catch (error) {
      if (!(error instanceof InputError)) throw error; // nothing could be inferred: the user picks every role
    }
    return {
      columns: profiles.map((p) => ({ name: p.name, kind: p.kind, distinct: p.distinct, examples: p.topValues.slice(0, 5).map((v) => v.value) })),
      inferred,
    };
  } finally {
    source.close();
  }
}
