import { preprocessingCommand } from '../framework/preprocessing';
import { fitCorrelationRemover, removeCorrelation } from './correlation-remover';
import { checkCorrelationRemover, CORRELATION_REMOVER_TRANSFORM } from './model-file';

export const correlationRemover = preprocessingCommand({
  name: 'correlation-remover',
  title: 'Correlation remover',
  summary: 'replaces each feature by its residual on the centred group indicators (blended by --alpha), then fits logistic regression',
  description: "Strips the group's part out of each feature",
  strengthKey: 'alpha',
  fit: (split) => fitCorrelationRemover(split.trainRows, split.trainGroups, split.train.file),
  transform: removeCorrelation,
  transformSchema: CORRELATION_REMOVER_TRANSFORM,
  checkTransform: checkCorrelationRemover,
});
