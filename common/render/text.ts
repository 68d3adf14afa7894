import { auditsDecisionsOnly, type AuditReport, type Grouping, type GroupResult, type Interval, type PositiveMeans } from '../reports/audit';
import { cutWords } from '../positive-outcome';
import type { ColumnsResult } from '../protocol';
import { binsLine } from '../bins';

/**
 * Bidirectional controls (embeddings, overrides, isolates, marks): text from a data file could
 * use them to be displayed in another order than it is stored, e.g. a group "A\u202eevil\u202cB"
 * shown as "AliveB". Parity shows each of them as a visible name instead.
 */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A bidirectional control as visible text, e.g. <U+202E>. */
export function bidiControlName(c: string): string {
  return `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** The text with its bidirectional controls shown by name. */
export function visibleBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, bidiControlName);
}

/**
 * Control characters from a data file must not reach the terminal (escape-sequence injection),
 * nor bidirectional controls (reordered display): both are shown as escapes.
 */
export function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).replace(BIDI_CONTROLS, bidiControlName);
}

/** A query's text as shown: its lines and tabs kept, other control characters and bidirectional controls as escapes. */
export function sanitizeQuery(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.split('\t').map(sanitize).join('\t'))
    .join('\n');
}

export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined) return '—';
  if (Number.isInteger(value) && Math.abs(value) >= 1) return String(value);
  return value.toFixed(digits);
}

export function formatInterval(interval: Interval | null | undefined, digits = 3): string {
  return interval ? `[${interval[0].toFixed(digits)}, ${interval[1].toFixed(digits)}]` : '';
}

/** The last part of a path, whichever the separator: reports name files, not where they live. */
export function fileName(path: string): string {
  // A database (postgres://USER@HOST/DB table "t", duckdb:PATH query) is named whole: where the audit ran.
  if (/^[a-z][a-z0-9+.-]+:/i.test(path)) return path;
  return path.split(/[\\/]/).pop() || path;
}

const DATABASES: Record<string, string> = {
  duckdb: 'DuckDB',
  postgres: 'PostgreSQL',
  postgresql: 'PostgreSQL',
  clickhouse: 'ClickHouse',
  clickhouses: 'ClickHouse',
};
const FORMATS: Record<string, string> = {
  csv: 'CSV',
  tsv: 'TSV',
  parquet: 'Parquet',
  jsonl: 'JSON Lines',
  ndjson: 'JSON Lines',
  arrow: 'Arrow',
  feather: 'Arrow',
};

/**
 * Where an audit read its rows. A database audit's `file` is `URL table "T"` or `URL query` (the
 * server leaves the password out of the URL): its database, URL and table or query. Otherwise a file.
 */
export function auditSource(file: string): { database: string; url: string; relation: string } | { format: string | undefined; name: string } {
  const database = /^([a-z][a-z0-9+.-]+):/i.exec(file)?.[1]?.toLowerCase();
  const parts = /^(.*)\s(table ".*"|query)$/s.exec(file);
  if (database && parts) return { database: DATABASES[database] ?? database, url: parts[1]!, relation: parts[2]! };
  const name = fileName(file);
  const extension = /\.([a-z0-9]+)(\.(gz|zst))?$/i.exec(name)?.[1]?.toLowerCase();
  return { format: extension ? FORMATS[extension] : undefined, name };
}

/**
 * The heading's name of an audit: the file's name, or the table of a database; a query is named
 * after the first table it reads ("query of compas"), so two query panels can be told apart.
 */
export function auditTitle(file: string, query?: string): string {
  const source = auditSource(file);
  if (!('relation' in source)) return source.name;
  // comments and string literals blanked first: "-- copied from a notebook" named a query "query of a"
  const code = query?.replace(/--[^\n]*|\/\*[\s\S]*?(\*\/|$)|'(?:[^']|'')*'?/g, ' ');
  const table = source.relation === 'query' && code !== undefined ? /\bfrom\s+((?:"[^"]+"|[\w$]+)(?:\s*\.\s*(?:"[^"]+"|[\w$]+))*)/i.exec(code)?.[1] : undefined;
  return table ? `query of ${sanitize(table.replace(/"/g, '').replace(/\s+/g, ''))}` : source.relation;
}

/** The source line under an audit's heading: the database, its URL and the table or query, or the file and its format. */
export function describeSource(file: string): string {
  const source = auditSource(file);
  if ('relation' in source) return `Source: ${source.database} ${sanitize(source.url)}, ${source.relation === 'query' ? 'a query' : sanitize(source.relation)}`;
  return `Source: ${source.format ? `${source.format} file ` : ''}${sanitize(source.name)}`;
}

/** When the audit ran, as read in every view: "Audited 2025-03-04 09:05:12 UTC" (the JSON keeps the ISO form). */
export function describeRanAt(ranAt: string | undefined): string | undefined {
  if (ranAt === undefined || !Number.isFinite(Date.parse(ranAt))) return undefined;
  return `Audited ${new Date(ranAt)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')}`;
}

/**
 * The name an export of an audit is proposed under: the data file's whole name (its format
 * included, so compas.csv and compas.parquet beside it get different names) with `.parity.EXT`.
 */
export function exportFileName(fileNameOfSource: string, extension: string): string {
  return `${fileNameOfSource}.parity.${extension}`;
}

/** A count with thousands separators, the same in every locale: 7,214. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * A column as the column pickers describe it: "categorical, 12 values", "numeric, 1 value",
 * "identifier, more than 10,000 values" (counting stopped there); "… in the first 1,000,000 rows"
 * when the file was longer than the profile reads.
 */
export function columnDescription(
  column: Pick<ColumnsResult['columns'][number], 'kind' | 'distinct' | 'moreValues'>,
  read: Pick<ColumnsResult, 'rowsRead' | 'wholeFile'>,
): string {
  const values = `${column.moreValues ? 'more than ' : ''}${formatCount(column.distinct)} ${column.distinct === 1 && !column.moreValues ? 'value' : 'values'}`;
  return `${column.kind}, ${values}${read.wholeFile ? '' : ` in the first ${formatCount(read.rowsRead)} rows`}`;
}

export function groupLabel(group: Pick<GroupResult, 'key'>): string {
  return sanitize(Object.values(group.key).join(' & '));
}

/** Per-group columns shown in the table and markdown views for each task (the JSON has them all). */
export function keyMetrics(report: AuditReport): { name: string; header: string }[] {
  switch (report.task) {
    case 'classification': {
      const columns = [
        { name: 'count', header: 'n' },
        { name: 'base_rate', header: 'base' },
        { name: 'selection_rate', header: 'select' },
        { name: 'true_positive_rate', header: 'TPR' },
        { name: 'false_positive_rate', header: 'FPR' },
        { name: 'positive_predictive_value', header: 'PPV' },
        { name: 'accuracy', header: 'acc' },
      ];
      return report.columns.score ? [...columns, { name: 'roc_auc', header: 'AUC' }] : columns;
    }
    case 'multiclass':
      return [
        { name: 'count', header: 'n' },
        { name: 'accuracy', header: 'acc' },
        { name: 'macro_true_positive_rate', header: 'macro TPR' },
        { name: 'macro_false_positive_rate', header: 'macro FPR' },
        { name: 'macro_positive_predictive_value', header: 'macro PPV' },
      ];
    case 'regression':
      return [
        { name: 'count', header: 'n' },
        { name: 'mean_target', header: 'mean y' },
        { name: 'mean_prediction', header: 'mean ŷ' },
        { name: 'mean_error', header: 'ŷ − y' },
        { name: 'mean_absolute_error', header: 'MAE' },
        { name: 'root_mean_squared_error', header: 'RMSE' },
        { name: 'r2', header: 'R²' },
      ];
    case 'dataset':
      if (hasNumericLabel(report))
        return [
          { name: 'count', header: 'n' },
          { name: 'representation', header: 'share' },
          { name: 'label_mean', header: 'mean' },
        ];
      if (auditsDecisionsOnly(report))
        return [
          { name: 'count', header: 'n' },
          { name: 'representation', header: 'share' },
          { name: 'selection_rate', header: 'selected' },
        ];
      return report.columns.label
        ? [
            { name: 'count', header: 'n' },
            { name: 'representation', header: 'share' },
            { name: 'base_rate', header: 'base' },
          ]
        : [
            { name: 'count', header: 'n' },
            { name: 'representation', header: 'share' },
          ];
  }
}

/** The aggregates shown in the table and markdown views, in reading order (the JSON has them all). */
export function keyAggregates(grouping: Grouping): string[] {
  const preferred = [
    'demographic_parity_difference',
    'demographic_parity_ratio',
    'equal_opportunity_difference',
    'equal_opportunity_ratio',
    'equalized_odds_difference',
    'equalized_odds_ratio',
    'predictive_parity_difference',
    'statistical_parity_difference',
    'disparate_impact',
    'equal_opportunity_difference_to_reference',
    'average_odds_difference',
    'accuracy_difference',
    'roc_auc_difference',
    'ks_distance',
    'wasserstein_distance',
    'mean_prediction_difference',
    'mean_error_difference',
    'mean_absolute_error_difference',
    'r2_difference',
    'base_rate_difference',
    'base_rate_ratio',
    'label_mean_difference',
    'between_group_generalized_entropy_index',
    'generalized_entropy_index',
    'theil_index',
  ];
  return preferred.filter((name) => name in grouping.aggregates);
}

/**
 * The four-fifths rule as Parity applies it, in the one wording every view uses (the flags'
 * explanation, disparate impact's description, the caveat under a report).
 */
export const FOUR_FIFTHS_RULE = "four-fifths rule: a group's rate divided by the reference group's rate is flagged outside [0.8, 1.25]";

export const FOUR_FIFTHS_CAVEAT = `Four-fifths flags follow the ${FOUR_FIFTHS_RULE} (the reference is the largest group unless one was given; groups under the minimum size get none); the * on a flag is explained under its grouping's table. The rule is a US employment-law heuristic, not a general standard of fairness.`;

/** The lines under an audit's heading in the panel and the exports: its source, then how it ran. */
export function describeAudit(report: AuditReport): string[] {
  const ranAt = describeRanAt(report.ranAt);
  return [describeSource(report.file), ...(ranAt ? [ranAt] : []), ...describeRun(report)];
}

const COUNTERS = { duckdb: 'DuckDB', postgres: 'PostgreSQL', clickhouse: 'ClickHouse' } as const;

/** The header line of a dataset audit without a label: what it compares, and what a label adds. */
export const NO_LABEL_LINE =
  "No label column: only the groups' sizes are compared; name the outcome column to compare the groups' base rates (a binary label) or means (a numeric one), or a model's decision column (prediction) to compare its selection rates";

/** The header line of an audit of decisions without the true label: what it compares, and what the label adds. */
export const DECISIONS_ONLY_LINE =
  "No label column: the groups' selection rates are compared (the share of positive decisions); name the true outcome column to compare error rates and accuracy too";

/**
 * A dataset audit of a numeric label: its label has no positive value (a binary label always has
 * one; a report from before numeric labels were compared has no label then).
 */
export function hasNumericLabel(report: Pick<AuditReport, 'task' | 'columns'>): boolean {
  return report.task === 'dataset' && report.columns.label !== null && (report.columns.positive ?? null) === null;
}

/** The header line of a dataset audit of a numeric label: what it compares, and why without four-fifths flags. */
export function numericLabelLine(label: string): string {
  return `Numeric label ${sanitize(label)}: the groups' means of it are compared, each as its difference to the reference group with an interval (a mean is no rate: no four-fifths flags)`;
}

export function describeRun(report: AuditReport): string[] {
  const c = report.columns;
  const roles = [
    c.label && `label ${sanitize(c.label)}${c.positive !== null ? ` (${positiveWords(c.label, c.positive)})` : ''}`,
    c.prediction && `prediction ${sanitize(c.prediction)}`,
    c.threshold !== null && c.score && `prediction = ${sanitize(c.score)} >= ${c.threshold}`,
    c.score && `score ${sanitize(c.score)}`,
    `sensitive ${c.sensitive.map(sanitize).join(', ')}`,
  ].filter(Boolean);
  const meaning = positiveMeaning(report);
  // the bins named as the groups are, as a method's report states them
  const bins = binsLine(Object.fromEntries(Object.entries(c.bins).map(([column, edges]) => [sanitize(column), edges])));
  const inferred = c.inferred.map((r) => `${r.role} ${sanitize(r.column)} (${sanitize(r.reason)})`);
  const b = report.bootstrap;
  return [
    `${formatCount(report.rows)} rows (${formatCount(report.rowsUsed)} used) · task ${report.task} · ${roles.join(' · ')}`,
    ...(meaning ? [meaning.text] : []),
    ...(report.task === 'dataset' && c.label === null ? [auditsDecisionsOnly(report) ? DECISIONS_ONLY_LINE : NO_LABEL_LINE] : []),
    ...(hasNumericLabel(report) ? [numericLabelLine(c.label!)] : []),
    ...(report.counting && report.counting.by !== 'parity'
      ? [`Counted by ${COUNTERS[report.counting.by]}: ${formatCount(report.counting.recordsRead)} aggregated records for ${formatCount(report.rows)} rows`]
      : []),
    ...(bins ? [bins] : []),
    ...(inferred.length > 0 ? [`Inferred: ${inferred.join('; ')}`] : []),
    ...(c.weight ? [`Weighted by ${sanitize(c.weight)}: rates and shares are weight sums, counts are rows`] : []),
    ...(report.notApplicable ?? []).map((entry) => sanitize(entry.reason)),
    b.resamples > 0
      ? `Intervals: ${Math.round(b.level * 100)}% percentile bootstrap, ${b.resamples} Poisson resamples, seed ${b.seed}.${hasExactIntervals(report) ? ` ${EXACT_INTERVALS}` : ''} ${RESAMPLE_CELLS}`
      : 'Intervals: off (no bootstrap resamples)',
  ];
}

/**
 * Why an interval moves when only the roles change (cold try 10): the seed draws a count per cell
 * of the rows' sensitive values, label and prediction (server/src/engine/audit/replicates.ts), so
 * other roles are other cells and other resamples. Plain words: cold try 13 could not parse "cell".
 */
export const RESAMPLE_CELLS =
  'The resamples are drawn separately for each combination of sensitive values, label and prediction: audited with other columns in these roles, the same seed draws other resamples, so the intervals shift a little, by resampling noise alone.';

/**
 * Which intervals are not the bootstrap's (cold try 13 read "0.000 [0.000, 0.106]" as a percentile
 * interval): a group's rate at 0 or 1 gets the exact binomial one (server/src/engine/audit/exact-intervals.ts).
 */
export const EXACT_INTERVALS =
  "A group's rate of 0 or 1 (none or all of its rows) is the same in every resample: its interval is the exact binomial (Clopper–Pearson) one instead.";

/** Whether some group's rate has an exact binomial interval (GroupResult.exactIntervals). */
function hasExactIntervals(report: AuditReport): boolean {
  return report.groupings.some((grouping) => grouping.groups.some((group) => (group.exactIntervals?.length ?? 0) > 0));
}

/**
 * What a positive outcome means, and so which groups are disadvantaged: the one place the panel,
 * the exports, the CLI and the reference comparisons take these words from. `rate` is the rate
 * whose gaps it judges: the selection rate of a model, the base rate of a dataset's labels.
 */
export interface PositiveMeaning {
  /** The line under an audit's heading, e.g. "A positive prediction (predicting two_year_recid = 1) is harmful: …". */
  text: string;
  stated: boolean;
  means: PositiveMeans | null;
  outcome: 'prediction' | 'label';
  rate: 'selection rate' | 'base rate';
  /** Whether the model's error rates (TPR, FPR…) are audited too: a prediction with the true label. */
  errorRates: boolean;
}

/** What positiveMeaning reads of an audit's or a mitigation's report (a mitigation report before the positive value: absent). */
export interface PositiveOutcomeReport {
  task: string;
  columns: { label: string | null; prediction?: string | null; score?: string | null; positive?: string | null; positiveMeans?: PositiveMeans | null };
}

/** The positive outcome in a header's words: 'positive "1"' for a value, "positive: G3 ≥ 10" for a cut of the label. */
export function positiveWords(label: string, positive: string): string {
  const cut = cutWords(sanitize(label), positive);
  return cut ? `positive: ${cut}` : `positive "${sanitize(positive)}"`;
}

/** A positive outcome's meaning in a word. */
export const POSITIVE_MEANS_WORDS: Record<PositiveMeans, string> = { benefit: 'favourable', harm: 'harmful' };

/** The audit's positive meaning; undefined when its outcomes have no positive value (multiclass, regression). */
export function positiveMeaning(report: PositiveOutcomeReport): PositiveMeaning | undefined {
  const decisions = auditsDecisionsOnly(report);
  // decisions audited without the label: the positive value (or cut) is the prediction's (or the score's)
  const label = decisions ? (report.columns.prediction ?? report.columns.score ?? null) : report.columns.label;
  const positive = report.columns.positive;
  if ((report.task !== 'classification' && report.task !== 'dataset') || label === null || positive === null || positive === undefined) return undefined;
  const means = report.columns.positiveMeans ?? null;
  const outcome = report.task === 'classification' || decisions ? 'prediction' : 'label';
  const rate = outcome === 'prediction' ? 'selection rate' : 'base rate';
  const condition = cutWords(sanitize(label), positive) ?? `${sanitize(label)} = ${sanitize(positive)}`;
  const subject = `A positive ${outcome} (${outcome === 'prediction' && !decisions ? 'predicting ' : ''}${condition})`;
  const text =
    means === null
      ? `${subject}: not stated whether favourable or harmful`
      : `${subject} is ${POSITIVE_MEANS_WORDS[means]}: ${disadvantagedGroups(means, rate)}`;
  return { text, stated: means !== null, means, outcome, rate, errorRates: report.task === 'classification' };
}

/** "groups with higher selection rates are disadvantaged": who a positive outcome's meaning puts at a disadvantage. */
export function disadvantagedGroups(means: PositiveMeans, rate: PositiveMeaning['rate']): string {
  return `groups with ${means === 'benefit' ? 'lower' : 'higher'} ${rate}s are disadvantaged`;
}

/** Which side of a gap in the positive rate to the reference group is a disadvantage (for a column's description). */
export function rateGapWords(meaning: Pick<PositiveMeaning, 'means'>, kind: 'difference' | 'ratio'): string {
  const [low, high] = kind === 'difference' ? ['below 0', 'above 0'] : ['below 1', 'above 1'];
  const band = kind === 'ratio' ? `; the ${FOUR_FIFTHS_RULE}` : '';
  if (meaning.means !== null)
    return `${meaning.means === 'benefit' ? low : high}: the group is disadvantaged (a positive outcome is ${POSITIVE_MEANS_WORDS[meaning.means]})${band}`;
  return `which side disadvantages the group is not stated (is a positive outcome favourable or harmful?)${band}`;
}

/** The same as a sentence under the comparisons with the reference group; undefined when not stated. */
export function disadvantageSentence(meaning: PositiveMeaning): string | undefined {
  if (meaning.means === null) return undefined;
  const [side, signs] = meaning.means === 'benefit' ? ['below', 'difference below 0, ratio below 1'] : ['above', 'difference above 0, ratio above 1'];
  return `A positive ${meaning.outcome} is ${POSITIVE_MEANS_WORDS[meaning.means]}: a group whose ${meaning.rate} is ${side} the reference's (${signs}) is disadvantaged.`;
}

/**
 * Under the groups' flags: which side of the reference a flag's word puts the group on; undefined
 * when not stated. The words themselves come from flagSide (audit-model.ts).
 */
export function flagSideSentence(meaning: PositiveMeaning): string | undefined {
  if (meaning.means === null) return undefined;
  const [above, below] = meaning.means === 'harm' ? ['disadvantaged', 'advantaged'] : ['advantaged', 'disadvantaged'];
  const rates = meaning.errorRates ? 'selection rate, TPR or FPR' : `the ${meaning.rate}`;
  const negative = meaning.errorRates ? ' (on FNR or TNR, shares predicted negative, the other way round)' : '';
  return `With a ${POSITIVE_MEANS_WORDS[meaning.means]} positive ${meaning.outcome}, a ratio above 1 on ${rates} means the group ${meaning.outcome === 'prediction' ? 'gets' : 'has'} it more often than the reference: ${above}; below 1, ${below}${negative}.`;
}
