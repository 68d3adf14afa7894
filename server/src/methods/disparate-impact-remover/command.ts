import { fitDisparateImpactRemover, repairRows } from './disparate-impact-remover';
import type { FeatureEncoding } from '../../engine/learners/features';
import { preprocessingCommand } from '../framework/preprocessing';
import { checkDisparateImpactRemover, DISPARATE_IMPACT_REMOVER_TRANSFORM } from './model-file';

/** Design-matrix positions of the numeric input columns (one-hot indicators are left alone). */
function numericFeatureIndices(encoding: FeatureEncoding): number[] {
  const indices: number[] = [];
  let offset = 0;
  for (const column of encoding.columns) {
    if (column.kind === 'numeric') indices.push(offset);
    offset += column.kind === 'numeric' ? 1 : column.categories.length;
  }
  return indices;
}

export const disparateImpactRemover = preprocessingCommand({
  name: 'disparate-impact-remover',
  title: 'Disparate impact remover',
  summary: "moves each numeric feature toward the groups' median quantile function (Feldman et al.; --repair-level), then fits logistic regression",
  description: "Aligns numeric features' distributions by group",
  strengthKey: 'repairLevel',
  fit: (split) => fitDisparateImpactRemover(split.trainRows, split.trainGroups, numericFeatureIndices(split.encoding), split.train.file),
  transform: repairRows,
  transformSchema: DISPARATE_IMPACT_REMOVER_TRANSFORM,
  checkTransform: checkDisparateImpactRemover,
});
