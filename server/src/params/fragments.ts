import * as z from 'zod';
import { AUDIT_DEFAULTS } from '../engine/audit/options';
import type { OutcomeEvaluation } from '../engine/audit/outcomes';
import { UsageError } from '../engine/errors';
import { parseEdges } from '../engine/schema/binning';
import { POSITIVE_MEANINGS } from '../../../common/reports/audit';
import { positiveProblem } from '../../../common/positive-outcome';
import type { CsvOptions, Delimiter, SqlRelation } from '../engine/table/rows';
import { column, columns, file, seed } from './schema';

/**
 * Parameter blocks shared by several commands, so the same thing has the same name everywhere
 * (`--label`, `--sensitive`, `--out`, the CSV flags...).
 */

/** How a CSV file is read; every command that reads data files takes these. */
export const CSV_READING = {
  delimiter: z
    .enum(['auto', ',', ';', 'tab'])
    .default('auto')
    .meta({
      metavar: 'D',
      group: 'csv',
      advanced: true,
      description: "field delimiter: auto (detected), ',', ';' or tab",
      choices: { auto: 'detected from the start of the file', ',': 'comma', ';': 'semicolon', tab: 'tab' },
    }),
  noHeader: z
    .boolean()
    .default(false)
    .meta({ group: 'csv', advanced: true, description: 'the file has no header row (give --columns)', title: 'No header row' }),
  columns: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .meta({ metavar: 'C[,C...]', group: 'csv', advanced: true, description: 'column names of a headerless file', title: 'Column names' }),
  missing: z
    .array(z.string())
    .optional()
    .meta({ metavar: 'M[,M...]', group: 'csv', advanced: true, description: 'values meaning missing (default: empty, NA, ?)', title: 'Missing-value markers' }),
  comments: z
    .string()
    .min(1)
    .optional()
    .meta({ metavar: 'P', group: 'csv', advanced: true, description: 'skip lines starting with P', title: 'Comment prefix' }),
};

type CsvReading = z.output<z.ZodObject<typeof CSV_READING>>;

const DELIMITERS: Record<CsvReading['delimiter'], Delimiter | 'auto'> = { auto: 'auto', ',': ',', ';': ';', tab: '\t' };

/** The reader's options from the CSV parameters. */
export function csvOptions(params: CsvReading): CsvOptions {
  if (params.noHeader && !params.columns) throw new UsageError('--no-header needs --columns with the column names');
  return {
    delimiter: DELIMITERS[params.delimiter],
    header: !params.noHeader,
    ...(params.columns ? { columnNames: params.columns } : {}),
    ...(params.missing ? { missingMarkers: params.missing } : {}),
    ...(params.comments !== undefined ? { comments: params.comments } : {}),
  };
}

/** Which rows of a database source (duckdb:PATH, postgres://..., clickhouse://...) to read. */
export const DATABASE_READING = {
  table: z.string().min(1).optional().meta({
    metavar: 'T',
    group: 'data',
    cliOnly: true,
    description: 'database table to read, when SOURCE is duckdb:PATH, postgres://... or clickhouse://... (one name, quoted as given)',
  }),
  query: z
    .string()
    .min(1)
    .optional()
    .meta({ metavar: 'SQL', group: 'data', cliOnly: true, description: 'read-only query whose rows are read instead of a table' }),
};

/** --table or --query (not both); undefined for a file. */
export function sqlRelation(params: { table?: string | undefined; query?: string | undefined }): SqlRelation | undefined {
  if (params.table !== undefined && params.query !== undefined) throw new UsageError('give --table or --query, not both');
  if (params.table !== undefined) return { table: params.table };
  if (params.query !== undefined) return { query: params.query };
  return undefined;
}

export const LABEL = column('true label (target) column', { title: 'Label column' });
export const SENSITIVE = columns('sensitive attribute column(s); several are crossed into intersectional groups', {
  title: 'Sensitive attributes',
  editorDescription: 'columns that form the groups; several combine (race × sex)',
});
/** --bins: a numeric sensitive column's bin edges; audits and methods group its rows alike. */
export const BINS = z.array(z.string().min(1)).optional().meta({
  metavar: 'C=E1,E2,...',
  group: 'data',
  repeatable: true,
  advanced: true,
  title: 'Bin edges',
  description: "bin edges of a numeric sensitive column (repeatable); default: quartiles (a method's: of the rows it is fitted on)",
});

/** The edges of --bins per column, e.g. ["age=25,45"] → { age: [25, 45] }. */
export function parseBins(texts: readonly string[] | undefined): Record<string, number[]> {
  const bins: Record<string, number[]> = {};
  for (const text of texts ?? []) {
    const at = text.indexOf('=');
    if (at <= 0) throw new UsageError(`--bins expects COLUMN=E1,E2,..., got "${text}"`);
    try {
      bins[text.slice(0, at).trim()] = parseEdges(text.slice(at + 1));
    } catch (error) {
      throw new UsageError(`--bins "${text}": ${(error as Error).message}`);
    }
  }
  return bins;
}
/** The positive outcome: a label value, or a cut of a numeric label (">=10"); a reversed operator ("=>10") is refused here. */
export const POSITIVE = z
  .string()
  .min(1)
  .superRefine((text, context) => {
    const problem = positiveProblem(text);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .meta({
    input: 'value',
    metavar: 'V',
    group: 'data',
    title: 'Positive label value',
    description:
      'label value counted as positive (inferred for 0/1, true/false, yes/no), or a cut of a numeric label: ">=10" (also >, <=, <) counts 10 and above',
  })
  .optional();
/** Whether a positive prediction helps or harms the person: reports word who is disadvantaged by it. */
export const POSITIVE_MEANS = z
  .enum(POSITIVE_MEANINGS)
  .optional()
  .meta({
    metavar: POSITIVE_MEANINGS.join('|'),
    group: 'data',
    advanced: true,
    title: 'A positive prediction is',
    description: 'for the person: a benefit (a loan granted) or a harm (predicted to reoffend); default: not stated',
    editorDescription: 'for the person: a benefit (a loan granted) or a harm (predicted to reoffend)',
    choices: { benefit: 'favourable, e.g. a loan granted', harm: 'harmful, e.g. predicted to reoffend' },
  });
/** The positive label value and what a positive prediction means: every command with a positive value takes both. */
export const POSITIVE_OUTCOME = { positive: POSITIVE, positiveMeans: POSITIVE_MEANS };
export const SCORE = column('score / probability column', { title: 'Score column' });
export const PREDICTION = column('predicted label column', { title: 'Prediction column' });

/**
 * Where the before/after figures are measured, besides the training file: a held-out file, or a
 * share of the training file's rows held out at random (seeded, stratified by label) and never
 * fitted on. Without either, on the training rows themselves (in-sample).
 */
export const HELD_OUT = {
  test: file('held-out file: before/after figures are computed on it (without it or a held-out share: on the training rows)', {
    title: 'Held-out file',
  }).optional(),
  testFraction: z.number().gt(0).lt(1).optional().meta({
    metavar: 'F',
    group: 'data',
    advanced: true,
    title: 'Held-out share',
    description:
      "instead of a held-out file: this share of the training file's rows, drawn at random (seeded, stratified by label), is held out for the before/after figures and never fitted on",
  }),
  splitSeed: seed('seed of the random held-out share'),
};

/** The audited model's outputs in the editor's few words (a multiple choice's placeholder): the rule in full is --help's and the docs'. */
export const AUDITED_IN_EDITOR = "the audited model's outputs: never learned from";
/** The audited model's outputs, which a model fitted to replace it must not learn from. */
export const AUDITED = columns(
  "the audited model's score or prediction column(s) in the training file: left out of the default features, and so is every column that encodes one (see --features)",
  { title: "Audited model's outputs", advanced: true, editorDescription: AUDITED_IN_EDITOR },
).optional();
/** Columns kept out of the default features without being audited: in the editor, the file's other sensitive attributes. */
export const NOT_FEATURES = columns(
  'columns left out of the default features, e.g. sensitive attributes other than --sensitive: a model that learns one learns its group; so are the columns that determine one (age of age_cat)',
  {
    title: 'Columns not to learn from',
    advanced: true,
    editorDescription: 'columns the model must not learn from, nor what encodes them',
  },
).optional();
/** The rule of the default features, stated once for the CLI help, the editor and the docs. */
export const DEFAULT_FEATURES_RULE =
  'every column but the label, sensitive, --audited and --not-features ones, identifiers, empty columns, and any column that encodes an audited one on the training rows: ' +
  'one of 2 to 50 values each covering a disjoint range of a numeric audited column, e.g. a Low/Medium/High banding of a 1-10 score, ' +
  'or one determined by or determining an audited column, both of 2 to 50 values, but for at most 0.1% of the rows; ' +
  'and any column that determines a --sensitive or --not-features one: a numeric column whose ranges hold the 2 to 50 values of the other, e.g. age of an age band, ' +
  'or one of at most 50 values, each on 5 rows or more, that maps to one value of the other, but for at most 0.1% of the rows; the report says which were left out and why; ' +
  'given features are used as given, with a warning for any that encodes an audited column';

/** --features: `what` the columns are, and the default's rule. */
export function featuresParam(what = 'feature columns') {
  return columns(`${what} (default: ${DEFAULT_FEATURES_RULE})`, {
    title: 'Feature columns',
    advanced: true,
    // the quick pick's placeholder: what none ticked means in short (the rule in full is --help's and the docs')
    editorDescription: 'columns the model learns from; none ticked: all usable ones',
  }).optional();
}

/** The columns a fitted model learns from: given, else the default's rule less the audited outputs and the columns not to learn from. */
export function featureChoice(what?: string) {
  return { audited: AUDITED, notFeatures: NOT_FEATURES, features: featuresParam(what) };
}

/** A labelled training file and what the figures are measured on: the training-data methods' inputs. */
export const TRAINING_SPLIT = {
  train: file('training file (the method is fitted on it)', { title: 'Training file' }),
  ...HELD_OUT,
  label: LABEL,
  sensitive: SENSITIVE,
  bins: BINS,
  ...POSITIVE_OUTCOME,
  ...featureChoice(),
};

/** A model-output file with a score and the true label: what threshold and reject option post-process. */
export const SCORED_DATA = {
  data: file('model-output file to post-process', { title: 'Model-output file' }),
  score: SCORE,
  label: LABEL,
  sensitive: SENSITIVE,
  bins: BINS,
  ...POSITIVE_OUTCOME,
};

/**
 * A model-output file and the rows its before/after figures are measured on, as the training-data
 * methods': a held-out file, or a held-out share of the model-output file that the rules are never
 * fitted on (asked after the file's columns in the editor).
 */
export const SCORED_DATA_HELD_OUT = { ...SCORED_DATA, ...HELD_OUT };

/** Neutralise formula cells in the CSV files a command writes. */
export const SAFE_CSV = z.boolean().default(false).meta({
  group: 'output',
  advanced: true,
  title: 'Safe CSV',
  description:
    'neutralise cells a spreadsheet would run as formulas (starting with =, +, -, @, tab or carriage return, numbers aside) in the CSV files written: an apostrophe in front (Parquet and JSON Lines outputs hold values, not formulas: unchanged)',
});

/**
 * A command's output folder (`--out DIR`): refused when it exists and is not empty, unless
 * `--force`, which replaces it as a whole; and `--safe-csv` for the CSV files written in it.
 */
export function outputFolderParams(description: string) {
  return {
    out: z.string().min(1).optional().meta({ input: 'folder', metavar: 'DIR', group: 'output', advanced: true, title: 'Output folder', description }),
    force: z.boolean().default(false).meta({
      group: 'output',
      advanced: true,
      title: 'Replace the output folder',
      description: 'replace an existing output folder, as a whole (whatever else it holds is deleted)',
    }),
    safeCsv: SAFE_CSV,
  };
}

/**
 * The resamples of the intervals on a mitigation's before/after figures: the audit's Poisson
 * bootstrap, with the audit's default and bound (`--bootstrap` of `parity audit`).
 */
export const OUTCOME_BOOTSTRAP = z.int().min(0).max(AUDIT_DEFAULTS.maxBootstrap).default(AUDIT_DEFAULTS.bootstrap).meta({
  metavar: 'N',
  group: 'output',
  advanced: true,
  title: 'Bootstrap resamples',
  description: "bootstrap resamples for the intervals of the before/after figures (0 = none), seeded with the method's seed where it has one, else 0",
});

/** Groups with fewer rows are too small to judge: the audit's --min-group-size (unset: the setting parity.minGroupSize in the editor, else the default). */
export const MIN_GROUP_SIZE = z.int().min(1).optional().meta({
  metavar: 'N',
  group: 'method',
  default: AUDIT_DEFAULTS.minGroupSize,
  // in the editor the parity.minGroupSize setting: not a question of a run
  advanced: true,
  title: 'Minimum group size',
  description: 'groups with fewer rows are flagged too small to judge',
});

/**
 * Classification groups with fewer rows of either label value are too small to judge the rates
 * conditioned on the label: the audit's --min-label-count (unset: the setting parity.minLabelCount
 * in the editor, else the default, the binomial rule of 5 in AUDIT_DEFAULTS).
 */
export const MIN_LABEL_COUNT = z.int().min(0).optional().meta({
  metavar: 'N',
  group: 'method',
  default: AUDIT_DEFAULTS.minLabelCount,
  // in the editor the parity.minLabelCount setting: not a question of a run
  advanced: true,
  title: 'Minimum rows per label value',
  description:
    'classification groups with fewer rows of either label value are left out of the adequate aggregates and get no flags on rates conditioned on the label (TPR, FPR, ...); 0 = off',
});

/**
 * How a mitigation's before/after figures are bootstrapped: its --bootstrap, seeded with its --seed
 * (the audit's 0 without one); and its --min-group-size and --min-label-count where it has them
 * (else the audit's defaults).
 */
export function outcomeEvaluation(params: {
  bootstrap: number;
  seed?: number;
  minGroupSize?: number | undefined;
  minLabelCount?: number | undefined;
}): OutcomeEvaluation {
  return {
    bootstrap: params.bootstrap,
    seed: params.seed ?? AUDIT_DEFAULTS.seed,
    ...(params.minGroupSize !== undefined ? { minGroupSize: params.minGroupSize } : {}),
    ...(params.minLabelCount !== undefined ? { minLabelCount: params.minLabelCount } : {}),
  };
}

/** Where a mitigation writes, and what it prints; then how its files are read. */
export function mitigationOutput(next: 'training' | 'data') {
  return {
    bootstrap: OUTCOME_BOOTSTRAP,
    ...outputFolderParams(`output directory (default: next to the ${next} file)`),
    format: z.enum(['table', 'json']).default('table').meta({ metavar: 'table|json', group: 'output', cliOnly: true, description: 'what to print' }),
    ...CSV_READING,
  };
}

/** A report written to a file (`--out PATH`) instead of standard output; replaced atomically. */
export const OUTPUT_FILE = z.string().min(1).optional().meta({
  input: 'file',
  metavar: 'PATH',
  group: 'output',
  cliOnly: true,
  description: 'write the output to PATH instead of standard output (replaced whole, never an input)',
});
