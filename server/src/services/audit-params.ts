import * as z from 'zod';
import { UsageError } from '../engine/errors';
import { GROUPING_KINDS } from '../engine/audit/groupings';
import { AUDIT_DEFAULTS, type AuditOptions } from '../engine/audit/options';

const TASKS = ['classification', 'multiclass', 'regression', 'dataset'] as const;
import { CSV_COUNTING } from '../engine/table/rows';
import {
  BINS,
  csvOptions,
  CSV_READING,
  DATABASE_READING,
  MIN_GROUP_SIZE,
  MIN_LABEL_COUNT,
  OUTPUT_FILE,
  parseBins,
  POSITIVE_OUTCOME,
  sqlRelation,
} from '../params/fragments';
import { column, columns } from '../params/schema';

/**
 * What an audit can be told, by the CLI and by the editor alike. Unset values are inferred from
 * the file (roles, positive value, bins) or take AUDIT_DEFAULTS (documented as JSON Schema
 * defaults, not filled in, so the editor's settings can stand in for them).
 */
export const AUDIT_OPTIONS = z.strictObject({
  label: column('true label (target) column', { title: 'Label column' }).optional(),
  prediction: column('predicted label column', { title: 'Prediction column' }).optional(),
  score: column('score / probability column', { title: 'Score column' }).optional(),
  threshold: z.number().optional().meta({ metavar: 'T', group: 'data', title: 'Decision threshold', description: 'derive the prediction as score >= T' }),
  sensitive: columns('sensitive attribute column(s)', { title: 'Sensitive attributes' }).optional(),
  ...POSITIVE_OUTCOME,
  exactRoles: z.boolean().optional().meta({
    group: 'data',
    advanced: true,
    title: 'Only the given columns',
    description: 'infer no label, prediction, score or sensitive column from the column names: use only those given',
  }),
  bins: BINS,
  bootstrap: z.int().min(0).max(10_000).optional().meta({
    metavar: 'N',
    group: 'method',
    default: AUDIT_DEFAULTS.bootstrap,
    title: 'Bootstrap resamples',
    description: 'bootstrap resamples for the intervals (0 = none)',
  }),
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional()
    .meta({ metavar: 'N', group: 'method', default: AUDIT_DEFAULTS.seed, advanced: true, description: 'random seed' }),
  level: z.number().gt(0).lt(1).optional().meta({
    metavar: 'L',
    group: 'method',
    default: AUDIT_DEFAULTS.level,
    advanced: true,
    title: 'Confidence level',
    description: 'confidence level of the intervals',
  }),
  minGroupSize: MIN_GROUP_SIZE,
  minLabelCount: MIN_LABEL_COUNT,
  task: z
    .enum(TASKS)
    .optional()
    .meta({ metavar: TASKS.join('|'), group: 'data', title: 'Task', description: 'what is audited (default: from the label and the model outputs)' }),
  weight: column('sample-weight column: every count becomes a weight sum', { title: 'Weight column', advanced: true }).optional(),
  reference: z.array(z.string().min(1)).optional().meta({
    metavar: 'C=V',
    group: 'method',
    repeatable: true,
    title: 'Reference groups',
    description: 'reference group of column C for differences and ratios (repeatable; default: the largest group)',
  }),
  groupings: z.array(z.enum(GROUPING_KINDS)).min(1).optional().meta({
    metavar: 'each,pairs,full',
    group: 'method',
    title: 'Groupings',
    description: 'each column, each pair of columns, all together (default: all three)',
  }),
  maxGroups: z.int().min(2).max(AUDIT_DEFAULTS.maxGroupsLimit).optional().meta({
    metavar: 'N',
    group: 'method',
    default: AUDIT_DEFAULTS.maxGroups,
    advanced: true,
    title: 'Most groups',
    description: 'stop as soon as a grouping has more groups',
  }),
});

export type AuditRequestParams = z.output<typeof AUDIT_OPTIONS>;

/** The audit's options from its parameters (CSV reading aside). */
export function auditOptions(params: AuditRequestParams): AuditOptions {
  const roles: NonNullable<AuditOptions['roles']> = {};
  for (const role of ['label', 'prediction', 'score', 'sensitive'] as const) if (params[role] !== undefined) Object.assign(roles, { [role]: params[role] });
  if (params.exactRoles) roles.exact = true;
  const options: AuditOptions = { roles };
  for (const key of [
    'positive',
    'positiveMeans',
    'threshold',
    'bootstrap',
    'seed',
    'level',
    'minGroupSize',
    'minLabelCount',
    'task',
    'weight',
    'groupings',
    'maxGroups',
  ] as const) {
    if (params[key] !== undefined) Object.assign(options, { [key]: params[key] });
  }
  if (params.bins && params.bins.length > 0) options.bins = parseBins(params.bins);
  if (params.reference && params.reference.length > 0) options.references = parseReferences(params.reference);
  return options;
}

function parseReferences(texts: readonly string[]): Record<string, string> {
  const references: Record<string, string> = {};
  for (const text of texts) {
    const at = text.indexOf('=');
    if (at <= 0) throw new UsageError(`--reference expects COLUMN=VALUE (e.g. race=Caucasian), got "${text}"`);
    const name = text.slice(0, at).trim();
    if (name in references) throw new UsageError(`--reference: column "${name}" is given twice`);
    references[name] = text.slice(at + 1);
  }
  return references;
}

/** The command line's audit: the options, what to print and where, when to fail, how to read. */
export const AUDIT_COMMAND_PARAMS = AUDIT_OPTIONS.extend({
  format: z
    .enum(['table', 'json', 'markdown', 'html'])
    .default('table')
    .meta({ metavar: 'table|json|markdown|html', group: 'output', cliOnly: true, description: 'output format; html is a self-contained page with charts' }),
  out: OUTPUT_FILE,
  failIf: z.array(z.string().min(1)).optional().meta({
    metavar: 'EXPR',
    group: 'output',
    repeatable: true,
    cliOnly: true,
    description: 'exit 1 when a condition holds, e.g. "demographic_parity_ratio<0.8" (repeatable)',
  }),
  ...CSV_READING,
  csvCounting: z
    .enum(CSV_COUNTING)
    .optional()
    .meta({
      metavar: CSV_COUNTING.join('|'),
      group: 'csv',
      advanced: true,
      title: 'CSV counting',
      description: "who counts a CSV file's rows: duckdb (a GROUP BY, less CPU), the reader (row by row), auto = duckdb from 64 MiB",
    }),
  ...DATABASE_READING,
});

export function auditCommandOptions(params: z.output<typeof AUDIT_COMMAND_PARAMS>): AuditOptions {
  const relation = sqlRelation(params);
  const csv = { ...csvOptions(params), ...(params.csvCounting ? { counting: params.csvCounting } : {}) };
  return { ...auditOptions(params), csv, ...(relation ? { relation } : {}) };
}
