import { numberText, parseDecimal } from '../../common/decimal';
import { cutWords, parsePositive, positiveProblem, positiveText, type CutOperator } from '../../common/positive-outcome';

/** What the positive-outcome question knows of the label column (ColumnsResult's column). */
export interface LabelValues {
  name: string;
  kind: string;
  distinct: number;
  values?: string[] | undefined;
  min?: number | undefined;
  max?: number | undefined;
  median?: number | undefined;
}

/** The saved positive outcome, or why the text gives none (shown to the user). */
export type PositiveAnswer = { positive: string } | { problem: string };

/** Whether the label can be cut at a number: numeric, with more than two values. */
export function offersCut(label: LabelValues): boolean {
  return label.kind === 'numeric' && label.distinct > 2 && label.min !== undefined && label.max !== undefined;
}

/**
 * What text typed in the picker's filter saves: a cut (">=10", "≥ 10", "> 0.5") of a label that
 * can be cut, or one of the label's values as spelt; undefined while it is neither (the list filters).
 */
export function typedPositive(text: string, label: LabelValues): PositiveAnswer | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const problem = positiveProblem(trimmed);
  if (problem) return { problem };
  const outcome = parsePositive(trimmed);
  if (outcome.kind === 'value') return label.values?.includes(trimmed) ? { positive: trimmed } : undefined;
  if (!offersCut(label)) return { problem: `${label.name} is not a numeric column of several values: it cannot be cut at a number` };
  return cutAnswer(outcome.operator, outcome.threshold, label);
}

/** The cut saved after "at least…" / "above…" and the number typed, or why the number does not do. */
export function cutFromNumber(operator: CutOperator, text: string, label: LabelValues): PositiveAnswer {
  const threshold = parseDecimal(text.trim());
  if (Number.isNaN(threshold)) return { problem: 'Type a number, e.g. ' + numberText(suggestedCut(label)) + '.' };
  return cutAnswer(operator, threshold, label);
}

/** A cut that leaves both outcomes among the values read (else every row would be positive, or none). */
function cutAnswer(operator: CutOperator, threshold: number, label: LabelValues): PositiveAnswer {
  const [min, max] = [label.min!, label.max!];
  const below = operator === '>=' || operator === '<' ? threshold <= min : threshold < min;
  const above = operator === '>=' || operator === '<' ? threshold > max : threshold >= max;
  if (below || above) {
    return {
      problem: `${label.name} runs from ${min} to ${max}: at ${numberText(threshold)} every row would be on one side. Choose a number inside that range.`,
    };
  }
  return { positive: positiveText({ kind: 'cut', operator, threshold }) };
}

/** The number a cut starts on: the label's median among the rows read, else the middle of its range. */
export function suggestedCut(label: LabelValues): number {
  if (label.median !== undefined) return label.median;
  if (label.min === undefined || label.max === undefined) return 0;
  // the middle of the range, to a hundredth of its width's power of ten (whole numbers at the coarsest): ZFYA's -3.35 to 3.48 gives 0.07, not 0.06499999999999995 (cold try 16)
  const decimals = Math.min(20, Math.max(0, 2 - Math.floor(Math.log10(label.max - label.min || 1))));
  return Number(((label.min + label.max) / 2).toFixed(decimals));
}

/** A positive outcome as the summary shows it: "G3 ≥ 10" for a cut, the value itself otherwise. */
export function positiveSummary(label: string, positive: string): string {
  return cutWords(label, positive) ?? positive;
}
