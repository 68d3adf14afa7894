import type { MitigationReport } from '../../common/reports/mitigation';
import type { ComparisonView } from '../../common/protocol';
import { tradeoffChart } from '../../common/render/charts';
import { mitigationSections } from '../../common/render/html';
import { el, rendered } from './dom';

/** A mitigation run: before/after figures, per-group rates, and its trade-off curve. */
export function mitigationView(report: MitigationReport): HTMLElement[] {
  const body = el('div');
  for (const markup of mitigationSections(report)) body.append(rendered(markup));
  return [el('h1', {}, `Mitigation: ${report.method} (${report.kind})`), body];
}

/**
 * Methods side by side: accuracy against the fairness gap, one colour per method, the Pareto
 * front drawn through its points. Clicking (or Enter on) a point opens that run's report.
 */
export function comparisonView(comparison: ComparisonView, openReport: (path: string) => void): HTMLElement[] {
  const usable = comparison.points
    .map((point, index) => ({ point, index }))
    .filter(({ point }) => point.accuracy !== null && point.fairness !== null);
  const chart = rendered(
    tradeoffChart(
      comparison.title,
      comparison.fairnessMetric,
      'accuracy',
      usable.map(({ point, index }) => ({
        series: point.method,
        x: point.fairness!,
        y: point.accuracy!,
        pareto: point.pareto,
        caption: `${point.method}, ${point.parameter} = ${point.value}: accuracy ${point.accuracy!.toFixed(3)}, ${comparison.fairnessMetric} ${point.fairness!.toFixed(3)}${point.pareto ? ' (Pareto-optimal)' : ''}`,
        ...(point.report ? { index } : {}),
      })),
      comparison.reference && comparison.reference.accuracy !== null && comparison.reference.fairness !== null ? { x: comparison.reference.fairness, y: comparison.reference.accuracy } : null,
    ),
  );
  const figure = el('figure', {}, chart);
  const open = (target: EventTarget | null) => {
    const index = (target as Element | null)?.getAttribute?.('data-index');
    const report = index ? comparison.points[Number(index)]?.report : undefined;
    if (report) openReport(report);
  };
  figure.addEventListener('click', (event) => open(event.target));
  figure.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') open(event.target);
  });
  const rows = comparison.points.map((p) =>
    el('tr', {}, el('td', {}, p.method), el('td', {}, `${p.parameter} = ${p.value}`), el('td', {}, p.accuracy?.toFixed(3) ?? '—'), el('td', {}, p.fairness?.toFixed(3) ?? '—'), el('td', {}, p.pareto ? 'yes' : '')),
  );
  return [
    el('h1', {}, comparison.title),
    figure,
    el('table', { class: 'metrics' }, el('tr', {}, ...['method', 'setting', 'accuracy', comparison.fairnessMetric, 'Pareto-optimal'].map((h) => el('th', { scope: 'col' }, h))), ...rows),
  ];
}
