import * as vscode from 'vscode';
import { cutWords, positiveCut, type CutOperator } from '../../../common/positive-outcome';
import { cutFromNumber, offersCut, suggestedCut, typedPositive, type LabelValues, type PositiveAnswer } from '../positive-choice';
import { Answer, BACK, Choice, inputText, pickOne, type Step } from '../quick-input';

/** A choice of the question: a positive outcome, a cut whose number is asked next, or a problem with what was typed. */
type Picked = PositiveAnswer | { ask: CutOperator };

const SYMBOL: Record<'>=' | '>', string> = { '>=': '≥', '>': '>' };

/**
 * Asks a label's positive outcome. A numeric label of several values (a 0–20 grade) is offered
 * first "Positive when G3 is at least…" and "… is above…" (then the number, its median suggested),
 * then its values; a cut typed in the filter (">=10", "≥ 10") is taken as it is. `lead` choices come
 * first (the guided run's "(inferred)"). Resolves to the saved text (a value, or a cut as ">=10").
 */
export async function askPositive<L>(
  step: Step,
  label: LabelValues & { positive?: string | undefined },
  current: string | undefined,
  lead: readonly Choice<L>[] = [],
  leadActive?: L,
): Promise<Answer<string | L>> {
  const cut = offersCut(label);
  const savedCut = positiveCut(current) ? current : undefined;
  const saved: Choice<Picked> | undefined =
    savedCut === undefined ? undefined : { label: `Positive when ${cutWords(label.name, savedCut)}`, description: 'as saved', value: { positive: savedCut } };
  const asks = (['>=', '>'] as const).map((operator) => ({
    label: `Positive when ${label.name} is ${operator === '>=' ? 'at least' : 'above'}…`,
    description: operator === '>=' ? `${label.name} ≥ a number you type, e.g. a pass mark` : `${label.name} > a number you type`,
    value: { ask: operator } as Picked,
  }));
  const values = (label.values ?? []).map((value) => ({
    label: value,
    description: value === label.positive ? 'inferred' : '',
    value: { positive: value } as Picked,
  }));
  const items: Choice<Picked | L>[] = [
    ...lead,
    ...(saved ? [saved] : []),
    ...(cut ? [...asks, ...(values.length > 0 ? [{ label: 'values', kind: vscode.QuickPickItemKind.Separator, value: asks[0]!.value }] : [])] : []),
    ...values,
  ];
  const kept = current ?? label.positive;
  const active: Picked | L | undefined =
    saved?.value ?? values.find((v) => v.label === kept)?.value ?? (leadActive !== undefined ? leadActive : cut ? asks[0]!.value : undefined);
  // Nothing inferred, saved or offered first: no value is highlighted, so Enter cannot pick one the user never chose ("<=50K" of Adult)
  const unchosen = active === undefined;
  // "positive", not "favourable": the outcome whose rates are compared (two_year_recid = 1 is harmful; Set… asks which)
  const enter = unchosen ? 'None can be inferred: pick one' : `Enter keeps "${items.find((item) => item.value === active)?.label ?? kept}"`;
  const placeholder = cut
    ? `when is ${label.name} positive? Pick a cut or a value, or type one such as >=${suggestedCut(label)}`
    : `which value of "${label.name}" is positive? ${enter}`;
  for (;;) {
    const picked = await pickOne<Picked | L>(step, items, {
      placeholder,
      ...(unchosen ? { noneActive: true } : { active }),
      typed: (text) => typedChoice(text, label),
    });
    if (picked === undefined || picked === BACK || !isPicked(picked)) return picked as Answer<L>;
    if ('positive' in picked) return picked.positive;
    if ('problem' in picked) {
      void vscode.window.showWarningMessage(`Parity: ${picked.problem}`);
      continue;
    }
    const operator = picked.ask;
    const start = savedCut && positiveCut(savedCut)!.operator === operator ? positiveCut(savedCut)!.threshold : suggestedCut(label);
    const text = await inputText(step, {
      value: String(start),
      prompt: `Positive when ${label.name} ${SYMBOL[operator as '>=' | '>']} this number (its values run from ${label.min} to ${label.max}${label.median !== undefined ? `; median ${label.median}` : ''})`,
      validate: (typed) => {
        const answer = cutFromNumber(operator, typed, label);
        return 'problem' in answer ? answer.problem : undefined;
      },
    });
    if (text === undefined) return undefined;
    if (text === BACK) continue;
    const answer = cutFromNumber(operator, text, label);
    if ('positive' in answer) return answer.positive;
  }
}

/** The choice of a cut typed in the filter, or of why it does not do; nothing for a value (the list shows it). */
function typedChoice(text: string, label: LabelValues): Choice<Picked> | undefined {
  const answer = typedPositive(text, label);
  if (!answer) return undefined;
  if ('problem' in answer) return { label: `$(warning) ${answer.problem}`, value: answer };
  const words = cutWords(label.name, answer.positive);
  return words ? { label: `Positive when ${words}`, description: 'as typed', value: answer } : undefined;
}

function isPicked(value: unknown): value is Picked {
  return typeof value === 'object' && value !== null && ('positive' in value || 'problem' in value || 'ask' in value);
}

/**
 * The positive value asked when an audit or a run stopped without one: the column's values, none
 * highlighted unless one was chosen before, so Enter never picks "<=50K" for the user.
 */
export function pickPositiveValue(column: string, values: readonly string[], current?: string): Promise<Answer<string>> {
  const chosen = current !== undefined && values.includes(current);
  return pickOne(
    { title: `Parity: the positive outcome of "${column}"` },
    values.map((value) => ({ label: value, value })),
    {
      placeholder: `which value of "${column}" is positive? ${chosen ? `Enter keeps "${current}"` : 'None can be inferred: pick one'}`,
      ...(chosen ? { active: current } : { noneActive: true }),
    },
  );
}
