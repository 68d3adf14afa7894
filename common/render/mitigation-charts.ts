import type { MitigationReport, OutcomeSummary } from '../reports/mitigation';
import { barChart, cdfChart } from './charts';
import { metricName } from './metric-names';

/** Per-group bars before and after, and the score (or prediction) distributions where the summaries have them. */
export function mitigationCharts(report: MitigationReport, after: OutcomeSummary): string[] {
  const metric = report.task === 'classification' ? 'selection_rate' : 'mean_prediction';
  const bars = barChart(
    `${metricName(metric).label}: before (grey) and after, per group`,
    report.before.groups.flatMap((group) => {
      const other = after.groups.find((g) => g.group === group.group);
      return [
        { label: `${group.group} · before`, value: group.metrics[metric] ?? null, interval: null, small: true },
        { label: `${group.group} · after`, value: other?.metrics[metric] ?? null, interval: null },
      ];
    }),
  );
  const what = report.task === 'regression' ? 'prediction' : 'score';
  const sides: [string, OutcomeSummary][] = [
    ['before', report.before],
    ['after', after],
  ];
  const cdfs = sides
    .filter(([, summary]) => summary.groups.some((g) => g.quantiles && g.quantiles.length > 0))
    .map(([side, summary]) => cdfChart(`${what} distribution by group, ${side}`, what, summary.groups.map((g) => ({ label: g.group, quantiles: g.quantiles ?? [] })).filter((s) => s.quantiles.length > 0)));
  return [bars, ...cdfs];
}
