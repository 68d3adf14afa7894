import type { ComparisonView } from '../protocol';
import { metricName } from './metric-names';
import { figureCell, TableModel } from './table';
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
      cells: [{ text: p.method }, { text: settingText(p.parameter, p.value), sort: p.value }, figureCell(p.accuracy, null), figureCell(p.fairness, null), { text: p.pareto ? 'yes' : '', sort: p.pareto ? 1 : 0 }],
    })),
  };
}
