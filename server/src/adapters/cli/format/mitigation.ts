import type { Interval } from '../../../../../common/reports/audit';
import type { MitigationReport, OutcomeSummary } from '../../../../../common/reports/mitigation';
import { formatInterval, formatNumber } from '../../../../../common/render/text';
import { extentOf } from '../../../../../common/extent';

/** Aggregates shown in the before/after summary, when the report has them. */
const SUMMARY_AGGREGATES = [
  'demographic_parity_difference',
  'demographic_parity_ratio',
  'equal_opportunity_difference',
  'equalized_odds_difference',
  'ks_distance',
  'wasserstein_distance',
];

/**
 * The before/after table printed by `parity mitigate`: each figure with its bootstrap interval
 * when the report has one, and each aggregate also over the groups of at least minGroupSize rows
 * when some group is smaller.
 */
export function formatMitigationSummary(report: MitigationReport): string {
  const quality = report.task === 'classification' ? 'accuracy' : 'mse';
  const figure = (value: number | null | undefined, interval: Interval | null | undefined) => `${formatNumber(value)} ${formatInterval(interval)}`.trim();
  const rows: [string, string, string][] = [[quality, ...summaries(report, (s) => figure(s[quality], s.intervals?.[quality]))]];
  const large = report.before.largeGroups;
  const someSmall = large !== undefined && large.groups < report.before.groups.filter((g) => g.count > 0).length;
  for (const name of SUMMARY_AGGREGATES) {
    if (!(name in report.after.aggregates)) continue;
    rows.push([name, ...summaries(report, (s) => figure(s.aggregates[name], s.aggregateIntervals?.[name]))]);
    if (someSmall)
      rows.push([
        `  over ${large.groups} groups with >= ${large.minGroupSize} rows`,
        ...summaries(report, (s) => figure(s.largeGroups?.aggregates[name], s.largeGroups?.intervals?.[name])),
      ]);
  }
  const [, width] = extentOf(rows.map(([name]) => name.length));
  const [, cell] = extentOf(rows.flatMap(([, before, after]) => [before.length, after.length]));
  const bootstrap = report.before.bootstrap;
  const lines = [
    `${report.method} (${report.kind}), evaluated on ${report.evaluatedOn} rows (${report.after.rows}), ${report.seconds.toFixed(1)} s`,
    `${''.padEnd(width)}  ${'before'.padStart(cell)}  ${'after'.padStart(cell)}`,
    ...rows.map(([name, before, after]) => `${name.padEnd(width)}  ${before.padStart(cell)}  ${after.padStart(cell)}`),
    ...(bootstrap ? [`intervals: ${Math.round(bootstrap.level * 100)}% bootstrap percentile, ${bootstrap.resamples} resamples, seed ${bootstrap.seed}`] : []),
  ];
  const parameters = Object.entries(report.parameters).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  if (parameters.length > 0) lines.push(`parameters: ${parameters.join(' ')}`);
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  lines.push(`wrote ${report.files.predictions}`, `      ${report.files.model}`, `      ${report.files.report}`);
  return lines.join('\n') + '\n';
}

function summaries(report: MitigationReport, text: (summary: OutcomeSummary) => string): [string, string] {
  return [text(report.before), text(report.after)];
}
