import { openCsv } from '../io/csv/reader';
import type { Field, RowBatch } from '../engine/table/rows';
import { InputError, throwIfAborted } from '../engine/errors';
import { profileColumns } from '../engine/schema/profile';
import { resolveRoles } from '../engine/schema/roles';
import { AuditAccumulator } from '../engine/audit/accumulator';
import { RowEncoder } from '../engine/audit/encoder';
import { evaluateAudit } from '../engine/audit/evaluate';
import { AUDIT_DEFAULTS, AuditHooks, AuditOptions } from '../engine/audit/options';
import { AuditPlan, MISSING_GROUP, planAudit } from '../engine/audit/plan';
import { AuditReport, Grouping, SCHEMA_VERSION, Warning } from '../../../common/reports/audit';

/**
 * Audits one CSV file in a single streaming pass: the first `sampleRows` rows decide column types
 * and roles, then every row updates mergeable per-cell statistics, and the groupings, aggregates
 * and bootstrap intervals are computed from those statistics at the end.
 */
export async function runAudit(file: string, options: AuditOptions = {}, hooks: AuditHooks = {}): Promise<AuditReport> {
  const source = await openCsv(file, options.csv);
  try {
    const batches = source.batches(hooks.signal)[Symbol.asyncIterator]();
    const sampleRows = options.sampleRows ?? AUDIT_DEFAULTS.sampleRows;
    const buffered: RowBatch[] = [];
    let bufferedRows = 0;
    while (bufferedRows < sampleRows) {
      const next = await batches.next();
      if (next.done) break;
      buffered.push(next.value);
      bufferedRows += next.value.rows.length;
    }
    if (bufferedRows === 0) throw new InputError('the file has a header but no data rows', { file });

    const { rows: sample, lines: sampleLines } = firstRows(buffered, sampleRows);
    const profiles = profileColumns(source.columns, sample);
    const roles = resolveRoles(file, profiles, options.roles ?? {});
    hooks.onRoles?.(roles);
    const plan = planAudit(file, source.columns, profiles, roles, options, sample, sampleLines);
    const bootstrap = options.bootstrap ?? AUDIT_DEFAULTS.bootstrap;
    const seed = options.seed ?? AUDIT_DEFAULTS.seed;
    const accumulator = new AuditAccumulator(plan.task, plan.keepSample, bootstrap, seed);
    const encoder = new RowEncoder(plan, accumulator);
    let rows = 0;
    const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
    const consume = (whole: RowBatch) => {
      const batch = rows + whole.rows.length <= maxRows ? whole : { ...whole, rows: whole.rows.slice(0, maxRows - rows), lines: whole.lines.slice(0, maxRows - rows) };
      encoder.add(batch);
      hooks.onBatch?.(batch);
      rows += batch.rows.length;
      hooks.onProgress?.({ rows, bytesRead: source.bytesRead(), byteSize: source.byteSize });
    };
    buffered.forEach((batch) => rows < maxRows && consume(batch));
    let truncated = bufferedRows > maxRows;
    for (let next = await batches.next(); !next.done; next = await batches.next()) {
      if (rows >= maxRows) {
        truncated = true;
        break;
      }
      consume(next.value);
    }
    throwIfAborted(hooks.signal);

    const level = options.level ?? AUDIT_DEFAULTS.level;
    const minGroupSize = options.minGroupSize ?? AUDIT_DEFAULTS.minGroupSize;
    if (accumulator.rows === 0) {
      throw new InputError(`no row has all of the audited values (${describeMissing(encoder)})`, { file });
    }
    const groupings = evaluateAudit(accumulator, {
      sensitive: plan.sensitive.map((s) => s.name),
      hasLabel: plan.label !== undefined,
      level,
      minGroupSize,
    });
    checkComparable(file, groupings);
    return {
      schemaVersion: SCHEMA_VERSION,
      file,
      rows,
      rowsUsed: accumulator.rows,
      task: plan.task,
      columns: {
        label: plan.label?.name ?? null,
        prediction: plan.threshold === undefined ? (plan.prediction?.name ?? null) : null,
        score: plan.task === 'regression' ? null : (plan.score?.name ?? null),
        sensitive: plan.sensitive.map((s) => s.name),
        positive: plan.positive ?? null,
        threshold: plan.threshold ?? null,
        bins: Object.fromEntries(plan.sensitive.filter((s) => s.edges).map((s) => [s.name, s.edges!])),
        inferred: roles.inferred,
      },
      bootstrap: { resamples: bootstrap, seed, level, method: 'poisson' },
      minGroupSize,
      groupings,
      warnings: [
        ...(truncated ? [{ code: 'partial', message: `only the first ${rows} rows were read (a quick look, not the full file)` }] : []),
        ...source.warnings.map((message) => ({ code: 'csv', message })),
        ...plan.warnings,
        ...dataWarnings(plan, encoder, groupings, minGroupSize),
      ],
    };
  } finally {
    source.close();
  }
}

function firstRows(batches: readonly RowBatch[], limit: number): { rows: Field[][]; lines: number[] } {
  const rows: Field[][] = [];
  const lines: number[] = [];
  for (const batch of batches) {
    for (let i = 0; i < batch.rows.length && rows.length < limit; i++) {
      rows.push(batch.rows[i]!);
      lines.push(batch.lines[i]!);
    }
  }
  return { rows, lines };
}

/** A sensitive column whose rows all fall in one group gives nothing to compare. */
function checkComparable(file: string, groupings: readonly Grouping[]): void {
  for (const grouping of groupings) {
    if (grouping.by.length === 1 && grouping.groups.length < 2) {
      const only = grouping.groups[0]?.key[grouping.by[0]!] ?? '';
      throw new InputError(`every row has the same value ("${only}"): there are no groups to compare`, {
        file,
        column: grouping.by[0]!,
      });
    }
  }
}

function describeMissing(encoder: RowEncoder): string {
  return Object.entries(encoder.missing)
    .map(([role, entry]) => `${entry.rows} rows miss the ${role}, first at line ${entry.firstLine}`)
    .join('; ');
}

function dataWarnings(plan: AuditPlan, encoder: RowEncoder, groupings: readonly Grouping[], minGroupSize: number): Warning[] {
  const warnings: Warning[] = [];
  for (const [role, entry] of Object.entries(encoder.missing)) {
    warnings.push({
      code: 'missing-value',
      message: `${entry.rows} rows left out: missing ${role} (first at line ${entry.firstLine})`,
      line: entry.firstLine,
    });
  }
  if (encoder.missingSensitive > 0) {
    warnings.push({
      code: 'missing-sensitive',
      message: `${encoder.missingSensitive} sensitive values are missing; those rows form the group "${MISSING_GROUP}"`,
    });
  }
  for (const grouping of groupings) {
    const small = grouping.groups.filter((g) => g.small);
    if (small.length === 0) continue;
    const names = small.map((g) => `${Object.values(g.key).join(' & ')} (${g.count})`);
    warnings.push({
      code: 'small-group',
      message: `${grouping.by.join(' × ')}: ${small.length} group(s) under ${minGroupSize} rows, too small to judge: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`,
      column: grouping.by.join(','),
    });
  }
  if (plan.threshold !== undefined && plan.roles.prediction && plan.prediction === undefined) {
    warnings.push({ code: 'threshold', message: `prediction column "${plan.roles.prediction}" ignored: predictions derived from the score` });
  }
  return warnings;
}
