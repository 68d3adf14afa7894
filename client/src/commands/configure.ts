import * as path from 'node:path';
import * as vscode from 'vscode';
import { suggestedThreshold, thresholdProblem } from '../../../common/input-errors';
import type { ParameterSchema } from '../../../common/params';
import { AuditRequestOptions, ColumnsRequest, ColumnsResult, FileColumnsNotification, ParametersRequest } from '../../../common/protocol';
import type { PositiveMeans, ResolvedColumns } from '../../../common/reports/audit';
import { columnDescription, disadvantagedGroups } from '../../../common/render/text';
import { rewordedAudit } from '../audit-wording';
import type { ParityContext } from '../context';
import { ReportPanel } from '../panel';
import { ColumnsDraft, decisionCondition, draftOptions, DraftRole, missingRole, pickedRole, startingDraft, summaryRows } from '../columns-draft';
import { positiveMeansNoun, positiveMeansTitle, type PositiveNoun } from '../positive-noun';
import { Answer, BACK, Choice, inputText, pickMany, pickOne, runSteps, Skipped, type Step } from '../quick-input';
import { suggestedDescription, suggestedFirst } from '../label-suggestion';
import { columnsSummaryParts, keptReferences } from '../reference-groups';
import { toastText } from '../toast-text';
import { plainObject, targetFile } from './target';
import { requestTarget } from '../connections';
import { askPositive } from './positive-step';
import { offersCut } from '../positive-choice';
import { cutWords } from '../../../common/positive-outcome';

type Column = ColumnsResult['columns'][number];
type Draft = ColumnsDraft;

/** "(none)" in a role's list: a role left out on purpose stays out (nothing is inferred for it). */
const NONE = null;

/**
 * Parity: Configure Columns. First a summary of the file's roles (label, positive value,
 * prediction, score, threshold, sensitive attributes, reference groups, what a positive
 * prediction means), each as saved, else inferred, with "Use these" first: Enter keeps them all.
 * Picking a role asks it (and what depends on it: a new label's positive value, a new score's
 * threshold), starting on the current value so Enter keeps it, then returns to the summary. The
 * result is remembered per file with every role explicit ("(none)" sticks), used by the audit,
 * the mitigations and the file's diagnostics, and confirmed in a message. `given` (a keybinding,
 * a task, a test) sets the columns without asking; the server checks them.
 */
export async function configureColumns(context: ParityContext, target: unknown, given?: unknown, problem?: string): Promise<AuditRequestOptions | undefined> {
  const uri = await targetFile(target, 'the file whose columns to configure', 'table');
  if (!uri) return undefined;
  const preset = plainObject(given) as AuditRequestOptions | undefined;
  if (preset) return rememberColumns(context, uri, preset);
  const source = await requestTarget(context, uri);
  if (!source) return undefined;
  let found: ColumnsResult;
  let schema: ParameterSchema | undefined;
  try {
    [found, schema] = await Promise.all([
      context.client.sendRequest(ColumnsRequest, { uri: uri.toString(), ...source }),
      context.client.sendRequest(ParametersRequest, { command: 'audit' }).then((audit) => audit.properties.positiveMeans),
    ]);
  } catch (error) {
    void vscode.window.showErrorMessage(`Parity: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const saved = context.columns.get(uri);
  const done = await reviewColumns(`Parity: columns of ${path.basename(uri.fsPath)}`, startingDraft(saved, found), found, saved, schema, problem);
  if (!done) return undefined;
  const open = uri.scheme === 'file' ? ReportPanel.openAudit(uri.fsPath) : undefined;
  const remembered = await rememberColumns(context, uri, draftOptions(done));
  // an open audit of the file whose figures the new roles change runs again: it would show the old roles
  const rerun = open !== undefined && rolesChanged(open.report.columns, remembered);
  void confirm(uri, remembered, rerun);
  if (rerun) await vscode.commands.executeCommand('parity.auditFile', uri);
  return remembered;
}

/** Whether saved roles change an audit's figures (what a positive outcome means only rewords it). */
function rolesChanged(audited: ResolvedColumns, saved: AuditRequestOptions): boolean {
  const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));
  return (
    (saved.label ?? null) !== audited.label ||
    (saved.prediction ?? null) !== audited.prediction ||
    (saved.score ?? null) !== audited.score ||
    (saved.threshold ?? null) !== audited.threshold ||
    (saved.positive !== undefined && saved.positive !== audited.positive) ||
    !sameSet(saved.sensitive ?? [], audited.sensitive)
  );
}

/** The summary, and the questions of the roles the user picks in it, until "Use these" (or escape: undefined). */
async function reviewColumns(
  title: string,
  draft: Draft,
  found: ColumnsResult,
  saved: AuditRequestOptions | undefined,
  meaning: ParameterSchema | undefined,
  problem: string | undefined,
): Promise<Draft | undefined> {
  const byName = new Map(found.columns.map((column) => [column.name, column]));
  const changed = new Set<DraftRole>();
  const questions: Record<DraftRole, Question[]> = {
    label: [(a, step) => role(step(`${title}: the true outcome (label)`), found, a, 'label'), positiveQuestion],
    positive: [positiveQuestion],
    prediction: [(a, step) => role(step(`${title}: the model's decision (prediction)`), found, a, 'prediction'), thresholdQuestion],
    score: [(a, step) => role(step(`${title}: the model's score or probability`), found, a, 'score'), thresholdQuestion],
    threshold: [thresholdQuestion],
    sensitive: [(a, step) => sensitiveStep(step(`${title}: sensitive attributes`), found, a.sensitive)],
    reference: [(a, step) => referenceStep(step(`${title}: reference group`), a, byName, found)],
    positiveMeans: [(a, step) => positiveMeansStep(step(`${title}: ${positiveMeansTitle(positiveMeansNoun(a))}`), a, byName, meaning)],
  };
  function positiveQuestion(a: Draft, step: StepOf): Promise<Answer<Partial<Draft> | Skipped<Partial<Draft>>>> {
    return positiveStep(step(`${title}: the positive outcome`), a.label === NONE ? undefined : byName.get(a.label), a.positive);
  }
  function thresholdQuestion(a: Draft, step: StepOf): Promise<Answer<Partial<Draft> | Skipped<Partial<Draft>>>> {
    return thresholdStep(step(`${title}: decision threshold`), a, byName);
  }
  let last: DraftRole | 'use' = 'use';
  for (;;) {
    const rows = summaryRows(draft, found, changed, saved);
    const picked: Answer<DraftRole | 'use'> = await pickOne<DraftRole | 'use'>(
      { title },
      [
        { label: '$(check) Use these', description: 'save the roles below', value: 'use' },
        { label: '', kind: vscode.QuickPickItemKind.Separator, value: 'use' },
        ...rows.map((row) => ({ label: row.label, description: row.value, ...(row.source ? { detail: row.source } : {}), value: row.role })),
      ],
      // opened to fix a failed audit: the summary says what failed until the user changes a role
      { placeholder: problem && changed.size === 0 ? `${problem}: pick a role to change it` : 'Enter uses these; pick a role to change it', active: last },
    );
    if (picked === undefined || picked === BACK) return undefined;
    if (picked === 'use') {
      const missing = missingRole(draft);
      if (!missing) return draft;
      void vscode.window.showWarningMessage(`Parity: ${missing.message}`);
      last = missing.role;
      continue;
    }
    // The questions work on a copy: escaping one leaves the summary as it was.
    const asked: Draft | undefined = await runSteps({ ...draft, reference: { ...draft.reference } }, questions[picked].map(numbered));
    last = asked ? 'use' : picked;
    if (!asked) continue;
    for (const key of Object.keys(asked) as (keyof Draft)[]) {
      if (JSON.stringify(asked[key]) !== JSON.stringify(draft[key])) changed.add(ROLE_OF[key]);
    }
    draft = asked;
    // A reference of a column no longer sensitive, or of a group it no longer has, would mislead the audit.
    draft.reference = keptReferences(draft.reference, draft.sensitive, (name) => byName.get(name)?.groups?.map((g) => g.value));
  }
}

/** The role whose summary row a draft field belongs to. */
const ROLE_OF: Record<keyof Draft, DraftRole> = {
  label: 'label',
  positive: 'positive',
  prediction: 'prediction',
  score: 'score',
  threshold: 'threshold',
  sensitive: 'sensitive',
  reference: 'reference',
  positiveMeans: 'positiveMeans',
};

/** A question's title with its place in a chain of several ("(1/2)"); one question alone has no count. */
type StepOf = (title: string) => Step;
type Question = (draft: Draft, step: StepOf) => Promise<Answer<Partial<Draft> | Skipped<Partial<Draft>>>>;

function numbered(question: Question): (draft: Draft, step: number, steps: number) => Promise<Answer<Partial<Draft> | Skipped<Partial<Draft>>>> {
  return (draft, step, steps) => question(draft, (title) => (steps > 1 ? { title, step, steps } : { title }));
}

/** A role's columns; the label's start with the suggested one (no name said which), marked so. */
function columnChoices(found: ColumnsResult, key: 'label' | 'prediction' | 'score'): Choice<string | null>[] {
  const suggestion = key === 'label' ? found.suggestedLabel : undefined;
  return [
    { label: '(none)', description: 'no such column', value: NONE },
    ...suggestedFirst(found.columns, suggestion).map((c) => {
      const { description, why } = suggestedDescription(c.name, columnDescription(c, found), suggestion);
      return { label: c.name, description, detail: [why, `e.g. ${c.examples.join(', ')}`].filter(Boolean).join(' · '), value: c.name };
    }),
  ];
}

async function role(step: Step, found: ColumnsResult, draft: Draft, key: 'label' | 'prediction' | 'score'): Promise<Answer<Partial<Draft>>> {
  const current = draft[key];
  const picked = await pickOne(step, columnChoices(found, key), {
    placeholder: `Enter keeps ${current === NONE ? '(none)' : `"${current}"`}`,
    active: current,
  });
  return picked === undefined || picked === BACK ? picked : pickedRole(draft, key, picked);
}

async function positiveStep(step: Step, label: Column | undefined, current: string | undefined): Promise<Answer<Partial<Draft> | Skipped<Partial<Draft>>>> {
  if (!label || (!label.values?.length && !offersCut(label))) return new Skipped({ positive: undefined });
  const picked = await askPositive<never>(step, label, current);
  return picked === undefined || picked === BACK ? picked : { positive: picked };
}

async function thresholdStep(step: Step, draft: Draft, byName: Map<string, Column>): Promise<Answer<Partial<Draft> | Skipped<Partial<Draft>>>> {
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

async function sensitiveStep(step: Step, found: ColumnsResult, current: readonly string[]): Promise<Answer<Partial<Draft>>> {
  for (;;) {
    const picked = await pickMany(
      step,
      found.columns.map((c) => ({ label: c.name, description: columnDescription(c, found), value: c.name })),
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
  step: Step,
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

/**
 * What a positive prediction means for the person it is about, in plain words: its choices are
 * the schema's (`positiveMeans` of the audit), each with who it puts at a disadvantage; "Not
 * stated" leaves reports silent on it. Asked when the label has a positive value, or without a label when the decision has one.
 */
export async function positiveMeansStep(
  step: Step,
  draft: Pick<Draft, 'label' | 'positive' | 'positiveMeans' | 'prediction' | 'score' | 'threshold'>,
  byName: ReadonlyMap<string, Column>,
  property: ParameterSchema | undefined,
  noun: PositiveNoun = positiveMeansNoun(draft),
): Promise<Answer<Partial<Draft> | Skipped<Partial<Draft>>>> {
  const positive = draft.positive ?? (draft.label === NONE ? undefined : byName.get(draft.label)?.positive);
  // without the label, the decision itself (its selection rates are audited); a label alone: its base rates
  const condition =
    draft.label === NONE
      ? decisionCondition(draft, byName)
      : positive === undefined
        ? undefined
        : (cutWords(draft.label, positive) ?? `${draft.label} = ${positive}`);
  if (condition === undefined) return new Skipped({});
  const values = (property?.enum ?? ['benefit', 'harm']) as PositiveMeans[];
  const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  const picked = await pickOne<PositiveMeans | null>(
    step,
    [
      ...values.map((value) => ({
        label: capitalized(property?.choices?.[value] ?? value),
        detail: disadvantagedGroups(value, noun === 'label' ? 'base rate' : 'selection rate'),
        value: value as PositiveMeans | null,
      })),
      { label: 'Not stated', detail: 'reports do not say which groups are disadvantaged', value: null },
    ],
    {
      placeholder: `for the person it is about, is the ${noun} ${condition} favourable or harmful?`,
      active: draft.positiveMeans,
    },
  );
  return picked === undefined || picked === BACK ? picked : { positiveMeans: picked };
}

/** Saves a file's columns and tells the server (its diagnostics follow them at once). */
/**
 * Saves a file's columns, tells the server, and rewords the file's open audit when only what a
 * positive outcome means changed (from Configure Columns, or from Set… in a mitigation panel of
 * that file: a cold try saw the audit stay "not stated" after the mitigation's answer).
 */
export async function rememberColumns(context: ParityContext, uri: vscode.Uri, options: AuditRequestOptions): Promise<AuditRequestOptions> {
  await context.columns.set(uri, options);
  await context.client.sendNotification(FileColumnsNotification, { uri: uri.toString(), options });
  context.log.info(`columns of ${uri.fsPath}: ${JSON.stringify(options)}`);
  await rewordOpenAudit(uri, options);
  return options;
}

/** The file's open audit panel, worded by the saved meaning of a positive outcome (other roles need Audit Now). */
async function rewordOpenAudit(uri: vscode.Uri, saved: AuditRequestOptions): Promise<void> {
  const open = uri.scheme === 'file' ? ReportPanel.openAudit(uri.fsPath) : undefined;
  const reworded = open && rewordedAudit(open, saved);
  if (reworded) await ReportPanel.refresh(reworded);
}

/** Says what was saved, in words, with the next step as a button. */
async function confirm(uri: vscode.Uri, options: AuditRequestOptions, auditing: boolean): Promise<void> {
  // where the answer lives, since no file of the workspace changes: VS Code's storage for this workspace
  // the roles first; where they are kept (this workspace's storage: no file changes) only when it fits
  const head = `Parity: ${path.basename(uri.fsPath)}: `;
  if (auditing) {
    void vscode.window.showInformationMessage(toastText(head, columnsSummaryParts(options), 'Its open audit runs again.'));
    return;
  }
  const action = await vscode.window.showInformationMessage(toastText(head, columnsSummaryParts(options), 'Kept in this workspace.'), 'Audit Now');
  if (action === 'Audit Now') await vscode.commands.executeCommand('parity.auditFile', uri);
}
