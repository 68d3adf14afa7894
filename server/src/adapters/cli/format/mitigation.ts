import type { Interval, MetricIntervals, MetricValues } from '../../../../../common/reports/audit';
import { reportSharedRowsWarning } from '../../../../../common/render/shared-rows';
import type { MitigationReport, OutcomeSummary } from '../../../../../common/reports/mitigation';
import { formatInterval, formatNumber, positiveMeaning } from '../../../../../common/render/text';
import {
  featureLines,
  measuredText,
  randomizedLine,
  scoreDistancesLeftOut,
  scoreDistancesNote,
  toleranceLine,
} from '../../../../../common/render/mitigation-model';
import { EXCLUDED_MARK, EXCLUDED_NOTE, excludesEstimate } from '../../../../../common/render/table';
import { extentOf } from '../../../../../common/extent';
import { binsLine } from '../../../../../common/bins';
import { adequateGroupsLabel, allGroupsLabel, anyFewLabels } from '../../../../../common/render/set-aside';

/** Aggregates shown in the before/after summary, when the report has them. */
const SUMMARY_AGGREGATES = [
  // a regression's: what bounded group loss bounds
  'worst_group_mean_squared_error',
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
  let starred = false;
  const figure = (value: number | null | undefined, interval: Interval | null | undefined) => {
    const star = excludesEstimate(value, interval);
    starred ||= star;
    return `${formatNumber(value)} ${formatInterval(interval)}${star ? ` ${EXCLUDED_MARK}` : ''}`.trim();
  };
  const columns: Figures[] = [report.before, report.after, ...(report.change ? [report.change] : [])];
  const row = (name: string, text: (figures: Figures) => string): string[] => [name, ...columns.map(text)];
  const rows: string[][] = [row(quality, (s) => figure(s[quality], s.intervals?.[quality]))];
  // a regression's R² beside its MSE (reports before it have none)
  if (report.task === 'regression' && report.before.r2 !== undefined) rows.push(row('r2', (s) => figure(s.r2, s.intervals?.['r2'])));
  const large = report.before.largeGroups;
  const someSmall = large !== undefined && large.groups < report.before.groups.filter((g) => g.count > 0).length;
  for (const name of SUMMARY_AGGREGATES) {
    if (!(name in report.after.aggregates) || (name.endsWith('_distance') && scoreDistancesLeftOut(report))) continue;
    const overAll = (s: Figures) => figure(s.aggregates[name], s.aggregateIntervals?.[name]);
    if (!someSmall) {
      rows.push(row(name, overAll));
      continue;
    }
    // the figure over the adequately sized groups first, as the audit's aggregates have it
    rows.push(
      [name],
      row(`  over ${adequateGroupsLabel(large.groups, large, anyFewLabels(report.before.groups, large), '>=')}`, (s) =>
        figure(s.largeGroups?.aggregates[name], s.largeGroups?.intervals?.[name]),
      ),
      row(`  over ${allGroupsLabel(report.before.groups)}`, overAll),
    );
  }
  const [, width] = extentOf(rows.map(([name]) => name!.length));
  const [, cell] = extentOf(rows.flatMap(([, ...cells]) => cells.map((c) => c.length)));
  const line = ([name, ...cells]: string[]) => [name!.padEnd(width), ...cells.map((c) => c.padStart(cell))].join('  ').trimEnd();
  const bootstrap = report.before.bootstrap;
  const bins = binsLine(report.columns.bins);
  const shared = reportSharedRowsWarning(report);
  const lines = [
    `${report.method} (${report.kind}), ${report.seconds.toFixed(1)} s: ${measuredText(report)}`,
    ...(shared ? [`warning: ${shared}`] : []),
    ...(report.baseline ? [`before: ${report.baseline}`] : []),
    ...(positiveMeaning(report) ? [positiveMeaning(report)!.text] : []),
    ...(bins ? [bins] : []),
    ...featureLines(report),
    line(['', 'before', 'after', ...(report.change ? ['change'] : [])]),
    ...rows.map(line),
    ...(bootstrap
      ? [
          `intervals: ${Math.round(bootstrap.level * 100)}% bootstrap percentile, ${bootstrap.resamples} resamples, seed ${bootstrap.seed}` +
            (report.change?.bootstrap ? '; change: paired (the same resamples for before and after)' : ''),
        ]
      : []),
  ];
  const parameters = Object.entries(report.parameters).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  if (starred) lines.push(EXCLUDED_NOTE);
  const randomized = randomizedLine(report, report.after);
  if (randomized) lines.push(randomized);
  const distances = scoreDistancesNote(report).trim();
  if (distances) lines.push(distances);
  const tolerance = toleranceLine(report, report.after);
  if (tolerance) lines.push(tolerance);
  if (parameters.length > 0) lines.push(`parameters: ${parameters.join(' ')}`);
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  lines.push(`wrote ${report.files.predictions}`, `      ${report.files.model}`, `      ${report.files.report}`);
  return lines.join('\n') + '\n';
}

/** What a column of the table reads: a summary (before, after) or the change. */
type Figures = Pick<OutcomeSummary, 'accuracy' | 'mse' | 'r2' | 'aggregates' | 'intervals' | 'aggregateIntervals'> & {
  largeGroups?: { aggregates: MetricValues; intervals?: MetricIntervals };
};
