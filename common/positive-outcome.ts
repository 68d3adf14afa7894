import { numberText, parseDecimal } from './decimal';

export type CutOperator = '>=' | '>' | '<=' | '<';

/**
 * The positive outcome of a label (and of a model's prediction): one value of it ("1", "yes",
 * ">50K"), or a cut of a numeric one: positive when the value is ≥ / > / ≤ / < a number (a grade
 * of 10 or more passes). Written everywhere as one string (`--positive ">=10"`, the saved
 * columns, the protocol, report.json) and read by parsePositive.
 */
export type PositiveOutcome = { kind: 'value'; value: string } | { kind: 'cut'; operator: CutOperator; threshold: number };

const UNICODE: Record<string, CutOperator> = { '≥': '>=', '≤': '<=' };
const OPERATOR = /^(>=|<=|≥|≤|>|<)\s*(.*)$/;

/**
 * Reads a positive outcome: an operator followed by a number is a cut (">=10", "≥ 10", "> 0.5");
 * anything else is a value, including an operator before a word (">50K" of the adult data).
 * A reversed operator before a number ("=>10") is an error naming the spelling to use.
 */
export function parsePositive(text: string): PositiveOutcome {
  const problem = positiveProblem(text);
  if (problem) throw new Error(problem);
  const parts = OPERATOR.exec(text.trim());
  const threshold = parts ? parseDecimal(parts[2]!.trim()) : Number.NaN;
  if (!parts || Number.isNaN(threshold)) return { kind: 'value', value: text };
  return { kind: 'cut', operator: UNICODE[parts[1]!] ?? (parts[1] as CutOperator), threshold };
}

/** Why a text is no positive outcome (a reversed operator, "=>10"), else undefined. */
export function positiveProblem(text: string): string | undefined {
  const reversed = /^\s*=\s*([<>])\s*(.*)$/.exec(text);
  if (reversed && !Number.isNaN(parseDecimal(reversed[2]!.trim()))) {
    return `"${text}" is not a comparison: write "${reversed[1]}=${reversed[2]!.trim()}" (positive when the value is ${reversed[1] === '>' ? 'at least' : 'at most'} ${reversed[2]!.trim()})`;
  }
  return undefined;
}

/** The cut of a positive outcome text, or undefined for a value (and for a reversed operator, which the parameters refuse). */
export function positiveCut(text: string | undefined | null): Extract<PositiveOutcome, { kind: 'cut' }> | undefined {
  if (text === undefined || text === null || positiveProblem(text) !== undefined) return undefined;
  const outcome = parsePositive(text);
  return outcome.kind === 'cut' ? outcome : undefined;
}

/** The one spelling a positive outcome is saved and reported with: the value as given, a cut as ">=10". */
export function positiveText(outcome: PositiveOutcome): string {
  return outcome.kind === 'value' ? outcome.value : `${outcome.operator}${numberText(outcome.threshold)}`;
}

/** Whether a number passes a cut. */
export function passesCut(cut: { operator: CutOperator; threshold: number }, value: number): boolean {
  switch (cut.operator) {
    case '>=':
      return value >= cut.threshold;
    case '>':
      return value > cut.threshold;
    case '<=':
      return value <= cut.threshold;
    case '<':
      return value < cut.threshold;
  }
}

const SYMBOL: Record<CutOperator, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' };

/** A cut in words for reports: "G3 ≥ 10"; undefined for a value. */
export function cutWords(label: string, positive: string): string | undefined {
  const cut = positiveCut(positive);
  return cut && `${label} ${SYMBOL[cut.operator]} ${numberText(cut.threshold)}`;
}
