import { parseArgs, ParseArgsConfig } from 'node:util';
import type { CsvOptions, Delimiter } from '../engine/csv/types';
import type { SqlRelation } from '../io/source';
import { parseDecimal } from '../engine/numbers';

/**
 * The flags every subcommand spells the same way. Subcommands pick the ones they use, so
 * `--label`, `--sensitive`, `--seed`, `--format`, `--out`… mean one thing across the CLI.
 */
export const SHARED_FLAGS = {
  label: { type: 'string', help: 'C', describe: 'true label (target) column' },
  prediction: { type: 'string', help: 'C', describe: 'predicted label column' },
  score: { type: 'string', help: 'C', describe: 'score / probability column' },
  sensitive: { type: 'string', help: 'C[,C...]', describe: 'sensitive attribute column(s)' },
  positive: { type: 'string', help: 'V', describe: 'label value counted as positive (inferred for 0/1, true/false, yes/no)' },
  seed: { type: 'string', help: 'N', describe: 'random seed (default 0)' },
  format: { type: 'string', help: 'F', describe: 'output format' },
  out: { type: 'string', help: 'PATH', describe: 'write the output to PATH instead of standard output' },
  train: { type: 'string', help: 'FILE', describe: 'training CSV (the method is fitted on it)' },
  test: { type: 'string', help: 'FILE', describe: 'held-out CSV: before/after figures are computed on it (default: the training rows)' },
  data: { type: 'string', help: 'FILE', describe: 'model-output CSV to post-process' },
  calibration: { type: 'string', help: 'FILE', describe: 'CSV the post-processing map is fitted on (default: --data)' },
  features: { type: 'string', help: 'C[,C...]', describe: 'feature columns (default: every column but the label and sensitive ones)' },
  sweep: { type: 'boolean', describe: "also trace the trade-off curve over the method's strength parameter (report.json 'tradeoff')" },
  delimiter: { type: 'string', help: 'D', describe: "field delimiter: auto (default), ',', ';' or tab" },
  'no-header': { type: 'boolean', describe: 'the file has no header row (give --columns)' },
  columns: { type: 'string', help: 'C[,C...]', describe: 'column names of a headerless file' },
  missing: { type: 'string', help: 'M[,M...]', describe: "values meaning missing (default: empty, NA, ?)" },
  comments: { type: 'string', help: 'P', describe: 'skip lines starting with P' },
  table: { type: 'string', help: 'T', describe: 'database table to read (SOURCE duckdb:PATH, postgres://..., clickhouse://...)' },
  query: { type: 'string', help: 'SQL', describe: 'read-only query whose rows are read instead of a table' },
  help: { type: 'boolean', describe: 'show this help' },
} as const;

/** The flags of every subcommand that reads a database table or query. */
export const DATABASE_FLAGS = {
  table: SHARED_FLAGS.table,
  query: SHARED_FLAGS.query,
} as const;

/** --table or --query (one of them), for a database source. */
export function relationFromFlags(values: Record<string, unknown>): SqlRelation | undefined {
  const table = stringFlag(values, 'table');
  const query = stringFlag(values, 'query');
  if (table !== undefined && query !== undefined) throw new UsageError('give --table or --query, not both');
  if (table !== undefined) return { table };
  if (query !== undefined) return { query };
  return undefined;
}

/** The flags of every subcommand that reads a CSV file, spread into its flag table. */
export const CSV_FLAGS = {
  delimiter: SHARED_FLAGS.delimiter,
  'no-header': SHARED_FLAGS['no-header'],
  columns: SHARED_FLAGS.columns,
  missing: SHARED_FLAGS.missing,
  comments: SHARED_FLAGS.comments,
} as const;

export interface FlagSpec {
  type: 'string' | 'boolean';
  help?: string;
  describe: string;
  multiple?: boolean;
}

export type FlagTable = Record<string, FlagSpec>;

export function parseFlags(argv: readonly string[], flags: FlagTable): { values: Record<string, unknown>; positionals: string[] } {
  const options: ParseArgsConfig['options'] = {};
  for (const [name, spec] of Object.entries(flags)) options[name] = { type: spec.type, multiple: spec.multiple ?? false };
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
}

/** A command-line mistake: printed with the subcommand's usage line, exit code 2. */
export class UsageError extends Error {}

export function helpText(usage: string, summary: string, flags: FlagTable): string {
  const rows = Object.entries(flags).map(([name, spec]) => [`--${name}${spec.help ? ` ${spec.help}` : ''}`, spec.describe]);
  const width = Math.max(...rows.map(([flag]) => flag!.length));
  return [`usage: ${usage}`, '', summary, '', 'options:', ...rows.map(([flag, text]) => `  ${flag!.padEnd(width)}  ${text}`)].join('\n');
}

export function stringFlag(values: Record<string, unknown>, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredFlag(values: Record<string, unknown>, name: string): string {
  const value = stringFlag(values, name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

export function listFlag(values: Record<string, unknown>, name: string): string[] | undefined {
  const value = stringFlag(values, name);
  return value === undefined ? undefined : value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

export function numberFlag(values: Record<string, unknown>, name: string, check?: (n: number) => boolean, expected?: string): number | undefined {
  const text = stringFlag(values, name);
  if (text === undefined) return undefined;
  const value = parseDecimal(text.trim());
  if (Number.isNaN(value) || (check && !check(value))) {
    throw new UsageError(`--${name} expects ${expected ?? 'a number'}, got "${text}"`);
  }
  return value;
}

export function integerFlag(values: Record<string, unknown>, name: string, min: number): number | undefined {
  return numberFlag(values, name, (n) => Number.isInteger(n) && n >= min, `an integer >= ${min}`);
}

export function choiceFlag<T extends string>(values: Record<string, unknown>, name: string, choices: readonly T[], fallback: T): T {
  const value = stringFlag(values, name) ?? fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${value}"`);
  }
  return value as T;
}

/** The CSV flags shared by every subcommand that reads a data file. */
export function csvOptionsFromFlags(values: Record<string, unknown>): CsvOptions {
  const delimiterText = stringFlag(values, 'delimiter') ?? 'auto';
  const delimiters: Record<string, Delimiter | 'auto'> = { auto: 'auto', ',': ',', ';': ';', tab: '\t', '\t': '\t', '\\t': '\t' };
  const delimiter = delimiters[delimiterText];
  if (!delimiter) throw new UsageError(`--delimiter must be auto, ',', ';' or tab, got "${delimiterText}"`);
  const header = values['no-header'] !== true;
  const columnNames = listFlag(values, 'columns');
  if (!header && !columnNames) throw new UsageError('--no-header needs --columns with the column names');
  const missing = stringFlag(values, 'missing');
  const options: CsvOptions = { delimiter, header };
  if (columnNames) options.columnNames = columnNames;
  if (missing !== undefined) options.missingMarkers = missing.split(',').map((m) => m.trim());
  const comments = stringFlag(values, 'comments');
  if (comments !== undefined) options.comments = comments;
  return options;
}
