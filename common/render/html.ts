import type { AuditReport, Grouping } from '../reports/audit';
import type { MitigationReport } from '../reports/mitigation';
import { describeRun, FOUR_FIFTHS_CAVEAT, formatInterval, formatNumber, keyAggregates, keyMetrics } from './text';
import { groupingCharts } from './audit-charts';
import { barChart, cdfChart, tradeoffChart } from './charts';
import { CHART_CSS, EXPORT_THEME_CSS } from './styles';
import { element, text } from './svg';

/**
 * A self-contained HTML report: inline CSS and SVG, no script, nothing loaded from anywhere, every
 * string from the data escaped. Used by `parity audit --format html` and the panel's Export.
 */
export function renderAuditHtml(report: AuditReport): string {
  const body = [
    element('h1', {}, text(`Fairness audit: ${report.file}`)),
    element('ul', {}, ...describeRun(report).map((line) => element('li', {}, text(line)))),
    ...report.groupings.map((grouping) => groupingSection(report, grouping)),
    report.warnings.length > 0 ? element('section', {}, element('h2', {}, 'Warnings'), element('ul', {}, ...report.warnings.map((w) => element('li', {}, text(w.line !== undefined ? `line ${w.line}: ${w.message}` : w.message))))) : '',
    element('p', { class: 'caveat' }, text(FOUR_FIFTHS_CAVEAT)),
  ];
  return page(`Parity audit: ${report.file}`, body);
}

function groupingSection(report: AuditReport, grouping: Grouping): string {
  const metrics = keyMetrics(report);
  const cell = (value: number | null | undefined, interval: [number, number] | null | undefined, note?: string) =>
    value === null || value === undefined
      ? element('td', { class: 'missing', title: note }, '—')
      : element('td', {}, text(formatNumber(value)), interval ? element('span', { class: 'ci' }, text(` ${formatInterval(interval)}`)) : '');
  const header = element('tr', {}, element('th', {}, text(grouping.by.join(' × '))), ...metrics.map((m) => element('th', { title: m.name }, text(m.header))), element('th', {}, 'four-fifths flags'));
  const rows = grouping.groups.map((group) =>
    element(
      'tr',
      {},
      element('td', group.small ? { class: 'small-group', title: `fewer than ${report.minGroupSize} rows: too small to judge` } : {}, text(Object.values(group.key).join(' & '))),
      ...metrics.map((m) => cell(group.metrics[m.name], m.name === 'count' ? null : group.intervals[m.name], group.notes[m.name])),
      element('td', { class: 'flag' }, text(group.flagged.map((m) => m + (group.supported.includes(m) ? '*' : '')).join(', '))),
    ),
  );
  const overall = element('tr', {}, element('td', {}, element('b', {}, 'overall')), ...metrics.map((m) => cell(grouping.overall.metrics[m.name], m.name === 'count' ? null : grouping.overall.intervals[m.name])), element('td', {}, ''));
  const aggregates = keyAggregates(grouping).map((name) =>
    element('tr', {}, element('td', {}, text(name)), cell(grouping.aggregates[name], grouping.aggregateIntervals[name], grouping.aggregateNotes[name]), element('td', { class: 'missing' }, text(grouping.aggregateNotes[name] ?? ''))),
  );
  return element(
    'section',
    {},
    element('h2', {}, text(`By ${grouping.by.join(' × ')}`)),
    element('div', { class: 'table-scroll' }, element('table', { class: 'metrics' }, header, ...rows, overall)),
    element('table', { class: 'metrics' }, element('tr', {}, element('th', {}, 'aggregate'), element('th', {}, 'value [interval]'), element('th', {}, 'note')), ...aggregates),
    element('div', { class: 'charts' }, ...groupingCharts(report, grouping)),
  );
}

/** The mitigation's before/after figures, its per-group rates and its trade-off curve. */
export function renderMitigationHtml(report: MitigationReport): string {
  const body = [element('h1', {}, text(`Mitigation: ${report.method} (${report.kind})`)), ...mitigationSections(report)];
  return page(`Parity mitigation: ${report.method}`, body);
}

export function mitigationSections(report: MitigationReport): string[] {
  const quality = report.task === 'classification' ? 'accuracy' : 'mse';
  const names = [quality, ...Object.keys(report.after.aggregates).filter((name) => /^(demographic_parity|equal_opportunity|equalized_odds)_(difference|ratio)$|^(ks|wasserstein)_distance$/.test(name))];
  const value = (summary: MitigationReport['before'], name: string) => (name === quality ? summary[quality] : summary.aggregates[name]);
  const rows = names.map((name) => element('tr', {}, element('td', {}, text(name)), element('td', {}, text(formatNumber(value(report.before, name)))), element('td', {}, text(formatNumber(value(report.after, name))))));
  const metric = report.task === 'classification' ? 'selection_rate' : 'mean_prediction';
  const bars = barChart(
    `${metric.replace(/_/g, ' ')}: before (top) and after (bottom) per group`,
    report.before.groups.flatMap((group) => {
      const after = report.after.groups.find((g) => g.group === group.group);
      return [
        { label: `${group.group} · before`, value: group.metrics[metric] ?? null, interval: null, small: true },
        { label: `${group.group} · after`, value: after?.metrics[metric] ?? null, interval: null },
      ];
    }),
  );
  const what = report.task === 'regression' ? 'prediction' : 'score';
  const cdfs = (['before', 'after'] as const)
    .filter((side) => report[side].groups.some((g) => g.quantiles && g.quantiles.length > 0))
    .map((side) => cdfChart(`${what} distribution by group, ${side}`, what, report[side].groups.map((g) => ({ label: g.group, quantiles: g.quantiles ?? [] })).filter((s) => s.quantiles.length > 0)));
  const sections = [
    element('p', {}, text(`Evaluated on the ${report.evaluatedOn} rows (${report.after.rows}); fitted in ${report.seconds.toFixed(1)} s.`)),
    element('table', { class: 'metrics' }, element('tr', {}, element('th', {}, 'metric'), element('th', {}, 'before'), element('th', {}, 'after')), ...rows),
    element('div', { class: 'charts' }, bars, ...cdfs),
  ];
  if (report.tradeoff.length > 0) {
    const fairness = report.task === 'classification' ? 'demographic_parity_difference' : 'ks_distance';
    const points = report.tradeoff
      .map((p) => ({ p, x: p.aggregates[fairness], y: report.task === 'classification' ? p.accuracy : p.mse === null || p.mse === undefined ? null : -p.mse }))
      .filter((d): d is { p: typeof d.p; x: number; y: number } => typeof d.x === 'number' && typeof d.y === 'number')
      .map(({ p, x, y }) => ({ series: report.method, x, y, pareto: false, caption: `${p.parameter} = ${p.value}: ${fairness} ${x.toFixed(3)}` }));
    if (points.length > 0) sections.push(tradeoffChart(`trade-off over ${report.tradeoff[0]!.parameter}`, fairness, report.task === 'classification' ? 'accuracy' : '−MSE', points));
  }
  if (report.warnings.length > 0) sections.push(element('ul', {}, ...report.warnings.map((w) => element('li', {}, text(w)))));
  return sections;
}

function page(title: string, body: string[]): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(title)}</title>
<style>${EXPORT_THEME_CSS}${CHART_CSS}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
