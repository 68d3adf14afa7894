import { manyChoicePlaceholder } from './ticked-placeholder';
import { namedChoiceRows } from './named-choices';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { columnDescription } from '../../common/render/text';
import { appliesToFile, expectedText, meetsSchema, parseParameterText, titleOf, type ParameterSchema, type ParametersSchema } from '../../common/params';
import type { LabelTask } from '../../common/method-tasks';
import type { AuditRequestOptions, ColumnsResult } from '../../common/protocol';
import { browseDataFile, workspaceDataFiles } from './commands/target';
import { fewColumns, filesWithColumns, headerColumns, heldOutColumns, heldOutFiles, sameFile } from './held-out-files';
import { labelChoiceText, labelProblemText } from './label-fit';
import { positiveShown } from './positive-value';
import { offersCut, positiveSummary } from './positive-choice';
import { askPositive } from './commands/positive-step';
import { noColumnText, notNamedText, offeredColumns } from './column-offers';
import { suggestedDescription, suggestedFirst } from './label-suggestion';
import { Answer, BACK, Choice, inputText, pickMany, pickOne, type Step } from './quick-input';
import { HELD_OUT_TEXTS, yesNoTexts } from './quick-pick-texts';
import { smallestGroupLine, type UntickedNote } from './starting-groups';

/**
 * The editor's questions for a command's parameters, derived from their JSON Schema (the same
 * schema the CLI's flags and the server's validation come from): an enum is a quick pick with
 * each choice explained, a column a pick among the file's columns, a number an input box checked
 * as it is typed, a file a choice between none and a file. Nothing here knows a method.
 */

type Column = ColumnsResult['columns'][number];
export type Params = Record<string, unknown>;

export interface QuestionContext {
  /** The data file the command runs on. */
  uri: vscode.Uri;
  columns: readonly Column[];
  /** How much of the file described the columns (their pickers say "in the first N rows" when not all of it). */
  read: Pick<ColumnsResult, 'rowsRead' | 'wholeFile'>;
  /** A mitigation's label rule: the label step says which columns it can use, and refuses the others at once. */
  label?: LabelRule;
  /** Which configured sensitive attributes are unticked with these ticked (untickedNote), for the sensitive question's placeholder; with it, each row says its smallest group. */
  sensitiveNote?: (ticked: readonly string[]) => UntickedNote | undefined;
  /** The label offered first when no name says which column it is (ColumnsResult.suggestedLabel). */
  suggestedLabel?: ColumnsResult['suggestedLabel'];
  /** What the run does given no score or prediction ("fits a logistic regression on this file’s columns"): said beside their "(none)". */
  withoutModelOutput?: string;
}

/** What label a run can use (label-fit.ts). */
export interface LabelRule {
  /** The method's title, for the warning. */
  method: string;
  tasks(params: Params): readonly LabelTask[];
  /** What to do with a label of a kind the run cannot use ("needs a fair-regression method such as Wasserstein barycenter"). */
  advice(task: LabelTask): string | undefined;
}

/** askParameter's answer when the user would rather choose another method (the label does not suit this one). */
export const CHOOSE_METHOD = Symbol('choose another method');

export { askedKeys } from './asked-keys';

/** What the user may change under "More settings…" for `file` (CSV reading only for a CSV file). */
export function advancedKeys(schema: ParametersSchema, given: readonly string[], file: vscode.Uri): string[] {
  return Object.entries(schema.properties)
    .filter(([key, p]) => !given.includes(key) && !p.cliOnly && (p.advanced || p.group === 'output' || p.group === 'csv') && appliesToFile(p, file.fsPath))
    .map(([key]) => key);
}

/**
 * A parameter's value as the review list shows it, in the run's terms: the held-out rows (a file,
 * or a share of this file), the positive value the run will use (the label's inferred one when
 * none is set), else the value or its default.
 */
export function shownParameter(key: string, schema: ParametersSchema, params: Params, context: QuestionContext): string {
  const property = schema.properties[key]!;
  if (key === 'test' && params.test === undefined && typeof params.testFraction === 'number')
    return heldOutShareText(params.testFraction, context.uri, params.splitSeed);
  if (key === 'test' && params.test === undefined && schema.properties.testFraction) return 'none: the training rows themselves (in-sample)';
  if (key === 'positive' && params.positive === undefined) {
    const label = typeof params.label === 'string' ? params.label : undefined;
    return positiveShown(context.columns.find((c) => c.name === label));
  }
  if (key === 'positive' && typeof params.positive === 'string' && typeof params.label === 'string') return positiveSummary(params.label, params.positive);
  return shown(params[key], property);
}

/** "30% of compas.csv, held out at random (seed 0)". */
function heldOutShareText(fraction: number, uri: vscode.Uri, seed: unknown): string {
  return `${percent(fraction)} of ${path.basename(uri.fsPath)}, held out at random (seed ${typeof seed === 'number' ? seed : 0})`;
}

/** A value as the review list shows it. */
export function shown(value: unknown, property: ParameterSchema): string {
  if (value === undefined) return property.default !== undefined ? `${shown(property.default, property)} (default)` : 'not set';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' && property.input === 'file') return vscode.workspace.asRelativePath(value);
  if (typeof value === 'string' && property.labels?.[value]) return property.labels[value];
  return String(value);
}

/**
 * Asks one parameter. `params` holds the answers so far (a positive value is picked among the
 * label's values, privileged groups among the sensitive attribute's). Resolves to the new value
 * (undefined: left unset, take the default), BACK, or CANCEL when the user escaped.
 */
export const CANCEL = Symbol('cancel');
export async function askParameter(
  key: string,
  schema: ParametersSchema,
  params: Params,
  context: QuestionContext,
  step: Step,
): Promise<unknown | typeof BACK | typeof CANCEL> {
  const property = schema.properties[key]!;
  const required = schema.required?.includes(key) ?? false;
  const title = { ...step, title: `${step.title}: ${titleOf(key, property)}` };
  const current = params[key];
  // What Enter accepts, marked "(default)": the run's own default (a remembered answer, the editor's choice) before the schema's.
  const fallback = current ?? property.default;
  const optional = !required && property.default === undefined;
  const unset = { label: optional ? '(none)' : '(default)', description: optional ? 'leave it unset' : `${shown(property.default, property)}`, value: UNSET };
  const done = (answer: Answer<unknown>) => (answer === undefined ? CANCEL : answer === UNSET ? undefined : answer);

  if (property.enum) {
    // each choice explained on its own second line: beside the name it would be cut
    const items = property.enum.map((value) => ({
      label: property.labels?.[value] ?? value,
      description: value === fallback ? '(default)' : '',
      ...(property.choices?.[value] ? { detail: property.choices[value] } : {}),
      value: value as unknown,
    }));
    return done(await pickOne(title, items, { placeholder: property.description ?? '', active: fallback }));
  }
  if (property.type === 'boolean') {
    // what Yes does under it, read whole; the placeholder short enough not to be cut
    const { placeholder, detail } = yesNoTexts(property.description);
    const items: Choice<unknown>[] = [
      { label: 'Yes', description: fallback === true ? '(default)' : '', ...(detail ? { detail } : {}), value: true },
      { label: 'No', description: fallback === false ? '(default)' : '', value: false },
    ];
    return done(await pickOne(title, items, { placeholder, active: fallback }));
  }
  if (property.input === 'column' && key === 'label' && context.label) return askLabel(key, schema, params, context, step, context.label);
  if (property.input === 'column') {
    const offered = offeredColumns(key, params, context.columns);
    // without a model output the run fits its own model: "(none)" says so, first, and focused unless a column is chosen or inferred
    const none = property.alternative !== undefined && context.withoutModelOutput ? { ...unset, description: context.withoutModelOutput } : unset;
    const items = [
      ...(required ? [] : [none]),
      ...offered.map((c) => {
        const choice = columnChoice(c, context.read);
        const note = notNamedText(key, c);
        return note ? { ...choice, detail: `${note} · ${choice.detail}` } : choice;
      }),
    ];
    const placeholder = noColumnText(key, offered.length) || (property.description ?? '');
    return done(await pickOne(title, items, { placeholder, active: fallback ?? UNSET }));
  }
  if (property.input === 'columns') {
    // the placeholder says which configured attributes are left unticked, for the ticks as they change;
    // each attribute's second line its smallest group, the why (also when asked again after a run's error)
    const note = key === 'sensitive' ? context.sensitiveNote : undefined;
    const placeholderFor = (ticked: readonly unknown[]) => note?.(ticked as string[])?.placeholder ?? manyChoicePlaceholder(property, ticked as string[]);
    const start = (fallback as string[] | undefined) ?? [];
    const offered = offeredColumns(key, params, context.columns);
    const items = offered.map((c) => {
      const smallest = key === 'sensitive' ? smallestGroupLine(c) : undefined;
      return { ...columnChoice(c, context.read), ...(smallest ? { detail: smallest } : {}) };
    });
    const picked = await pickMany(title, items, { placeholder: placeholderFor(start), picked: start, placeholderFor });
    if (picked === undefined || picked === BACK) return picked === BACK ? BACK : CANCEL;
    if (picked.length === 0 && !required) return undefined;
    if (picked.length === 0) {
      void vscode.window.showWarningMessage(`Parity: choose at least one (${titleOf(key, property)}).`);
      // asked again as left, nothing ticked: the starting ticks back read as the Enter undone (cold try 16)
      return askParameter(key, schema, { ...params, [key]: [] }, context, step);
    }
    return picked;
  }
  if (property.type === 'array' && property.items?.enum) {
    const all = property.items.enum;
    const ticked = (fallback as string[] | undefined) ?? all;
    // the placeholder says the ticks as they change (the count beside VS Code's own "4 Selected")
    const placeholderFor = (now: readonly string[]) => manyChoicePlaceholder(property, now);
    const picked = await pickMany(title, namedChoiceRows(property.items), {
      placeholder: placeholderFor(ticked),
      picked: ticked,
      placeholderFor,
      matchOnDescription: true,
    });
    if (picked === undefined) return CANCEL;
    if (picked === BACK) return BACK;
    // every one ticked (or none) is the default: all of them
    return picked.length === 0 || (optional && picked.length === all.length) ? undefined : picked;
  }
  if (property.input === 'value') {
    const values = valuesFor(key, params, context.columns);
    // an unset positive value is inferred (1, true, yes), not missing; where the label's values
    // have no such spelling ("<=50K", ">50K") nothing can be inferred, so it is not offered
    const inferred = key === 'positive' ? context.columns.find((c) => c.name === params.label)?.positive : undefined;
    const unsetValue = key === 'positive' ? { ...unset, label: '(inferred)', description: `from the label: ${inferred}` } : unset;
    const offerUnset = !required && (key !== 'positive' || inferred !== undefined);
    // a label's positive outcome: its values, and for a numeric one a cut (the one saved in Configure Columns kept)
    const label = key === 'positive' ? context.columns.find((c) => c.name === params.label) : undefined;
    if (label && (values || offersCut(label)))
      return done(
        await askPositive(title, label, current as string | undefined, offerUnset ? [unsetValue] : [], current === undefined && offerUnset ? UNSET : undefined),
      );
    if (values)
      return done(
        await pickOne(title, [...(offerUnset ? [unsetValue] : []), ...values.map((value) => ({ label: value, value: value as unknown }))], {
          placeholder: property.description ?? '',
          active: fallback ?? UNSET,
        }),
      );
  }
  if (property.input === 'values') {
    // the groups of one sensitive column are offered; crossed groups are typed (or left to the default)
    const values = valuesFor(key, params, context.columns);
    if (values) {
      const picked = await pickMany(
        title,
        values.map((value) => ({ label: value, value })),
        { placeholder: manyChoicePlaceholder(property, []), picked: (current as string[] | undefined) ?? [] },
      );
      if (picked === undefined) return CANCEL;
      if (picked === BACK) return BACK;
      return picked.length === 0 ? undefined : picked;
    }
  }
  if (key === 'test' && schema.properties.testFraction) return askHeldOut(title, schema, params, context.uri);
  if (property.input === 'file') return askFile(title, property, fallback as string | undefined, required, context.uri);
  // numbers and free text
  const text = await inputText(title, {
    value: current === undefined ? '' : Array.isArray(current) ? current.join(',') : String(current),
    prompt: `${property.description ?? ''} (${expectedText(property)}${property.default !== undefined ? `; empty: ${shown(property.default, property)}` : optional ? '; empty: unset' : ''})`,
    validate: (value) =>
      value.trim() === ''
        ? required
          ? 'Required.'
          : undefined
        : meetsSchema(property, parseParameterText(property, value))
          ? undefined
          : `Expects ${expectedText(property)}.`,
  });
  if (text === undefined) return CANCEL;
  if (text === BACK) return BACK;
  return text.trim() === '' ? undefined : parseParameterText(property, text);
}

const UNSET = Symbol('unset');

/**
 * A mitigation's label: each column described with whether the run can use it; one it cannot is
 * refused at once (the run would fail on it), with the choice of another column or another method.
 */
async function askLabel(key: string, schema: ParametersSchema, params: Params, context: QuestionContext, step: Step, rule: LabelRule): Promise<unknown> {
  const property = schema.properties[key]!;
  const required = schema.required?.includes(key) ?? false;
  const tasks = rule.tasks(params);
  const fits = (column: Column) => labelChoiceText(column, tasks, context.read, (task) => rule.advice(task));
  // the suggested label (the file's last column) first and highlighted, when this run can use it
  const suggested = context.columns.find((column) => column.name === context.suggestedLabel?.column);
  const suggestion = suggested && fits(suggested).problem === undefined ? context.suggestedLabel : undefined;
  const offered = suggestedFirst(offeredColumns(key, params, context.columns), suggestion);
  const items: Choice<unknown>[] = [
    ...(required ? [] : [{ label: '(none)', description: 'leave it unset', value: UNSET }]),
    ...offered.map((column) => {
      const { description: fit, problem } = fits(column);
      const { description, why } = suggestedDescription(column.name, fit, suggestion);
      const choice = columnChoice(column, context.read);
      const detail = [problem, why, choice.detail].filter(Boolean).join(' · ');
      return { ...choice, description, ...(detail ? { detail } : {}) };
    }),
  ];
  const kept = params[key] ?? (suggestion && offered.some((column) => column.name === suggestion.column) ? suggestion.column : UNSET);
  const picked = await pickOne({ ...step, title: `${step.title}: ${titleOf(key, property)}` }, items, {
    placeholder: noColumnText(key, offered.length) || (property.description ?? ''),
    active: kept,
  });
  if (picked === undefined) return CANCEL;
  if (picked === BACK) return BACK;
  if (picked === UNSET) return undefined;
  const column = context.columns.find((c) => c.name === picked);
  const problem = column && fits(column).problem;
  if (!column || problem === undefined) return picked;
  const again = 'Pick Another Column';
  const other = 'Choose Another Method';
  const action = await vscode.window.showWarningMessage(
    `Parity: ${labelProblemText(column.name, column, rule.method, tasks)}.`,
    { modal: true, detail: `This label ${problem}.` },
    again,
    other,
  );
  return action === other ? CHOOSE_METHOD : askLabel(key, schema, params, context, step, rule);
}

function columnChoice(column: Column, read: QuestionContext['read']): Choice<unknown> {
  return {
    label: column.name,
    description: columnDescription(column, read),
    detail: `e.g. ${column.examples.join(', ')}`,
    value: column.name,
  };
}

/** The values to choose a positive label or privileged groups from, when the file tells them (groups: of a single sensitive column). */
function valuesFor(key: string, params: Params, columns: readonly Column[]): string[] | undefined {
  const columnOf = (name: unknown) => columns.find((c) => c.name === name);
  if (key === 'positive') return columnOf(params.label)?.values;
  const sensitive = params.sensitive as string[] | undefined;
  return sensitive?.length === 1 ? columnOf(sensitive[0])?.values : undefined;
}

async function askFile(step: Step, property: ParameterSchema, current: string | undefined, required: boolean, uri: vscode.Uri): Promise<unknown> {
  // The workspace's other CSV files are offered at once; Browse… reaches any other file.
  const others = (await workspaceDataFiles(uri)).map((file) => file.fsPath).filter((file) => file !== current);
  const fileChoice = (file: string) => ({ label: path.basename(file), description: vscode.workspace.asRelativePath(path.dirname(file)), value: file });
  const items: Choice<string | typeof UNSET>[] = [
    ...(required ? [] : [{ label: '(none)', description: property.description ?? '', value: UNSET as typeof UNSET }]),
    ...(current ? [fileChoice(current)] : []),
    ...others.map(fileChoice),
    { label: '$(folder-opened) Browse…', description: 'a CSV file outside the workspace', value: '' },
  ];
  const picked = await pickOne(step, items, { placeholder: property.description ?? '', active: current ?? UNSET });
  if (picked === undefined) return CANCEL;
  if (picked === BACK) return BACK;
  if (picked === UNSET) return undefined;
  if (picked !== '') return picked;
  const chosen = await browseDataFile(step.title);
  return chosen ? chosen.fsPath : CANCEL;
}

/** The share of the file a new run holds out, when no held-out file or share was chosen before. */
export const HELD_OUT_SHARE = 0.3;

const SHARE = Symbol('share');

/**
 * Where the before/after figures (or a comparison's points) are measured: a share of this file
 * held out at random (the default: never fitted on), another data file (never the training file
 * itself, nor an earlier run's output: files with its name in another format are marked), or, where the method allows it, the
 * training rows themselves. Sets or clears `testFraction` in `params`; resolves to the held-out
 * file (undefined: none), BACK or CANCEL.
 */
async function askHeldOut(step: Step, schema: ParametersSchema, params: Params, training: vscode.Uri): Promise<unknown> {
  const property = schema.properties.test!;
  // a comparison needs held-out rows: a file or a share, never none
  const required = property.alternative !== undefined;
  const share = typeof params.testFraction === 'number' ? params.testFraction : HELD_OUT_SHARE;
  const current = typeof params.test === 'string' && !sameFile(params.test, training.fsPath) ? params.test : undefined;
  const candidates = heldOutFiles(
    (await workspaceDataFiles(training)).map((file) => file.fsPath),
    training.fsPath,
    current,
  );
  // only files with the run's columns (headers read, not the rows); a headerless CSV is not checked
  const needed = heldOutColumns(params, headerColumns(training.fsPath));
  const others = filesWithColumns(candidates, needed);
  const stem = dataFileStem(training.fsPath);
  const fileChoice = (file: string): Choice<string | typeof SHARE | typeof UNSET> => ({
    label: path.basename(file),
    ...(dataFileStem(file) === stem ? HELD_OUT_TEXTS.sameName : { description: vscode.workspace.asRelativePath(path.dirname(file)) }),
    value: file,
  });
  const items: Choice<string | typeof SHARE | typeof UNSET>[] = [
    {
      label: `$(split-horizontal) Hold out ${percent(share)} of ${path.basename(training.fsPath)}`,
      description: HELD_OUT_TEXTS.share,
      value: SHARE,
    },
    ...(current ? [fileChoice(current)] : []),
    ...others.map(fileChoice),
    ...(others.length === 0 && needed.length > 0
      ? [
          {
            label: `no other file in the workspace has the columns ${fewColumns(needed)}`,
            kind: vscode.QuickPickItemKind.Separator,
            value: UNSET as typeof UNSET,
          },
        ]
      : []),
    ...(required ? [] : [{ label: '(none)', ...HELD_OUT_TEXTS.none, value: UNSET as typeof UNSET }]),
    { label: '$(folder-opened) Browse…', description: HELD_OUT_TEXTS.browse, value: '' },
  ];
  const fresh = params.test === undefined && params.testFraction === undefined;
  const picked = await pickOne(step, items, {
    placeholder: HELD_OUT_TEXTS.placeholder,
    active: current ?? (fresh || params.testFraction !== undefined ? SHARE : UNSET),
  });
  if (picked === undefined) return CANCEL;
  if (picked === BACK) return BACK;
  if (picked === SHARE) {
    params.testFraction = share;
    return undefined;
  }
  delete params.testFraction;
  if (typeof picked !== 'string') return undefined; // (none)
  const chosen = picked !== '' ? picked : (await browseDataFile(step.title))?.fsPath;
  if (chosen === undefined) return CANCEL;
  if (sameFile(chosen, training.fsPath)) {
    void vscode.window.showWarningMessage('Parity: that is the training file itself. Choose another file, or hold out a share of it.');
    return askHeldOut(step, schema, params, training);
  }
  return chosen;
}

/** "compas" for compas.csv, compas.parquet or compas.csv.gz. */
function dataFileStem(file: string): string {
  return path.basename(file).replace(/\.(csv(\.gz)?|parquet|jsonl|ndjson|arrow|feather)$/i, '');
}

/** 0.3 → "30%". */
function percent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(3))}%`;
}

/** The file's saved roles; a partial save (a threshold from a fix) keeps the inferred roles beside it. */
export function savedOrInferred(saved: AuditRequestOptions | undefined, found: ColumnsResult): AuditRequestOptions {
  if (saved?.exactRoles) return saved;
  const of = (role: string) => found.inferred.filter((r) => r.role === role).map((r) => r.column);
  return { label: of('label')[0], prediction: of('prediction')[0], score: of('score')[0], sensitive: of('sensitive'), ...saved };
}

/**
 * What a model fitted for the file must not learn from: the audited model's score and prediction
 * (--audited), and every sensitive attribute set for the file (--not-features), the run's own
 * included, so that one dropped from the run's grouping does not become a feature.
 */
export function notToLearnFrom(configured: { score?: string | undefined; prediction?: string | undefined; sensitive?: string[] | undefined }): {
  audited?: string[];
  notFeatures?: string[];
} {
  const audited = [configured.score, configured.prediction].filter((column): column is string => column !== undefined);
  const sensitive = configured.sensitive ?? [];
  return { ...(audited.length > 0 ? { audited } : {}), ...(sensitive.length > 0 ? { notFeatures: [...sensitive] } : {}) };
}
