import * as path from 'node:path';
import { FAIRNESS_METRICS, runComparison } from '../mitigations/compare';
import type { Comparison } from '../engine/compare/comparison';
import { choiceFlag, CSV_FLAGS, csvOptionsFromFlags, FlagTable, helpText, requiredFlag, integerFlag, listFlag, parseFlags, SHARED_FLAGS, stringFlag, UsageError } from './args';
import { formatNumber } from './format/text';

export const COMPARE_USAGE = 'parity compare --train FILE --test FILE --label C --sensitive C [options]';
const COMPARE_SUMMARY = `Runs every applicable mitigation method on the same train/test split, each with its strength
sweep, and writes DIR/comparison.json: accuracy and fairness of every point, the unmitigated
logistic regression as the reference, and the Pareto-optimal points (docs/comparison-json.md).`;

const COMPARE_FLAGS: FlagTable = {
  train: SHARED_FLAGS.train,
  test: { ...SHARED_FLAGS.test, describe: 'held-out CSV the points are evaluated on (required)' },
  label: SHARED_FLAGS.label,
  sensitive: SHARED_FLAGS.sensitive,
  positive: SHARED_FLAGS.positive,
  methods: { type: 'string', help: 'M[,M...]', describe: 'methods to compare (default: all)' },
  'fairness-metric': { type: 'string', help: 'NAME', describe: `horizontal axis: ${FAIRNESS_METRICS.join(', ')} (default the first)` },
  seed: SHARED_FLAGS.seed,
  out: { ...SHARED_FLAGS.out, help: 'DIR', describe: 'output directory (default: next to the training file)' },
  format: { ...SHARED_FLAGS.format, help: 'table|json', describe: 'what to print (default table)' },
  ...CSV_FLAGS,
  help: SHARED_FLAGS.help,
};

export async function compareCommand(argv: readonly string[], signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseFlags(argv, COMPARE_FLAGS);
  if (values.help === true) {
    process.stdout.write(helpText(COMPARE_USAGE, COMPARE_SUMMARY, COMPARE_FLAGS) + '\n');
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const train = requiredFlag(values, 'train');
  const test = requiredFlag(values, 'test');
  const label = requiredFlag(values, 'label');
  const sensitive = listFlag(values, 'sensitive') ?? [];
  if (sensitive.length === 0) throw new UsageError('--sensitive is required');
  const format = choiceFlag(values, 'format', ['table', 'json'] as const, 'table');
  const csvFlags = Object.fromEntries(Object.keys(CSV_FLAGS).filter((flag) => values[flag] !== undefined).map((flag) => [flag, values[flag] as string | boolean]));
  const seed = integerFlag(values, 'seed', 0);
  const positive = stringFlag(values, 'positive');
  const methods = listFlag(values, 'methods');
  const comparison = await runComparison(
    {
      train,
      test,
      label,
      sensitive,
      ...(positive !== undefined ? { positive } : {}),
      ...(methods ? { methods } : {}),
      fairnessMetric: choiceFlag(values, 'fairness-metric', FAIRNESS_METRICS, FAIRNESS_METRICS[0]),
      ...(seed !== undefined ? { seed } : {}),
      out: stringFlag(values, 'out') ?? path.join(path.dirname(path.resolve(train)), `${path.basename(train).replace(/\.csv(\.gz)?$/i, '')}.parity-compare`),
      csv: csvOptionsFromFlags(values),
      csvFlags,
    },
    {
      signal,
      onProgress: (p) => process.stderr.isTTY && process.stderr.write(`\r\x1b[Kparity: compare: ${Math.floor(p.fraction * 100)}% ${p.message}`),
    },
  );
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  process.stdout.write(format === 'json' ? JSON.stringify(comparison, null, 2) + '\n' : formatComparison(comparison));
  return 0;
}

function formatComparison(comparison: Comparison): string {
  const rows = comparison.points.map((p) => [p.method, `${p.parameter}=${p.value}`, formatNumber(p.accuracy), formatNumber(p.fairness), p.pareto ? '*' : '']);
  rows.unshift(['unmitigated', 'logistic regression', formatNumber(comparison.reference.accuracy), formatNumber(comparison.reference.fairness), '']);
  const header = ['method', 'setting', 'accuracy', comparison.fairnessMetric, 'Pareto'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const failed = comparison.methods.filter((m) => m.error !== null).map((m) => `failed: ${m.method}: ${m.error}`);
  const timing = comparison.methods.map((m) => `${m.method} ${m.seconds.toFixed(1)} s`).join(', ');
  return [line(header), ...rows.map(line), '', `time: ${timing}`, ...failed, `wrote ${path.join(comparison.files.out, 'comparison.json')}`].join('\n') + '\n';
}
