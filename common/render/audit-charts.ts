import { LABEL_CONDITIONED_METRICS, type AuditReport, type Grouping } from '../reports/audit';
import { groupName, listedGroups, referenceGroup } from './audit-model';
import { barChart, cdfChart, distributionSeries } from './charts';
import { metricName } from './metric-names';
import { anyFewLabels, setAsideForLabels } from './set-aside';

/** Per-group metrics drawn as bar charts, by task (the tables show more). */
const CHART_METRICS: Record<AuditReport['task'], string[]> = {
  classification: ['selection_rate', 'true_positive_rate', 'false_positive_rate', 'positive_predictive_value', 'accuracy'],
  multiclass: ['accuracy', 'macro_true_positive_rate', 'macro_positive_predictive_value'],
  regression: ['mean_prediction', 'mean_absolute_error', 'root_mean_squared_error'],
  dataset: ['representation', 'base_rate', 'selection_rate', 'label_mean'],
};

/** What the bars, whiskers, dashed line, the reference's frame and hollow bars mean, shown above the charts: one word for each cue. */
export function chartsKey(report: AuditReport, grouping: Grouping, chosenReference: string | undefined): string {
  const b = report.bootstrap;
  const reference = groupName(grouping.groups[referenceGroup(grouping, chosenReference).index]!);
  const parts = [
    b.resamples > 0 ? `Whiskers: ${Math.round(b.level * 100)}% bootstrap interval of each group's value.` : 'No intervals (bootstrap off).',
    'Dashed line: the value over all rows together.',
    `"${reference}" is the reference group: labelled "(reference)", its bar framed in the text colour and its line drawn thicker.`,
  ];
  const fewLabels = anyFewLabels(grouping.groups, report);
  if (grouping.groups.some((group) => group.small && group.count > 0) || fewLabels)
    parts.push(
      `Hollow dashed bars: groups under ${report.minGroupSize} rows${fewLabels ? `, and the rates conditioned on the label (TPR, FPR) of groups with fewer than ${report.minLabelCount} rows with a positive or a negative label` : ''}, too small to judge.`,
    );
  return parts.join(' ');
}

/** The charts of one grouping, as SVG markup: bars with intervals per metric, then the CDFs; the reference group marked. */
export function groupingCharts(report: AuditReport, grouping: Grouping, chosenReference: string | undefined): string[] {
  const reference = referenceGroup(grouping, chosenReference).index;
  const listed = listedGroups(report, grouping);
  const charts = CHART_METRICS[report.task]
    .filter((metric) => grouping.groups.some((group) => group.metrics[metric] !== undefined))
    .map((metric) =>
      barChart(
        metricName(metric).label,
        listed.map(({ group, index }) => ({
          label: groupName(group),
          value: group.metrics[metric] ?? null,
          interval: group.intervals[metric] ?? null,
          // a group with few rows of a label value: hollow on the rates conditioned on it only
          small: group.small || (setAsideForLabels(group, report) && LABEL_CONDITIONED_METRICS.includes(metric)),
          reference: index === reference,
        })),
        // the overall share of rows is 1 by definition: no line to compare the groups with (cold try 10)
        metric === 'representation' ? undefined : grouping.overall.metrics[metric],
      ),
    );
  const distributions = grouping.distributions;
  if (distributions && distributions.some((d) => d.length > 0)) {
    const what = report.task === 'regression' ? `prediction (${report.columns.prediction ?? ''})` : `score (${report.columns.score ?? ''})`;
    const drawn = distributionSeries(
      `Distribution of the ${what} by group`,
      listed
        .map(({ group, index }) => ({ label: groupName(group), quantiles: distributions[index] ?? [], reference: index === reference, rows: group.count }))
        .filter((s) => s.quantiles.length > 0),
      report.minGroupSize,
    );
    charts.push(cdfChart(drawn.title, what, drawn.series));
  }
  return charts;
}
