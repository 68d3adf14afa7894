import { runAudit } from '../../services/audit';
import { analyzeTable, withJointModel, type LeakageOptions } from '../../engine/leakage/analyze';
import { analyzeLeakage } from '../../services/leakage';
import { ReservoirSampler, type RowSampleTable } from '../../io/reservoir';
import { openCsv } from '../../io/csv/reader';
import { openRowSource } from '../../io/open';
import { parseLocation } from '../../io/location';
import type { RowBatch, SqlRelation } from '../../engine/table/rows';
import { auditedColumns, type AuditReport } from '../../../../common/reports/audit';
import type { LeakageResult } from '../../../../common/reports/leakage';
import { InputError, UsageError } from '../../engine/errors';
import { ColumnProfiler, type ColumnProfile } from '../../engine/schema/profile';
import { AUDIT_DEFAULTS, type AuditOptions, type AuditProgress } from '../../engine/audit/options';
import { inferPositive } from '../../engine/schema/positive';
import { medianOfCounts } from '../../engine/schema/median';
import { listedValues } from '../../engine/schema/listed-values';
import { suggestedLabel } from '../../engine/schema/label-suggestion';
import { resolveRoles, roleOfName, sensitiveNameRank, type ResolvedRoles } from '../../engine/schema/roles';
import { runComparison } from '../../services/compare';
import { extractCode } from '../../services/pipeline';
import { runMethodInWorker } from './method-runner';
import { findMitigation } from '../../methods/registry';
import { runMitigation } from '../../methods/command';
import type { ColumnsResult } from '../../../../common/protocol';
import { describeFailure } from './failure';
import type { Diagnosis, Job, JobProgress } from './jobs';

/** Rows a file's column profile reads at most: a longer file is described by its first rows (about 4 s of reading here). */
const PROFILED_ROWS = 1_000_000;
/** Rows a database table's or query's profile reads: each crosses the network to fill a column picker. */
const PROFILED_DATABASE_ROWS = 100_000;

/**
 * Runs one job in the current thread (the worker calls it; tests may call it directly).
 * `onPartial`: an early, less complete result, for jobs that have one (a diagnosis's first look).
 */
export async function performJob(
  job: Job,
  signal: AbortSignal,
  onProgress: (progress: JobProgress) => void,
  onPartial: (result: unknown) => void = () => undefined,
): Promise<unknown> {
  switch (job.kind) {
    case 'audit':
      return runAudit(job.file, job.options, {
        signal,
        onProgress: (p) =>
          onProgress({
            fraction: p.byteSize > 0 ? p.bytesRead / p.byteSize : undefined,
            message: auditProgressMessage(p),
          }),
      });
    case 'columns':
      return columns(job.file, job.relation, signal);
    case 'diagnose':
      return diagnose(job, signal, onProgress, onPartial);
    case 'compare':
      return runComparison(job.options, runMethodInWorker, { signal, onProgress: (p) => onProgress({ fraction: p.fraction, message: p.message }) });
    case 'leakage':
      return analyzeLeakage(job.file, job.options, { signal, onProgress: (p) => onProgress({ fraction: p.fraction, message: p.message }) });
    case 'pipeline':
      return extractCode(job.input, signal);
    case 'mitigate': {
      const method = findMitigation(job.method);
      if (!method) throw new UsageError(`unknown mitigation method "${job.method}"`);
      return runMitigation(method, job.params, { signal, onProgress: (p) => onProgress({ fraction: p.fraction, message: p.message }) }, job.naming);
    }
  }
}

/** Share of a diagnosis's progress bar given to reading the file, when leakage follows. */
const READING_SHARE = 0.7;
/**
 * Rows of a diagnosis's first look, published at once without the joint model (within a second,
 * whatever the file's size); the joint model and, for a longer file, the full check replace it.
 */
export const FIRST_LOOK_ROWS = 10_000;

async function diagnose(
  job: Extract<Job, { kind: 'diagnose' }>,
  signal: AbortSignal,
  onProgress: (progress: JobProgress) => void,
  onPartial: (result: Diagnosis) => void,
): Promise<Diagnosis> {
  const { file, options } = job;
  // A CSV file's header line and delimiter place the findings on its header cells; Parquet, JSON
  // Lines and Arrow files have neither (their findings go to the top of the file).
  const location = parseLocation(file);
  const source = location.kind === 'file' && location.format === 'csv' ? await openCsv(file, options.csv) : await openRowSource(file);
  source.close();
  const base = {
    columns: [...source.columns],
    headerLine: 'headerLine' in source ? source.headerLine : 0,
    delimiter: 'delimiter' in source ? source.delimiter : '',
    leakage: null,
  };
  // A file is diagnosed when its columns were configured or a sensitive column is inferred from
  // its first rows (the audit's own profiling tells, before it reads on).
  let relevant = job.configured;
  const onRoles = (roles: ResolvedRoles) => (relevant ||= roles.sensitive.length > 0);
  const done = ({ report, leakage }: Examination): Diagnosis => ({ ...base, report, leakage, relevant, failure: null });
  try {
    // The first look: the audit and the per-column proxy figures of the first rows, published at
    // once; then the joint model, and for a longer file the full check, replace it.
    const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
    const first = await examine(job, source.columns, { maxRows: Math.min(maxRows, FIRST_LOOK_ROWS), jointRows: null }, signal, () => undefined, onRoles);
    const readAll = maxRows <= FIRST_LOOK_ROWS || !first.report.warnings.some((warning) => warning.code === 'partial');
    if (readAll && !first.leakage) return done(first);
    onPartial(done(first));
    if (readAll) {
      const leakage = withJointModel(first.sample!, first.leakage!, leakageOptions(first.report, job.options, job.leakage.jointRows, job.leakage.seed), {
        signal,
      });
      return done({ ...first, leakage });
    }
    return done(await examine(job, source.columns, { maxRows, jointRows: job.leakage.jointRows }, signal, onProgress, onRoles));
  } catch (error) {
    const failure = describeFailure(error);
    if (failure.kind === 'cancelled' || failure.kind === 'internal') throw error;
    return { ...base, report: null, relevant, failure };
  }
}

interface Examination {
  report: AuditReport;
  leakage: LeakageResult | null;
  /** The rows the leakage figures were measured on (kept in the worker, never posted). */
  sample?: RowSampleTable;
}

/**
 * The quick audit of the first `maxRows` rows and, on a sample drawn from the same pass, the
 * leakage figures (the joint model fitted on `jointRows` of the sample, or not at all when null).
 */
async function examine(
  job: Extract<Job, { kind: 'diagnose' }>,
  columnNames: readonly string[],
  limits: { maxRows: number; jointRows: number | null },
  signal: AbortSignal,
  onProgress: (progress: JobProgress) => void,
  onRoles: (roles: ResolvedRoles) => void,
): Promise<Examination> {
  const { file, options } = job;
  // The leakage sample is drawn from the audit's own pass over the file: one read, not two.
  const sampler = job.leakage.enabled ? new ReservoirSampler(job.leakage.sampleSize, job.leakage.seed) : undefined;
  const reading = sampler ? READING_SHARE : 1;
  const report = await runAudit(
    file,
    { ...options, maxRows: limits.maxRows },
    {
      signal,
      onRoles,
      onProgress: (p) => onProgress({ fraction: p.byteSize > 0 ? (reading * p.bytesRead) / p.byteSize : undefined, message: auditProgressMessage(p) }),
      ...(sampler ? { onBatch: (batch: RowBatch) => sampler.add(batch) } : {}),
    },
  );
  if (!sampler) return { report, leakage: null };
  const sample = sampler.table(file, columnNames);
  const measured = analyzeTable(
    sample,
    { ...leakageOptions(report, options, limits.jointRows ?? undefined, job.leakage.seed), joint: limits.jointRows !== null },
    { signal, onProgress: (p) => onProgress({ fraction: reading + (1 - reading) * p.fraction, message: `proxies: ${p.message}` }) },
    sample.totalRows,
  );
  // The audit stopped at maxRows: the sample was drawn from the file's first rows only.
  const firstRows = report.warnings.some((warning) => warning.code === 'partial');
  const leakage = firstRows ? { ...measured, sample: { ...measured.sample, firstRows: true as const } } : measured;
  return { report, leakage, sample };
}

/**
 * The leakage analysis of the audit's sensitive columns, the label and the audited score or
 * prediction left out of the candidates: those the audit used, or else those configured (a label
 * that is not binary is dropped from a dataset audit, yet it is the target, not a feature).
 */
/** "48,842 rows read", then what the rest of the run does: a notification left on the count read as stuck (cold try 13). */
export function auditProgressMessage(progress: AuditProgress): string {
  const read = `${progress.rows.toLocaleString('en-US')} rows read`;
  return progress.resamples === undefined ? read : `${read}; intervals from ${progress.resamples.toLocaleString('en-US')} resamples`;
}

function leakageOptions(report: AuditReport, configured: AuditOptions, jointRows: number | undefined, seed: number): LeakageOptions {
  const { sensitive } = report.columns;
  const label = report.columns.label ?? configured.roles?.label;
  const outputs = [configured.roles?.score, configured.roles?.prediction].filter((column): column is string => column !== undefined);
  const audited = [...new Set([...auditedColumns(report.columns), ...outputs])];
  return { sensitive, label, audited, jointRows, seed, maxGroups: report.maxGroups };
}

/** Whether an audit keeps a sensitive column's values as its groups (a numeric one with many values is binned). */
function keptAsGroups(profile: ColumnProfile): boolean {
  return profile.kind !== 'numeric' || profile.distinct <= AUDIT_DEFAULTS.maxCategoricalNumericValues;
}

/**
 * The profile of a whole file of any format, or of a database table or query, in one streaming
 * pass (distinct values counted up to MAX_TRACKED_VALUES per column); a longer one's first
 * PROFILED_ROWS rows (PROFILED_DATABASE_ROWS of a database), which ColumnsResult says.
 */
async function columns(location: string, relation: SqlRelation | undefined, signal: AbortSignal): Promise<ColumnsResult> {
  const source = await openRowSource(location, relation ? { relation } : {});
  const file = source.file;
  try {
    const profiler = new ColumnProfiler(source.columns);
    const limit = relation ? PROFILED_DATABASE_ROWS : PROFILED_ROWS;
    let wholeFile = true;
    reading: for await (const batch of source.batches(signal)) {
      for (const row of batch.rows) {
        if (profiler.rowCount === limit) {
          wholeFile = false;
          break reading;
        }
        profiler.add(row);
      }
    }
    if (profiler.rowCount === 0) throw new InputError('the file has a header but no data rows', { file });
    const profiles = profiler.profiles();
    let roles: ResolvedRoles | undefined;
    try {
      roles = resolveRoles(file, profiles, {});
    } catch (error) {
      if (!(error instanceof InputError)) throw error; // nothing could be inferred: the user picks every role
    }
    const suggested = roles && suggestedLabel(profiles, roles);
    return {
      columns: profiles.map((p) => ({
        name: p.name,
        kind: p.kind,
        distinct: p.distinct,
        ...(p.moreValues ? { moreValues: true } : {}),
        examples: p.topValues.slice(0, 5).map((v) => v.value),
        ...namedRole(p.name),
        // a label's values, for choosing the positive one
        ...(p.distinct <= 20 ? { values: listedValues(p), positive: inferPositive(p.topValues.map((v) => v.value)) } : {}),
        ...(p.min !== undefined && p.max !== undefined ? { min: p.min, max: p.max } : {}),
        // where a cut of a numeric label starts (Configure Columns suggests it): its values' median when all are counted
        ...(p.kind === 'numeric' && p.distinct <= 20 && !p.moreValues ? { median: medianOfCounts(p.topValues) } : {}),
        ...(p.distinct <= 20 && keptAsGroups(p) ? { groups: p.topValues.map((v) => ({ value: v.value, rows: v.count })) } : {}),
      })),
      inferred: roles?.inferred ?? [],
      ...(suggested ? { suggestedLabel: suggested } : {}),
      rowsRead: profiler.rowCount,
      wholeFile,
    };
  } finally {
    source.close();
  }
}

/** The role a column's name suggests, and a sensitive one's rank, for ColumnsResult's `named` and `sensitiveRank`. */
function namedRole(name: string): { named?: string; sensitiveRank?: number } {
  const role = roleOfName(name);
  const rank = sensitiveNameRank(name);
  return { ...(role === undefined ? {} : { named: role }), ...(rank === undefined ? {} : { sensitiveRank: rank }) };
}
