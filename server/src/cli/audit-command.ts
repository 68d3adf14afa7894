import { writeFileSync } from 'node:fs';
import { runAudit } from '../engine/audit/run';
import type { AuditOptions } from '../engine/audit/options';
import type { AuditReport } from '../engine/audit/report';
import { parseEdges } from '../engine/schema/binning';
import {
  choiceFlag,
  csvOptionsFromFlags,
  FlagTable,
  helpText,
  integerFlag,
  listFlag,
  numberFlag,
  parseFlags,
  CSV_FLAGS, DATABASE_FLAGS, SHARED_FLAGS,
  relationFromFlags,
  stringFlag,
  UsageError,
} from './args';
import { evaluateConditions, parseCondition } from './fail-if';
import { formatMarkdown } from './format/markdown';
import { formatTable } from './format/table';
import { progressReporter } from './progress';
import { renderAuditHtml } from '../report/html';
import { displayLocation } from '../io/location';

const FORMATS = ['table', 'json', 'markdown', 'html'] as const;

const AUDIT_FLAGS: FlagTable = {
  label: SHARED_FLAGS.label,
  prediction: SHARED_FLAGS.prediction,
  score: SHARED_FLAGS.score,
  threshold: { type: 'string', help: 'T', describe: 'derive the prediction as score >= T' },
  sensitive: SHARED_FLAGS.sensitive,
  positive: SHARED_FLAGS.positive,
  bins: { type: 'string', help: 'C=E1,E2,...', multiple: true, describe: 'bin edges of a numeric sensitive column (repeatable); default: quartiles' },
  bootstrap: { type: 'string', help: 'N', describe: 'bootstrap resamples for the intervals (default 200; 0 = none)' },
  seed: SHARED_FLAGS.seed,
  level: { type: 'string', help: 'L', describe: 'confidence level of the intervals (default 0.95)' },
  'min-group-size': { type: 'string', help: 'N', describe: 'groups with fewer rows are flagged too small to judge (default 30)' },
  format: { ...SHARED_FLAGS.format, help: 'table|json|markdown|html', describe: 'output format (default table); html is a self-contained page with charts' },
  out: SHARED_FLAGS.out,
  'fail-if': { type: 'string', help: 'EXPR', multiple: true, describe: 'exit 1 when a condition holds, e.g. "demographic_parity_ratio<0.8" (repeatable)' },
  ...CSV_FLAGS,
  ...DATABASE_FLAGS,
  help: SHARED_FLAGS.help,
};

export const AUDIT_USAGE = 'parity audit SOURCE [options]';
const AUDIT_SUMMARY = `Audits a dataset or model output for group fairness: per-group metrics with bootstrap
intervals, between-group aggregates and four-fifths flags, for each sensitive column and their
intersection. SOURCE is a file (.csv, .csv.gz, .parquet, .jsonl / .ndjson, .arrow / .feather) or a
database with --table or --query: duckdb:PATH, postgres://USER@HOST:PORT/DB (password: PGPASSWORD),
clickhouse://USER@HOST:HTTP_PORT/DB (password: CLICKHOUSE_PASSWORD). Queries run read-only.
Exit codes: 0 success, 1 a --fail-if condition holds, 2 bad input or usage.`;

export async function auditCommand(argv: readonly string[], signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseFlags(argv, AUDIT_FLAGS);
  if (values.help === true) {
    process.stdout.write(helpText(AUDIT_USAGE, AUDIT_SUMMARY, AUDIT_FLAGS) + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing SOURCE' : `one SOURCE expected, got ${positionals.length}`);
  const file = positionals[0]!;
  const format = choiceFlag(values, 'format', FORMATS, 'table');
  const conditions = ((values['fail-if'] as string[] | undefined) ?? []).map(parseCondition);
  const options = auditOptions(values);
  const progress = progressReporter(displayLocation(file));
  let report: AuditReport;
  try {
    report = await runAudit(file, options, { signal, onProgress: progress.update });
  } finally {
    progress.done();
  }

  const output = { json: () => JSON.stringify(report, null, 2) + '\n', markdown: () => formatMarkdown(report), html: () => renderAuditHtml(report), table: () => formatTable(report) }[format]();
  const out = stringFlag(values, 'out');
  if (out !== undefined) writeFileSync(out, output);
  else process.stdout.write(output);

  const results = evaluateConditions(report, conditions);
  const failed = results.filter((r) => r.failures.length > 0);
  for (const result of failed) {
    process.stderr.write(`parity: --fail-if "${result.condition.text}" holds:\n${result.failures.map((f) => `  ${f}\n`).join('')}`);
  }
  return failed.length > 0 ? 1 : 0;
}

function auditOptions(values: Record<string, unknown>): AuditOptions {
  const roles: NonNullable<AuditOptions['roles']> = {};
  for (const role of ['label', 'prediction', 'score'] as const) {
    const column = stringFlag(values, role);
    if (column !== undefined) roles[role] = column;
  }
  const sensitive = listFlag(values, 'sensitive');
  if (sensitive) roles.sensitive = sensitive;
  const options: AuditOptions = { csv: csvOptionsFromFlags(values), roles };
  const relation = relationFromFlags(values);
  if (relation) options.relation = relation;
  const positive = stringFlag(values, 'positive');
  if (positive !== undefined) options.positive = positive;
  const threshold = numberFlag(values, 'threshold');
  if (threshold !== undefined) options.threshold = threshold;
  const bootstrap = integerFlag(values, 'bootstrap', 0);
  if (bootstrap !== undefined) options.bootstrap = bootstrap;
  const seed = integerFlag(values, 'seed', 0);
  if (seed !== undefined) options.seed = seed;
  const level = numberFlag(values, 'level', (n) => n > 0 && n < 1, 'a number between 0 and 1');
  if (level !== undefined) options.level = level;
  const minGroupSize = integerFlag(values, 'min-group-size', 1);
  if (minGroupSize !== undefined) options.minGroupSize = minGroupSize;
  const bins = (values.bins as string[] | undefined) ?? [];
  if (bins.length > 0) options.bins = Object.fromEntries(bins.map(parseBins));
  return options;
}

function parseBins(text: string): [string, number[]] {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`--bins expects COLUMN=E1,E2,..., got "${text}"`);
  try {
    return [text.slice(0, at).trim(), parseEdges(text.slice(at + 1))];
  } catch (error) {
    throw new UsageError(`--bins "${text}": ${(error as Error).message}`);
  }
}
