import type { ComparisonView } from '../protocol';
import { metricName } from './metric-names';
import { figureCell, TableModel } from './table';
import { fileName } from './text';
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
        figureCell(p.accuracy, null),
        figureCell(p.fairness, null),
        { text: p.pareto ? 'yes' : '', sort: p.pareto ? 1 : 0 },
      ],
    })),
  };
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
  const test = comparison.files ? fileName(comparison.files.test) : 'the test file';
  return `Fitted: ${parts.join('; ')}. Every point is scored on ${test}.`;
}
