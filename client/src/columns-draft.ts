import type { AuditRequestOptions, ColumnsResult } from '../../common/protocol';
import type { PositiveMeans } from '../../common/reports/audit';
import { POSITIVE_MEANS_WORDS } from '../../common/render/text';
import { keptReferences, referenceEntries, referencesOf } from './reference-groups';
import { offersCut, positiveSummary } from './positive-choice';
import { positiveMeansNoun, positiveMeansTitle } from './positive-noun';

/**
 * What Configure Columns holds while the user reviews a file's roles, without the editor: where
 * it starts (the saved choice, else the inferred roles), the summary's rows, and the options it
 * saves. "(none)" is null: a role left out on purpose stays out.
 */
export interface ColumnsDraft {
  label: string | null;
  positive: string | undefined;
  prediction: string | null;
  score: string | null;
  threshold: number | undefined;
  sensitive: string[];
  /** Reference group per sensitive column; a column without one is compared with its largest group. */
  reference: Record<string, string>;
  positiveMeans: PositiveMeans | null;
}

export type DraftRole = 'label' | 'positive' | 'prediction' | 'score' | 'threshold' | 'sensitive' | 'reference' | 'positiveMeans';

type Column = ColumnsResult['columns'][number];

/**
 * The draft Configure Columns starts on. A configuration saved there is exact: its "(none)" stays
 * none rather than falling back to inference; a partial one (a positive value or threshold chosen
 * in a fix) keeps the inferred roles beside it.
 */
export function startingDraft(saved: AuditRequestOptions | undefined, found: ColumnsResult): ColumnsDraft {
  const inferred = (role: string) => found.inferred.filter((r) => r.role === role).map((r) => r.column);
  const start = (role: 'label' | 'prediction' | 'score', fallback?: string): string | null =>
    saved?.exactRoles ? (saved[role] ?? null) : (saved?.[role] ?? inferred(role)[0] ?? fallback ?? null);
  const prediction = start('prediction');
  const score = start('score');
  // no name says which column is the label: the one suggested, shown as suggested; not a decision
  // the draft starts on as the prediction ("detained"): its audit without a label stays as inferred
  const suggested = found.suggestedLabel?.column;
  const sensitive = saved?.sensitive ?? inferred('sensitive');
  const groupsOf = (name: string) => found.columns.find((column) => column.name === name)?.groups?.map((group) => group.value);
  return {
    label: start('label', suggested !== prediction && suggested !== score ? suggested : undefined),
    positive: saved?.positive,
    prediction,
    score,
    threshold: saved?.threshold,
    sensitive,
    // a saved reference to a group the file no longer has would mislead the audit
    reference: keptReferences(referencesOf(saved), sensitive, groupsOf),
    positiveMeans: saved?.positiveMeans ?? null,
  };
}

export interface SummaryRow {
  role: DraftRole;
  label: string;
  /** The current value. */
  value: string;
  /** Where the value comes from: changed now, saved, or inferred (and why). */
  source: string;
}

/**
 * One row per role that applies to the draft now: the positive value only with a label, the
 * threshold only for a score without a prediction, reference groups only when a sensitive column's
 * groups are known, what a positive prediction means only with a positive value.
 */
export function summaryRows(draft: ColumnsDraft, found: ColumnsResult, changed: ReadonlySet<DraftRole>, saved: AuditRequestOptions | undefined): SummaryRow[] {
  const byName = new Map(found.columns.map((column) => [column.name, column]));
  const reason = (role: string, column: string | null) => found.inferred.find((r) => r.role === role && r.column === column)?.reason;
  const source = (role: DraftRole, inferred?: string): string => {
    if (changed.has(role)) return 'changed';
    if (saved?.exactRoles || saved?.[role] !== undefined) return 'saved';
    return inferred ? `inferred: ${inferred}` : '';
  };
  const label = draft.label === null ? undefined : byName.get(draft.label);
  const score = draft.score === null ? undefined : byName.get(draft.score);
  const positive = draft.positive ?? label?.positive;
  const rows: SummaryRow[] = [
    {
      role: 'label',
      label: 'Label (true outcome)',
      value: shown(draft.label),
      source: labelSource(draft, found, source('label', reason('label', draft.label))),
    },
  ];
  if (label && ((label.values && label.values.length > 0) || offersCut(label)))
    rows.push({
      role: 'positive',
      label: 'Positive value',
      value: positive === undefined ? 'not inferred: choose one' : positiveSummary(label.name, positive),
      source: source('positive', draft.positive === undefined && positive !== undefined ? `from the values of ${label.name}` : undefined),
    });
  rows.push(
    { role: 'prediction', label: 'Prediction', value: shown(draft.prediction), source: source('prediction', reason('prediction', draft.prediction)) },
    { role: 'score', label: 'Score', value: shown(draft.score), source: source('score', reason('score', draft.score)) },
  );
  if (score && draft.prediction === null)
    rows.push({ role: 'threshold', label: 'Decision threshold', value: thresholdText(draft, score), source: source('threshold') });
  rows.push({
    role: 'sensitive',
    label: 'Sensitive attributes',
    value: draft.sensitive.length > 0 ? draft.sensitive.join(', ') : '(none): choose at least one',
    // one reason fits the line; several columns share one
    source: source('sensitive', draft.sensitive.length === 1 ? reason('sensitive', draft.sensitive[0]!) : sensitiveReason(draft.sensitive, found)),
  });
  if (draft.sensitive.some((name) => (byName.get(name)?.groups?.length ?? 0) > 1))
    rows.push({
      role: 'reference',
      label: 'Reference groups',
      value: referencesText(draft),
      source: source('reference'),
    });
  if ((draft.label !== null && positive !== undefined) || (draft.label === null && decisionCondition(draft, byName) !== undefined))
    rows.push({
      role: 'positiveMeans',
      label: positiveMeansTitle(positiveMeansNoun(draft)),
      value: draft.positiveMeans === null ? 'not stated' : POSITIVE_MEANS_WORDS[draft.positiveMeans],
      source: source('positiveMeans'),
    });
  return rows;
}

/**
 * Without a label, what a positive decision is ("approved = yes", "score ≥ 0.7"): the audit then
 * compares the decisions' selection rates, so whether one is favourable still matters.
 */
export function decisionCondition(
  draft: Pick<ColumnsDraft, 'prediction' | 'score' | 'threshold'>,
  byName: ReadonlyMap<string, Pick<Column, 'positive'>>,
): string | undefined {
  if (draft.prediction !== null) {
    const positive = byName.get(draft.prediction)?.positive;
    return positive === undefined ? undefined : `${draft.prediction} = ${positive}`;
  }
  if (draft.score !== null && draft.threshold !== undefined) return `${draft.score} ≥ ${draft.threshold}`;
  return undefined;
}

/** The label row's source: a suggested label (no name said which) says so, and why. */
function labelSource(draft: ColumnsDraft, found: ColumnsResult, source: string): string {
  const suggested = found.suggestedLabel;
  return source === '' && suggested !== undefined && draft.label === suggested.column ? `suggested: ${suggested.reason}` : source;
}

/** "from their names" when every sensitive column was inferred from its name. */
function sensitiveReason(sensitive: readonly string[], found: ColumnsResult): string | undefined {
  const inferred = sensitive.filter((name) => found.inferred.some((r) => r.role === 'sensitive' && r.column === name));
  return inferred.length === 0 ? undefined : inferred.length === sensitive.length ? 'from their names' : `${inferred.join(', ')} from their names`;
}

/** The chosen reference groups, the others named once: "race: Caucasian; the others: largest group". */
function referencesText(draft: ColumnsDraft): string {
  const chosen = draft.sensitive.filter((name) => draft.reference[name] !== undefined).map((name) => `${name}: ${draft.reference[name]}`);
  if (chosen.length === 0) return draft.sensitive.length === 1 ? 'largest group' : 'largest group of each';
  return chosen.length === draft.sensitive.length ? chosen.join('; ') : `${chosen.join('; ')}; the others: largest group`;
}

function shown(column: string | null): string {
  return column === null ? '(none)' : column;
}

function thresholdText(draft: ColumnsDraft, score: Column): string {
  if (draft.threshold !== undefined) return `${score.name} ≥ ${draft.threshold}`;
  const probability = score.min !== undefined && score.max !== undefined && score.min >= 0 && score.max <= 1;
  return probability ? `${score.name} ≥ 0.5 (default for a probability)` : 'not set: asked at the audit';
}

/** The options Configure Columns saves: every role explicit, so "(none)" sticks. */
export function draftOptions(draft: ColumnsDraft): AuditRequestOptions {
  const reference = referenceEntries(draft.reference, draft.sensitive);
  return {
    ...(draft.label !== null ? { label: draft.label } : {}),
    ...(draft.label !== null && draft.positive !== undefined ? { positive: draft.positive } : {}),
    // whether a positive decision helps or harms matters with or without the label
    ...((draft.label !== null || draft.prediction !== null || draft.score !== null) && draft.positiveMeans !== null
      ? { positiveMeans: draft.positiveMeans }
      : {}),
    ...(draft.prediction !== null ? { prediction: draft.prediction } : {}),
    ...(draft.score !== null ? { score: draft.score } : {}),
    ...(draft.score !== null && draft.prediction === null && draft.threshold !== undefined ? { threshold: draft.threshold } : {}),
    sensitive: draft.sensitive,
    ...(reference.length > 0 ? { reference } : {}),
    exactRoles: true,
  };
}

/**
 * A role the audit cannot do without, as the server would refuse it: caught before saving, with the
 * row to pick. A model output without the label is no such case: its decisions' selection rates are audited.
 */
export function missingRole(draft: ColumnsDraft): { role: DraftRole; message: string } | undefined {
  if (draft.sensitive.length === 0) return { role: 'sensitive', message: 'choose at least one sensitive attribute: the audit compares its groups.' };
  return undefined;
}

/**
 * A column picked for one of the label, prediction and score: a column plays one role, so one
 * that held another leaves it ("detained", inferred as the decision, picked as the true outcome).
 */
export function pickedRole(
  draft: Pick<ColumnsDraft, 'label' | 'prediction' | 'score'>,
  key: 'label' | 'prediction' | 'score',
  picked: string | null,
): Partial<ColumnsDraft> {
  const others = (['label', 'prediction', 'score'] as const).filter((role) => role !== key && picked !== null && draft[role] === picked);
  return { [key]: picked, ...Object.fromEntries(others.map((role) => [role, null])) };
}
