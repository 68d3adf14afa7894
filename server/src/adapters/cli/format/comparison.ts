import * as path from 'node:path';
import type { Comparison } from '../../../../../common/reports/comparison';
import type { Interval } from '../../../../../common/reports/audit';
import { formatInterval, formatNumber } from '../../../../../common/render/text';
import { comparisonGroupsLabels } from '../../../../../common/render/comparison-table';
import { extentOf } from '../../../../../common/extent';
import { comparisonSharedRowsWarning } from '../../../../../common/render/shared-rows';
import { unplottedMethods } from '../../../../../common/render/comparison-view';

/**
 * The points as a table, the unmitigated model first; when some group is smaller than
 * minGroupSize, the fairness gap and the Pareto flag over all groups and over those of adequate
 * size side by side, each headed with which groups it is over.
 */
export function formatComparison(comparison: Comparison): string {
  // a figure with its interval (the reference and the Pareto points): "0.653 [0.640, 0.667]"
  const figure = (value: number | null, interval: Interval | null | undefined) =>
    interval ? `${formatNumber(value)} ${formatInterval(interval)}` : formatNumber(value);
  const sizes = comparison.largeGroups;
  const over = sizes && sizes.groups < sizes.allGroups ? comparisonGroupsLabels(sizes, '>=') : null;
  const rows = comparison.points.map((p) => [
    p.method,
    `${p.parameter}=${p.value}`,
    figure(p.accuracy, p.intervals?.accuracy),
    figure(p.fairness, p.intervals?.fairness),
    ...(over ? [figure(p.largeGroups?.fairness ?? null, p.largeGroups?.intervals?.fairness)] : []),
    p.pareto ? '*' : '',
    ...(over ? [p.largeGroups?.pareto ? '*' : ''] : []),
  ]);
  const reference = comparison.reference;
  rows.unshift([
    'unmitigated',
    'logistic regression',
    figure(reference.accuracy, reference.intervals?.accuracy),
    figure(reference.fairness, reference.intervals?.fairness),
    ...(over ? [figure(reference.largeGroups?.fairness ?? null, reference.largeGroups?.intervals?.fairness)] : []),
    '',
    ...(over ? [''] : []),
  ]);
  const header = over
    ? [
        'method',
        'setting',
        'accuracy',
        `${comparison.fairnessMetric} (${over.all})`,
        `${comparison.fairnessMetric} (${over.large})`,
        'Pareto (all)',
        `Pareto (n >= ${sizes!.minGroupSize}${sizes!.minLabelCount !== undefined ? `, >= ${sizes!.minLabelCount} of each label` : ''})`,
      ]
    : ['method', 'setting', 'accuracy', comparison.fairnessMetric, 'Pareto'];
  const figures = over ? 4 : 3;
  const widths = header.map((h, i) => Math.max(h.length, extentOf(rows.map((r) => r[i]!.length))[1]));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 2 && i <= figures ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const failed = comparison.methods.filter((m) => m.error !== null).map((m) => `failed: ${m.method}: ${m.error}`);
  const shared = comparisonSharedRowsWarning(comparison);
  const unplotted = unplottedMethods(comparison).map((u) => `note: ${u.reason.replace(' (Open in the table below)', '')}`);
  const timing = comparison.methods.map((m) => `${m.method} ${m.seconds.toFixed(1)} s`).join(', ');
  const bootstrap = comparison.bootstrap;
  const intervals = bootstrap
    ? [
        `intervals: ${Math.round(bootstrap.level * 100)}% bootstrap percentile, ${bootstrap.resamples} resamples, seed ${bootstrap.seed} (unmitigated and Pareto-optimal points)`,
      ]
    : [];
  return (
    [
      ...(shared ? [`warning: ${shared}`, ''] : []),
      line(header),
      ...rows.map(line),
      '',
      ...intervals,
      `time: ${timing}`,
      ...failed,
      ...unplotted,
      `wrote ${path.join(comparison.files.out, 'comparison.json')}`,
    ].join('\n') + '\n'
  );
}
