import { queryWithoutSecrets } from '../io/location';
import { openRowSource } from '../io/open';
import type { Field, RowBatch } from '../engine/table/rows';
import { InputError, throwIfAborted } from '../engine/errors';
import { profileColumns } from '../engine/schema/profile';
import { columnsForRoles, resolveRoles } from '../engine/schema/roles';
import { parseDecimal } from '../../../common/decimal';
import { binLabel } from '../engine/schema/binning';
import { RowEncoder } from '../engine/audit/encoder';
import { evaluateAudit } from '../engine/audit/evaluate';
import { GROUPING_KINDS, groupingColumns, observedGroupCount } from '../engine/audit/groupings';
import { AUDIT_DEFAULTS, AuditHooks, AuditOptions } from '../engine/audit/options';
import { AuditPlan, automaticEdges, planAudit } from '../engine/audit/plan';
import { MISSING_GROUP } from '../../../common/reports/audit';
import { AuditReport, Grouping, NotApplicable, SCHEMA_VERSION, Warning } from '../../../common/reports/audit';
import { CALIBRATION_METRICS, NOT_PROBABILITIES } from '../engine/metrics/scores';
import type { ColumnProfile } from '../engine/schema/profile';
import { AuditStatistics } from '../engine/audit/statistics';
import { groupsWord, labelCountsText } from '../../../common/render/set-aside';
import { formatCount } from '../../../common/render/text';

/**
 * Audits one source (a CSV, Parquet, JSON Lines or Arrow file, or a database table or query) in a
 * single streaming pass: the first `sampleRows` rows decide column types and roles, then every row
 * updates mergeable per-cell statistics, and the groupings, aggregates and bootstrap intervals are
 * computed from those statistics at the end. Columnar sources read only the columns that can
 * play a role.
 */
export async function runAudit(location: string, options: AuditOptions = {}, hooks: AuditHooks = {}): Promise<AuditReport> {
  try {
    return await auditSource(location, options, hooks);
  } catch (error) {
    if (!(error instanceof RecountWithReader)) throw error;
    return auditSource(location, { ...options, csv: { ...options.csv, counting: 'reader' } }, hooks);
  }
}

/** DuckDB could not count a CSV file, or counted a value the audit refuses: the reader says where. */
class RecountWithReader extends Error {}

async function auditSource(location: string, options: AuditOptions, hooks: AuditHooks): Promise<AuditReport> {
  const ranAt = new Date().toISOString();
  const source = await openRowSource(location, {
    csv: options.csv,
    relation: options.relation,
    // The weight column plays no role, so it is added to the projected ones. A caller sampling the
    // batches (the editor's proxy figures) needs every column: nothing is projected then.
    ...(hooks.onBatch
      ? {}
      : {
          project: (columns: readonly string[], where: string) => {
            const kept = columnsForRoles(where, columns, options.roles ?? {});
            const weight = options.weight;
            return weight !== undefined && columns.includes(weight) && !kept.includes(weight) ? [...kept, weight] : kept;
          },
        }),
  });
  const file = source.file;
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
    if (!Number.isInteger(bootstrap) || bootstrap < 0 || bootstrap > AUDIT_DEFAULTS.maxBootstrap) {
      throw new InputError(`bootstrap resamples must be a whole number from 0 to ${AUDIT_DEFAULTS.maxBootstrap}, got ${bootstrap}`, { file });
    }
    const seed = options.seed ?? AUDIT_DEFAULTS.seed;
    const maxGroups = options.maxGroups ?? AUDIT_DEFAULTS.maxGroups;
    // By default the full intersection of three or more columns is left out, with a warning, when it has too many groups.
    const defaultGroupings = options.groupings === undefined;
    const kinds = options.groupings ?? [...GROUPING_KINDS];
    const statistics = new AuditStatistics({
      task: plan.task,
      sensitive: plan.sensitive.map((s) => s.name),
      classes: plan.classes,
      hasLabel: plan.label !== undefined && !plan.numericLabel,
      hasPrediction: plan.task === 'classification' || plan.task === 'multiclass',
      weighted: plan.weight !== undefined,
      values: plan.keepValues,
      labelMoments: plan.numericLabel,
      decisions: plan.outcome === 'prediction',
    });
    const fullIsCells = !defaultGroupings && kinds.includes('full') && plan.sensitive.every((s) => s.quantileBins === undefined);
    const encoder = new RowEncoder(plan, statistics, {
      maxGroups,
      maxCells: fullIsCells ? maxGroups : maxGroups * 100,
      cellsAdvice: fullIsCells
        ? `the full intersection would have more than --max-groups ${maxGroups} groups; pass --groupings each,pairs or fewer sensitive columns`
        : 'pass fewer sensitive columns or coarser --bins',
    });
    let rows = 0;
    let recordsRead = 0;
    let truncated = false;
    // A database counts the rows itself unless every row is needed here (a quick look's first rows, a leakage sample).
    const counting = options.maxRows === undefined && hooks.onBatch === undefined ? source.counting : undefined;
    if (counting) {
      await batches.return?.();
      const read = encoder.columnsRead();
      const row: Field[] = new Array<Field>(source.columns.length).fill(null);
      try {
        for await (const counted of counting.rows(
          read.map((index) => source.columns[index]!),
          hooks.signal,
        )) {
          counted.rows.forEach((fields, r) => {
            read.forEach((index, i) => (row[index] = fields[i]!));
            encoder.addCounted(row, counted.counts[r]!);
            rows += counted.counts[r]!;
          });
          recordsRead += counted.rows.length;
          hooks.onProgress?.({ rows, bytesRead: 0, byteSize: 0 });
        }
      } catch (error) {
        throw counting.recountOnError && error instanceof InputError ? new RecountWithReader() : error;
      }
    } else {
      const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
      const consume = (whole: RowBatch) => {
        const batch =
          rows + whole.rows.length <= maxRows ? whole : { ...whole, rows: whole.rows.slice(0, maxRows - rows), lines: whole.lines.slice(0, maxRows - rows) };
        encoder.add(batch);
        hooks.onBatch?.(batch);
        rows += batch.rows.length;
        hooks.onProgress?.({ rows, bytesRead: source.bytesRead(), byteSize: source.byteSize });
      };
      buffered.forEach((batch) => rows < maxRows && consume(batch));
      truncated = bufferedRows > maxRows;
      for (let next = await batches.next(); !next.done; next = await batches.next()) {
        if (rows >= maxRows) {
          truncated = true;
          break;
        }
        consume(next.value);
      }
      recordsRead = rows;
    }
    throwIfAborted(hooks.signal);

    const level = options.level ?? AUDIT_DEFAULTS.level;
    const minGroupSize = options.minGroupSize ?? AUDIT_DEFAULTS.minGroupSize;
    const minLabelCount = options.minLabelCount ?? AUDIT_DEFAULTS.minLabelCount;
    if (statistics.rows === 0) {
      throw new InputError(`no row has all of the audited values (${describeMissing(encoder)})`, { file });
    }
    const bins = binsAtEvaluation(plan, statistics);
    // Explicit --bins were applied on ingestion; automatic bins apply to the kept numbers now.
    const groupValue = plan.sensitive.map((column, s) => {
      const edges = bins[s];
      return column.edges || !edges ? undefined : (value: string) => (value === MISSING_GROUP ? value : binLabel(parseDecimal(value), edges));
    });
    const constant = constantColumns(statistics, groupValue);
    const compared = plan.sensitive.map((_, s) => s).filter((s) => constant[s] === undefined);
    if (compared.length === 0) {
      const only = plan.sensitive.map((c, s) => `${c.name} is always "${constant[s]}"`).join('; ');
      const detail = plan.sensitive.length === 1 ? `every row has the same value ("${constant[0]}")` : `every sensitive column has a single value (${only})`;
      throw new InputError(`${detail}: there are no groups to compare`, { file, column: plan.sensitive[0]!.name });
    }
    const leftOut: Warning[] = [];
    const sets = groupingColumns(compared, kinds).filter((columns) => {
      if (!defaultGroupings || columns.length <= 2) return true;
      const count = observedGroupCount(statistics, columns, groupValue);
      if (count <= maxGroups) return true;
      const names = columns.map((c) => plan.sensitive[c]!.name).join(' × ');
      leftOut.push({
        code: 'intersection-left-out',
        message: `the intersection ${names} has ${count} groups, more than the limit of ${maxGroups}: it is left out; audit fewer sensitive columns together to see it`,
        column: plan.sensitive[columns[0]!]!.name,
        grouping: columns.map((c) => plan.sensitive[c]!.name),
      });
      return false;
    });
    if (bootstrap > 0) hooks.onProgress?.({ rows, bytesRead: source.bytesRead(), byteSize: source.byteSize, resamples: bootstrap });
    const groupings = evaluateAudit(statistics, {
      file,
      groupings: sets,
      groupValue,
      references: options.references ?? {},
      level,
      minGroupSize,
      minLabelCount,
      bootstrap,
      seed,
      maxGroups,
      replicateValueBins: AUDIT_DEFAULTS.replicateValueBins,
    });
    const constantWarnings: Warning[] = plan.sensitive.flatMap((c, s) =>
      constant[s] === undefined
        ? []
        : [
            {
              code: 'constant-sensitive',
              message: `sensitive column "${c.name}" has a single value ("${constant[s]}") and is left out of the groupings`,
              column: c.name,
            },
          ],
    );
    const notApplicable = calibrationNotApplicable(plan, groupings, profiles[source.columns.indexOf(plan.score?.name ?? '')]);
    return {
      schemaVersion: SCHEMA_VERSION,
      file,
      ...(options.relation && 'query' in options.relation ? { query: queryWithoutSecrets(options.relation.query, location) } : {}),
      ranAt,
      rows,
      rowsUsed: statistics.rows,
      counting: { by: counting?.by ?? 'parity', recordsRead },
      task: plan.task,
      columns: {
        label: plan.outcome === 'label' ? (plan.label?.name ?? null) : null,
        prediction: plan.threshold === undefined ? (plan.prediction?.name ?? null) : null,
        score: plan.task === 'regression' ? null : (plan.score?.name ?? null),
        sensitive: plan.sensitive.map((s) => s.name),
        positive: plan.positive ?? null,
        threshold: plan.threshold ?? null,
        positiveMeans: options.positiveMeans ?? null,
        bins: Object.fromEntries(plan.sensitive.flatMap((s, i) => (bins[i] ? [[s.name, bins[i]]] : []))),
        inferred: roles.inferred,
        weight: plan.weight?.name ?? null,
        classes: plan.task === 'multiclass' ? [...statistics.classes] : null,
        references: { ...(options.references ?? {}) },
      },
      bootstrap: { resamples: bootstrap, seed, level, method: 'poisson-statistics', valueBins: AUDIT_DEFAULTS.replicateValueBins },
      minGroupSize,
      ...(plan.task === 'classification' ? { minLabelCount } : {}),
      maxGroups,
      groupingKinds: kinds,
      groupings,
      warnings: [
        ...(truncated ? [{ code: 'partial', message: `only the first ${formatCount(rows)} rows were read (a quick look, not the full file)` }] : []),
        ...source.warnings.map((warning) => ({ code: 'csv', ...warning })),
        ...plan.warnings,
        ...constantWarnings,
        ...leftOut,
        ...dataWarnings(plan, encoder, groupings, minGroupSize, minLabelCount),
      ],
      ...(notApplicable ? { notApplicable: [notApplicable] } : {}),
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

/**
 * The bin edges of each binned column: given with --bins, or exact quantiles of the whole file's
 * values (rounded past ROUND_AFTER distinct values), from the cells' row counts; undefined for
 * categories.
 */
function binsAtEvaluation(plan: AuditPlan, statistics: AuditStatistics): (number[] | undefined)[] {
  return plan.sensitive.map((column, s) => {
    if (column.edges) return column.edges;
    if (column.quantileBins === undefined) return undefined;
    const counts = new Map<number, number>();
    for (const cell of statistics.cells) {
      if (cell.key[s] === MISSING_GROUP) continue;
      const value = parseDecimal(cell.key[s]!);
      counts.set(value, (counts.get(value) ?? 0) + cell.rows);
    }
    return automaticEdges(counts, column.quantileBins);
  });
}

/** For each sensitive column with a single group value over all rows, that value. */
function constantColumns(statistics: AuditStatistics, groupValue: readonly (((value: string) => string) | undefined)[]): (string | undefined)[] {
  return groupValue.map((toGroup, s) => {
    const values = new Set<string>();
    for (const cell of statistics.cells) {
      if (cell.rows === 0) continue;
      values.add(toGroup ? toGroup(cell.key[s]!) : cell.key[s]!);
      if (values.size > 1) return undefined;
    }
    return [...values][0];
  });
}

function describeMissing(encoder: RowEncoder): string {
  return Object.entries(encoder.missing)
    .map(([role, entry]) => `${entry.rows} rows miss the ${role}${entry.firstLine === undefined ? '' : `, first at line ${entry.firstLine}`}`)
    .join('; ');
}

/**
 * Brier and ECE of a score that is not a probability (a decile with a threshold): not applicable,
 * said once for the report instead of a null per group. `profile` is the score's, from the first rows.
 */
function calibrationNotApplicable(plan: AuditPlan, groupings: readonly Grouping[], profile: ColumnProfile | undefined): NotApplicable | undefined {
  const score = plan.score?.name;
  if (plan.task !== 'classification' || score === undefined) return undefined;
  if (!groupings.some((grouping) => grouping.overall.notes['brier_score'] === NOT_PROBABILITIES)) return undefined;
  const { min, max } = profile ?? {};
  const range = min !== undefined && max !== undefined && (min < 0 || max > 1) ? `is ${min === max ? min : `${min}–${max}`}` : 'has values outside it';
  return { metrics: [...CALIBRATION_METRICS], reason: `Calibration (Brier, ECE) needs a score in [0, 1]; ${score} ${range}` };
}

function dataWarnings(plan: AuditPlan, encoder: RowEncoder, groupings: readonly Grouping[], minGroupSize: number, minLabelCount: number): Warning[] {
  const warnings: Warning[] = [];
  for (const [role, entry] of Object.entries(encoder.missing)) {
    warnings.push({
      code: 'missing-value',
      message: `${entry.rows} rows left out: missing ${role}${entry.firstLine === undefined ? '' : ` (first at line ${entry.firstLine})`}`,
      ...(entry.firstLine === undefined ? {} : { line: entry.firstLine }),
    });
  }
  if (encoder.missingSensitive.size > 0) {
    const total = [...encoder.missingSensitive.values()].reduce((sum, n) => sum + n, 0);
    const byColumn = [...encoder.missingSensitive].map(([column, n]) => `${column} ${n.toLocaleString('en-US')}`).join(', ');
    // on the column missing the most (a diagnostic on its header cell, not across the whole header line)
    const [mostMissing] = [...encoder.missingSensitive].sort((a, b) => b[1] - a[1])[0]!;
    warnings.push({
      code: 'missing-sensitive',
      message: `${total.toLocaleString('en-US')} sensitive values are missing (${byColumn}); those rows form the group "${MISSING_GROUP}"`,
      column: mostMissing,
    });
  }
  for (const grouping of groupings) {
    // an empty combination of an intersection is no group of the data: not small, absent
    const small = grouping.groups.filter((g) => g.small && g.count > 0);
    if (small.length === 0) continue;
    const names = small.map((g) => `${Object.values(g.key).join(' & ')} (${g.count})`);
    warnings.push({
      code: 'small-group',
      message: `${grouping.by.join(' × ')}: ${groupsWord(small.length)} under ${minGroupSize} rows, too small to judge: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`,
      column: grouping.by.join(','),
      grouping: grouping.by,
    });
  }
  for (const grouping of groupings) {
    const few = grouping.groups.filter((g) => g.fewLabels);
    if (few.length === 0) continue;
    const names = few.map((g) => `${Object.values(g.key).join(' & ')} (${labelCountsText(g.labels!, minLabelCount)})`);
    warnings.push({
      code: 'few-labels',
      message: `${grouping.by.join(' × ')}: ${groupsWord(few.length)} with too few rows of a label value to judge their true and false positive rates: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`,
      column: grouping.by.join(','),
      grouping: grouping.by,
    });
  }
  if (plan.threshold !== undefined && plan.roles.prediction && plan.prediction === undefined) {
    warnings.push({
      code: 'threshold',
      message: `prediction column "${plan.roles.prediction}" ignored: predictions derived from the score`,
      column: plan.roles.prediction,
    });
  }
  return warnings;
}
