import type { ComparisonView } from '../protocol';
import type { Interval } from '../reports/audit';
import { metricName } from './metric-names';
import { figureCell, TableModel } from './table';
import { fileName, formatInterval } from './text';
import { settingText } from './tradeoff';

/** Every point of a comparison: method, setting, accuracy, the fairness gap, Pareto-optimal. */
export function comparisonTable(comparison: ComparisonView): TableModel {
  const fairness = metricName(comparison.fairnessMetric);
  return {
    id: 'points',
    label: 'every method and setting',
    columns: [
      { key: 'method', label: 'Method', kind: 'label', sticky: 'start' },
      { key: 'setting', label: 'Setting', kind: 'text' },
      { key: 'accuracy', label: 'Accuracy', hint: 'higher is better', kind: 'number' },
      { key: 'fairness', label: fairness.label, hint: fairness.fairer, kind: 'number', title: `${fairness.description} (${comparison.fairnessMetric})` },
      { key: 'pareto', label: 'Pareto-optimal', kind: 'text' },
    ],
    rows: comparison.points.map((p) => ({
      cells: [
        { text: p.method },
        { text: settingText(p.parameter, p.value), sort: p.value },
        figureCell(p.accuracy, p.intervals?.accuracy ?? null),
        figureCell(p.fairness, p.intervals?.fairness ?? null),
        { text: p.pareto ? 'yes' : '', sort: p.pareto ? 1 : 0 },
      ],
    })),
  };
}

/** A figure with its interval when it has one: "0.672 [0.660, 0.684]". */
function withInterval(value: number, interval: Interval | null | undefined): string {
  return interval ? `${value.toFixed(3)} ${formatInterval(interval)}` : value.toFixed(3);
}

/** The plot's tooltip of the point `comparison.points[index]`; `sameAt`: the settings of the method's other points drawn at the same place. */
export function pointTooltip(comparison: ComparisonView, index: number, sameAt: readonly string[]): { heading: string; lines: string[] } {
  const p = comparison.points[index]!;
  return {
    heading: p.method,
    lines: [
      settingText(p.parameter, p.value),
      ...figureLines(comparison, p),
      ...(p.pareto ? ['on the Pareto front'] : []),
      ...(sameAt.length > 0 ? [`same figures at ${sameAt.map((setting) => setting.replace(/^.* = /, '')).join(', ')}`] : []),
      p.report ? 'click to open this setting’s report' : 'no report to open',
    ],
  };
}

/** The tooltip of the unmitigated model: its name and figures. */
export function referenceTooltip(comparison: ComparisonView): string[] {
  return ['unmitigated logistic regression', ...(comparison.reference ? figureLines(comparison, comparison.reference) : [])];
}

/** "accuracy 0.672 [0.660, 0.684]" and the fairness gap the same way (intervals where the point has them). */
function figureLines(comparison: ComparisonView, p: NonNullable<ComparisonView['reference']>): string[] {
  if (p.accuracy === null || p.fairness === null) return [];
  return [
    `accuracy ${withInterval(p.accuracy, p.intervals?.accuracy)}`,
    `${metricName(comparison.fairnessMetric).label} ${withInterval(p.fairness, p.intervals?.fairness)}`,
  ];
}

/** What the intervals are, and the unmitigated model's figures with theirs (it has no row in the table); empty without intervals. */
export function intervalsNote(comparison: ComparisonView): string {
  const bootstrap = comparison.bootstrap;
  if (!bootstrap) return '';
  const reference = comparison.reference;
  const unmitigated =
    reference && reference.accuracy !== null && reference.fairness !== null ? ` Unmitigated model: ${figureLines(comparison, reference).join(', ')}.` : '';
  return (
    `Whiskers and bracketed figures: ${Math.round(bootstrap.level * 100)}% bootstrap percentile intervals (${bootstrap.resamples} Poisson resamples of the test rows, seed ${bootstrap.seed}) ` +
    `of the Pareto-optimal points and the unmitigated model; the other points are point estimates.${unmitigated}`
  );
}

const FITTED_ON = {
  train: 'on the training rows',
  'train-out-of-fold': "on the base model's out-of-fold scores of the training rows",
  test: 'on the test rows themselves (in-sample: their points are optimistic)',
} as const;

/** How the methods were fitted, grouped by protocol; every point is scored on the test rows. */
export function protocolNote(comparison: ComparisonView): string {
  const fitted = comparison.fittedOn ?? [];
  if (fitted.length === 0) return '';
  const parts = (Object.keys(FITTED_ON) as (keyof typeof FITTED_ON)[]).flatMap((rows) => {
    const methods = fitted.filter((f) => f.rows === rows).map((f) => f.method);
    return methods.length > 0 ? [`${methods.join(', ')} ${FITTED_ON[rows]}`] : [];
  });
  const test = comparison.scoredOn ?? (comparison.files ? fileName(comparison.files.test) : 'the test file');
  const own = comparison.ownBaselines ?? [];
  const before =
    own.length === 0
      ? ' Each method’s report measures its change from the unmitigated model.'
      : ` Each method’s report measures its change from the unmitigated model, except ${own.map((o) => `${o.method}'s, from ${o.baseline}`).join('; and ')}.`;
  return `Fitted: ${parts.join('; ')}. Every point is scored on ${test}.${comparison.ownBaselines ? before : ''}`;
}
