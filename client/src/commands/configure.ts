import * as path from 'node:path';
import * as vscode from 'vscode';
import { suggestedThreshold, thresholdProblem } from '../../../common/input-errors';
import { AuditRequestOptions, ColumnsRequest, ColumnsResult, FileColumnsNotification } from '../../../common/protocol';
import type { ParityContext } from '../context';
import { Answer, BACK, Choice, inputText, pickMany, pickOne, runSteps, Skipped } from '../quick-input';
import { columnsSummary, keptReferences, referenceEntries, referencesOf } from '../reference-groups';
import { plainObject, targetFile } from './target';
import { requestTarget } from '../connections';

type Column = ColumnsResult['columns'][number];

/** "(none)" in a role's list: a role left out on purpose stays out (nothing is inferred for it). */
const NONE = null;

/**
 * Parity: Configure Columns. Steps for the label, its positive value, the prediction, the score
 * and its threshold, the sensitive attributes and the reference group of each (the group the
 * others are compared with; the largest by default); each starts on the current choice (saved, else
 * inferred), so Enter keeps it, and Back returns to the previous step. The result is remembered
 * per file with every role explicit ("(none)" sticks), used by the audit, the mitigations and
 * the file's diagnostics, and confirmed in a message. `given` (a keybinding, a task, a test)
 * sets the columns without asking; the server checks them.
 */
export async function configureColumns(context: ParityContext, target: unknown, given?: unknown): Promise<AuditRequestOptions | undefined> {
  const uri = await targetFile(target, 'the file whose columns to configure', 'table');
  if (!uri) return undefined;
  const preset = plainObject(given) as AuditRequestOptions | undefined;
  if (preset) return rememberColumns(context, uri, preset);
  const source = await requestTarget(context, uri);
  if (!source) return undefined;
  let found: ColumnsResult;
  try {
    found = await context.client.sendRequest(ColumnsRequest, { uri: uri.toString(), ...source });
  } catch (error) {
    void vscode.window.showErrorMessage(`Parity: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const saved = context.columns.get(uri);
  const inferred = (role: string) => found.inferred.filter((r) => r.role === role).map((r) => r.column);
  // A configuration saved here is exact: its "(none)" stays none rather than falling back to
  // inference. A partial one (a positive value or threshold chosen in a fix) keeps the inferred roles.
  const start = (role: 'label' | 'prediction' | 'score'): string | null =>
    saved?.exactRoles ? (saved[role] ?? NONE) : (saved?.[role] ?? inferred(role)[0] ?? NONE);
  const answers: Draft = {
    label: start('label'),
    positive: saved?.positive,
    prediction: start('prediction'),
    score: start('score'),
    threshold: saved?.threshold,
    sensitive: saved?.sensitive ?? inferred('sensitive'),
    reference: referencesOf(saved),
  };
  const title = `Parity: columns of ${path.basename(uri.fsPath)}`;
  const byName = new Map(found.columns.map((column) => [column.name, column]));
  const done = await runSteps(answers, [
    (a, step, steps) => role({ title: `${title}: the true outcome (label)`, step, steps }, found.columns, a.label, 'label'),
    (a, step, steps) => positiveStep({ title: `${title}: the positive outcome`, step, steps }, a.label === NONE ? undefined : byName.get(a.label), a.positive),
    (a, step, steps) => role({ title: `${title}: the model's decision (prediction)`, step, steps }, found.columns, a.prediction, 'prediction'),
    (a, step, steps) => role({ title: `${title}: the model's score or probability`, step, steps }, found.columns, a.score, 'score'),
    (a, step, steps) => thresholdStep({ title: `${title}: decision threshold`, step, steps }, a, byName),
    (a, step, steps) => sensitiveStep({ title: `${title}: sensitive attributes`, step, steps }, found.columns, a.sensitive),
    (a, step, steps) => referenceStep({ title: `${title}: reference group`, step, steps }, a, byName, found),
  ]);
  if (!done) return undefined;
  const reference = referenceEntries(done.reference, done.sensitive);
  const options: AuditRequestOptions = {
    ...(done.label !== NONE ? { label: done.label } : {}),
    ...(done.label !== NONE && done.positive !== undefined ? { positive: done.positive } : {}),
    ...(done.prediction !== NONE ? { prediction: done.prediction } : {}),
    ...(done.score !== NONE ? { score: done.score } : {}),
    ...(done.score !== NONE && done.prediction === NONE && done.threshold !== undefined ? { threshold: done.threshold } : {}),
    sensitive: done.sensitive,
    ...(reference.length > 0 ? { reference } : {}),
    exactRoles: true,
  };
  const remembered = await rememberColumns(context, uri, options);
  void confirm(uri, remembered);
  return remembered;
}

interface Draft {
  label: string | null;
  positive: string | undefined;
  prediction: string | null;
  score: string | null;
  threshold: number | undefined;
  sensitive: string[];
  /** Reference group per sensitive column; a column without one is compared with its largest group. */
  reference: Record<string, string>;
}

function columnChoices(columns: readonly Column[]): Choice<string | null>[] {
  return [
    { label: '(none)', description: 'no such column', value: NONE },
    ...columns.map((c) => ({
      label: c.name,
      description: `${c.kind}, ${c.distinct.toLocaleString('en-US')} values`,
      detail: `e.g. ${c.examples.join(', ')}`,
      value: c.name,
    })),
  ];
}

async function role(
  step: { title: string; step: number; steps: number },
  columns: readonly Column[],
  current: string | null,
  key: 'label' | 'prediction' | 'score',
): Promise<Answer<Partial<Draft>>> {
  const picked = await pickOne(step, columnChoices(columns), { placeholder: `Enter keeps ${current === NONE ? '(none)' : `"${current}"`}`, active: current });
  return picked === undefined || picked === BACK ? picked : { [key]: picked };
}

async function positiveStep(
  step: { title: string; step: number; steps: number },
  label: Column | undefined,
  current: string | undefined,
): Promise<Answer<Partial<Draft> | Skipped<Partial<Draft>>>> {
  const values = label?.values;
  if (!label || !values || values.length === 0) return new Skipped({ positive: undefined });
  const active = current ?? label.positive ?? values[0];
  const picked = await pickOne(
    step,
    values.map((value) => ({ label: value, description: value === label.positive ? 'inferred' : '', value })),
    { placeholder: `which value of "${label.name}" is the favourable outcome the model predicts? (Enter keeps "${active}")`, active },
  );
  return picked === undefined || picked === BACK ? picked : { positive: picked };
}

async function thresholdStep(
  step: { title: string; step: number; steps: number },
  draft: Draft,
  byName: Map<string, Column>,
): Promise<Answer<Partial<Draft> | Skipped<Partial<Draft>>>> {
  const score = draft.score === NONE ? undefined : byName.get(draft.score);
  if (!score || draft.prediction !== NONE || score.min === undefined || score.max === undefined) return new Skipped({ threshold: undefined });
  const probability = score.min >= 0 && score.max <= 1;
  const suggested = probability ? 0.5 : suggestedThreshold(score.min, score.max);
  const text = await inputText(step, {
    value: String(draft.threshold ?? suggested),
    prompt: `Predict positive when ${score.name} ≥ this number (its values run from ${score.min} to ${score.max}${probability ? '' : `; suggested ${suggested}`})`,
    validate: (value) => thresholdProblem(value, score.min!, score.max!),
  });
  return text === undefined || text === BACK ? text : { threshold: Number(text) };
}

async function sensitiveStep(
  step: { title: string; step: number; steps: number },
  columns: readonly Column[],
  current: readonly string[],
): Promise<Answer<Partial<Draft>>> {
  for (;;) {
    const picked = await pickMany(
      step,
      columns.map((c) => ({ label: c.name, description: `${c.kind}, ${c.distinct.toLocaleString('en-US')} values`, value: c.name })),
      { placeholder: 'the groups to compare; several are also crossed into intersections', picked: current },
    );
    if (picked === undefined || picked === BACK) return picked;
    if (picked.length > 0) return { sensitive: picked };
    void vscode.window.showWarningMessage('Parity: choose at least one sensitive attribute: the audit compares its groups.');
  }
}

/** "Largest group (default)" in a reference list. */
const LARGEST = null;

/**
 * One question per sensitive column whose groups are known: which group the others are compared
 * with, or the largest (Enter keeps the current choice). Back goes to the previous column, then to
 * the sensitive attributes. A reference left over from columns no longer chosen is dropped.
 */
async function referenceStep(
  step: { title: string; step: number; steps: number },
  draft: Draft,
  byName: Map<string, Column>,
  found: ColumnsResult,
): Promise<Answer<Partial<Draft> | Skipped<Partial<Draft>>>> {
  const groupsOf = (name: string) => byName.get(name)?.groups;
  const chosen = keptReferences(draft.reference, draft.sensitive, (name) => groupsOf(name)?.map((g) => g.value));
  const asked = draft.sensitive.filter((name) => (groupsOf(name)?.length ?? 0) > 1);
  if (asked.length === 0) return new Skipped({ reference: chosen });
  const rows = (count: number) =>
    found.wholeFile ? `${count.toLocaleString('en-US')} rows` : `${count.toLocaleString('en-US')} of the first ${found.rowsRead.toLocaleString('en-US')} rows`;
  for (let i = 0; i < asked.length;) {
    const name = asked[i]!;
    const groups = groupsOf(name)!;
    const current = chosen[name] ?? LARGEST;
    const picked = await pickOne<string | null>(
      { ...step, title: `${step.title} of ${name}` },
      [
        { label: 'Largest group (default)', description: `${groups[0]!.value}, ${rows(groups[0]!.rows)}`, value: LARGEST },
        ...groups.map((group) => ({ label: group.value, description: rows(group.rows), value: group.value })),
      ],
      {
        placeholder: `the group of ${name} the others are compared with (Enter keeps ${current === LARGEST ? 'the largest' : `"${current}"`})`,
        active: current,
      },
    );
    if (picked === undefined) return undefined;
    if (picked === BACK) {
      if (i === 0) return BACK;
      i--;
      continue;
    }
    if (picked === LARGEST) delete chosen[name];
    else chosen[name] = picked;
    i++;
  }
  return { reference: chosen };
}

/** Saves a file's columns and tells the server (its diagnostics follow them at once). */
export async function rememberColumns(context: ParityContext, uri: vscode.Uri, options: AuditRequestOptions): Promise<AuditRequestOptions> {
  await context.columns.set(uri, options);
  await context.client.sendNotification(FileColumnsNotification, { uri: uri.toString(), options });
  context.log.info(`columns of ${uri.fsPath}: ${JSON.stringify(options)}`);
  return options;
}

/** Says what was saved, in words, with the next step as a button. */
async function confirm(uri: vscode.Uri, options: AuditRequestOptions): Promise<void> {
  const action = await vscode.window.showInformationMessage(`Parity: ${path.basename(uri.fsPath)}: ${columnsSummary(options)}.`, 'Audit Now');
  if (action === 'Audit Now') await vscode.commands.executeCommand('parity.auditFile', uri);
}
