import * as path from 'node:path';
import type { Comparison } from '../../../../common/reports/comparison';
import { formatNumber, sanitize } from '../../../../common/render/text';
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
  const rows = comparison.points.map((p) => [p.method, `${p.parameter}=${p.value}`, formatNumber(p.accuracy), formatNumber(p.fairness), p.pareto ? '*' : '']);
  rows.unshift(['unmitigated', 'logistic regression', formatNumber(comparison.reference.accuracy), formatNumber(comparison.reference.fairness), '']);
  const header = ['method', 'setting', 'accuracy', comparison.fairnessMetric, 'Pareto'];
  const widths = header.map((h, i) => Math.max(h.length, extentOf(rows.map((r) => r[i]!.length))[1]));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 2 && i <= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const failed = comparison.methods.filter((m) => m.error !== null).map((m) => `failed: ${m.method}: ${m.error}`);
  const timing = comparison.methods.map((m) => `${m.method} ${m.seconds.toFixed(1)} s`).join(', ');
  return [line(header), ...rows.map(line), '', `time: ${timing}`, ...failed, `wrote ${path.join(comparison.files.out, 'comparison.json')}`].join('\n') + '\n';
}
