import { preprocessingCommand } from '../framework/preprocessing';
import { fitCorrelationRemover, removeCorrelation } from './correlation-remover';
import { checkCorrelationRemover, CORRELATION_REMOVER_TRANSFORM } from './model-file';

export const correlationRemover = preprocessingCommand({
  name: 'correlation-remover',
  title: 'Correlation remover',
  summary: 'replaces each feature by its residual on the centred group indicators (blended by --alpha), then fits logistic regression',
  description:
    'Repairs the training features before the model sees them: removes from each feature the part that is linearly explained by group membership (alpha blends between the original and the repaired features), then fits logistic regression.',
  strengthKey: 'alpha',
  fit: (split) => fitCorrelationRemover(split.trainRows, split.trainGroups, split.train.file),
  transform: removeCorrelation,
  transformSchema: CORRELATION_REMOVER_TRANSFORM,
  checkTransform: checkCorrelationRemover,
});
