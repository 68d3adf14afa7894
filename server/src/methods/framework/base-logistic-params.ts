import { featureChoice, LABEL, SCORE } from '../../params/fragments';
import { file } from '../../params/schema';

/**
 * A score post-processing method's inputs when it may fit its own base model (base-logistic.ts):
 * a score to post-process, or none, and then the logistic regression's features. To spread after
 * SCORED_DATA_HELD_OUT (its keys keep their places). `baseModel: 'first'` marks what the editor
 * asks first for a file without model output.
 */
export function scoreOrLogistic() {
  const { audited, notFeatures, features } = featureChoice('inputs of the logistic regression, fitted when there is no --score');
  return {
    data: file('model-output file to post-process, or a labelled file to fit a logistic regression on first (without --score)', {
      title: 'Data file',
    }),
    score: SCORE.meta({
      ...SCORE.meta(),
      description: 'score / probability column to post-process (without it: the scores of a logistic regression fitted on the features)',
      editorDescription: "the model's score column (none: Parity fits a model first)",
      alternative: 'the score to post-process',
    }).optional(),
    label: LABEL.meta({ ...LABEL.meta(), baseModel: 'first' }),
    audited,
    notFeatures,
    features: features.meta({ baseModel: 'first' }),
  };
}
