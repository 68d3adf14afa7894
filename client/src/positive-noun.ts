/** The columns that decide what a positive outcome is about (ColumnsDraft's, or saved options'). */
export interface OutcomeColumns {
  label: string | null;
  prediction: string | null;
  score: string | null;
}

/**
 * What the positive-meaning question is about: a model's prediction when the file has one, else
 * (a dataset audit of the label alone) the label, as the audit's header words it ("A positive label (income = >50K)").
 */
export function positiveMeansTitle(noun: PositiveNoun): string {
  return `A positive ${noun} is`;
}

export type PositiveNoun = 'prediction' | 'label';

export function positiveMeansNoun(draft: OutcomeColumns): PositiveNoun {
  return draft.label !== null && draft.prediction === null && draft.score === null ? 'label' : 'prediction';
}
