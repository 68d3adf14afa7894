import type { MitigationReport, OutcomeSummary } from '../reports/mitigation';
import { barChart, cdfChart, distributionSeries } from './charts';
import { metricName } from './metric-names';
import { scoreDistancesLeftOut, sizeRule } from './mitigation-model';

/** Per-group bars before and after, and the score (or prediction) distributions where the summaries have them. */
export function mitigationCharts(report: MitigationReport, after: OutcomeSummary): string[] {
  const metric = report.task === 'classification' ? 'selection_rate' : 'mean_prediction';
  const bars = barChart(
    `${metricName(metric).label}: before (hollow) and after, per group`,
    report.before.groups.flatMap((group) => {
      const other = after.groups.find((g) => g.group === group.group);
      return [
        { label: `${group.group} · before`, value: group.metrics[metric] ?? null, interval: group.intervals?.[metric] ?? null, small: true },
        { label: `${group.group} · after`, value: other?.metrics[metric] ?? null, interval: other?.intervals?.[metric] ?? null },
      ];
    }),
  );
  const what = report.task === 'regression' ? 'prediction' : 'score';
  const quantiles = (summary: OutcomeSummary) =>
    summary.groups.map((g) => ({ label: g.group, quantiles: g.quantiles ?? [], rows: g.count })).filter((s) => s.quantiles.length > 0);
  const [before, afterQuantiles] = [quantiles(report.before), quantiles(after)];
  const minRows = sizeRule(report.before).minGroupSize;
  const chart = (title: string, series: typeof before) => {
    const drawn = distributionSeries(title, series, minRows);
    return cdfChart(drawn.title, what, drawn.series);
  };
  // Methods that only change decisions (reject option, thresholds) leave the scores as they were: one chart.
  if (before.length > 0 && JSON.stringify(before) === JSON.stringify(afterQuantiles))
    return [bars, chart(`Distribution of the ${what} by group (unchanged by the method)`, before)];
  // "After" a decision without scores of its own (a reduction's mixture): its quantiles are of its chances of a positive
  // decision, not scores, and are not drawn as if they were (as the before/after table leaves out the score distances)
  const decisionOnly = scoreDistancesLeftOut(report);
  return [
    bars,
    ...(before.length > 0
      ? [chart(`Distribution of the ${what} by group, before${decisionOnly ? ' (after is a decision without scores of its own)' : ''}`, before)]
      : []),
    ...(afterQuantiles.length > 0 && !decisionOnly ? [chart(`Distribution of the ${what} by group, after`, afterQuantiles)] : []),
  ];
}
