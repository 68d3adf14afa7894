import * as path from 'node:path';
import type { Comparison } from '../../../../common/reports/comparison';
import { formatInterval, formatNumber, sanitize } from '../../../../common/render/text';
import type { Interval } from '../../../../common/reports/audit';
import { UsageError } from '../../engine/errors';
import { runComparison } from '../../services/compare';
import { COMPARE_PARAMS } from '../../services/compare-params';
import { runMethodInWorker } from '../worker/method-runner';
import { helpText, parseCommandLine, usageLine } from './flags';
import { printJson, printOut } from './terminal';
import { extentOf } from '../../../../common/extent';

export const COMPARE_USAGE = usageLine('parity compare', COMPARE_PARAMS);
const COMPARE_SUMMARY = `Runs every applicable mitigation method on the same train/test split, each with its strength
sweep, and writes DIR/comparison.json: accuracy and fairness of every point, the unmitigated
logistic regression as the reference, and the Pareto-optimal points (docs/comparison-json.md).`;

export async function compareCommand(argv: readonly string[], signal: AbortSignal): Promise<number> {
  const line = parseCommandLine(argv, COMPARE_PARAMS);
  if (line.help) {
    printOut(helpText(COMPARE_USAGE, COMPARE_SUMMARY, COMPARE_PARAMS) + '\n');
    return 0;
  }
  if (line.positionals.length > 0) throw new UsageError(`unexpected argument "${line.positionals[0]}"`);
  const comparison = await runComparison(line.params, runMethodInWorker, {
    signal,
    onProgress: (p) => process.stderr.isTTY && process.stderr.write(`\r\x1b[Kparity: compare: ${Math.floor(p.fraction * 100)}% ${sanitize(p.message)}`),
  });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  if (line.params.format === 'json') printJson(comparison);
  else printOut(formatComparison(comparison));
  return 0;
}

function formatComparison(comparison: Comparison): string {
  // a figure with its interval (the reference and the Pareto points): "0.653 [0.640, 0.667]"
  const figure = (value: number | null, interval: Interval | null | undefined) =>
    interval ? `${formatNumber(value)} ${formatInterval(interval)}` : formatNumber(value);
  const rows = comparison.points.map((p) => [
    p.method,
    `${p.parameter}=${p.value}`,
    figure(p.accuracy, p.intervals?.accuracy),
    figure(p.fairness, p.intervals?.fairness),
    p.pareto ? '*' : '',
  ]);
  const reference = comparison.reference;
  rows.unshift([
    'unmitigated',
    'logistic regression',
    figure(reference.accuracy, reference.intervals?.accuracy),
    figure(reference.fairness, reference.intervals?.fairness),
    '',
  ]);
  const header = ['method', 'setting', 'accuracy', comparison.fairnessMetric, 'Pareto'];
  const widths = header.map((h, i) => Math.max(h.length, extentOf(rows.map((r) => r[i]!.length))[1]));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 2 && i <= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const failed = comparison.methods.filter((m) => m.error !== null).map((m) => `failed: ${m.method}: ${m.error}`);
  const timing = comparison.methods.map((m) => `${m.method} ${m.seconds.toFixed(1)} s`).join(', ');
  const bootstrap = comparison.bootstrap;
  const intervals = bootstrap
    ? [
        `intervals: ${Math.round(bootstrap.level * 100)}% bootstrap percentile, ${bootstrap.resamples} resamples, seed ${bootstrap.seed} (unmitigated and Pareto-optimal points)`,
      ]
    : [];
  return (
    [line(header), ...rows.map(line), '', ...intervals, `time: ${timing}`, ...failed, `wrote ${path.join(comparison.files.out, 'comparison.json')}`].join(
      '\n',
    ) + '\n'
  );
}
