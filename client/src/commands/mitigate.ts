import * as path from 'node:path';
import { labelNotAudited } from '../label-not-audited';
import { rememberedAnswers } from '../remembered-answers';
import { positiveCut } from '../../../common/positive-outcome';
import * as vscode from 'vscode';
import { thresholdProblem, type InputFix } from '../../../common/input-errors';
import { titleOf, type ParametersSchema } from '../../../common/params';
import { AuditRequestOptions, ColumnsRequest, ColumnsResult, MitigateRequest, MitigationInfo, MitigationsRequest } from '../../../common/protocol';
import type { MitigationReport } from '../../../common/reports/mitigation';
import type { ParityContext } from '../context';
import { runJob } from '../jobs';
import { guidedKeys, methodUse, modelOutputKeys, ownModelSchema } from '../mitigation-use';
import { labelAdvice, labelChoiceText, notForThisLabel, runLabelTasks } from '../label-fit';
import { settledByColumns, stepOf } from '../guided-steps';
import { askParameter, CANCEL, CHOOSE_METHOD, type LabelRule, notToLearnFrom, Params, QuestionContext, savedOrInferred } from '../parameter-questions';
import { BACK, inputText, pickOne } from '../quick-input';
import { review } from '../review';
import { crossedSensitive, columnGroupsIn, untickedNote } from '../starting-groups';
import { currentSettings } from '../stale-settings';
import { showPanel } from './show';
import { pickPositiveValue } from './positive-step';
import { plainObject, targetFile } from './target';

const KIND_ORDER = ['pre-processing', 'in-processing', 'post-processing'] as const;
// short: a section's label shares its first row's line with that row's description (cold try 12 saw them overlap)
const KIND_WORDS: Record<MitigationInfo['kind'], string> = {
  'pre-processing': 'Repair the data',
  'in-processing': 'Train a fair model',
  'post-processing': 'Adjust outputs',
};

/**
 * Parity: Run Mitigation…, a guided run: the method (each explained in plain words), then its
 * parameters one by one (sensitive attributes, criterion, strength, base model, held-out file...,
 * each starting on the file's configured columns or the last answer, the default marked), then a
 * review of every setting (advanced ones under "More settings…") before it runs. Answers are
 * remembered per file and method. Every question comes from the method's parameter schema, so
 * every method the CLI has runs from here with all its parameters. Callers (and tests) may pass
 * { method, params } to skip the questions.
 */
export async function runMitigation(context: ParityContext, target: unknown, given: unknown): Promise<MitigationReport | undefined> {
  const uri = await targetFile(target, 'the file to mitigate', 'file', { withoutOutputs: true });
  if (!uri) return undefined;
  // `grouping`: the attributes of the report grouping the user looked at (the audit panel's Run Mitigation…)
  const preset = plainObject(given) as { method?: string; params?: Params; grouping?: unknown } | undefined;
  const methods = await context.client.sendRequest(MitigationsRequest);
  let method: MitigationInfo | undefined;
  let params: Params | undefined;
  if (preset?.method && preset.params) {
    method = methods.find((m) => m.name === preset.method);
    params = preset.params;
    if (!method) {
      void vscode.window.showErrorMessage(`Parity: there is no mitigation method "${preset.method}".`);
      return undefined;
    }
  } else {
    const found = await context.client.sendRequest(ColumnsRequest, { uri: uri.toString() });
    const saved = context.columns.get(uri);
    const configured = savedOrInferred(saved, found);
    const use = (m: MitigationInfo) => methodUse(m, configured, labelColumn(found, configured.label));
    // a label the method cannot use sends the user back here, to another method
    for (;;) {
      method = await pickMethod(methods, use, path.basename(uri.fsPath));
      if (!method) return undefined;
      const ownModel = use(method).ownModel;
      const label = labelRule(method, methods, ownModel);
      const suggestedLabel = found.suggestedLabel;
      const withoutModelOutput = method.baseModel?.description;
      const answers = await guide(
        context,
        method,
        {
          uri,
          columns: found.columns,
          read: found,
          label,
          ...(suggestedLabel ? { suggestedLabel } : {}),
          ...(withoutModelOutput ? { withoutModelOutput } : {}),
        },
        { saved, configured },
        ownModel,
        columnsOf(preset?.grouping, found),
      );
      if (answers === CHOOSE_METHOD) continue;
      if (!answers) return undefined;
      params = answers;
      break;
    }
    await context.columns.setMitigationAnswers(uri, method.name, params);
  }
  const chosen = method;
  const request = params;
  const report = await runJob(
    context,
    `${chosen.title} on ${path.basename(uri.fsPath)}`,
    (token, workDoneToken) => context.client.sendRequest(MitigateRequest, { method: chosen.name, params: request, workDoneToken }, token),
    {
      uri,
      noun: 'mitigation',
      result: 'its report is open',
      onFix: (fix, problem) => fixParams(fix, request, { context, uri, method: chosen, problem }),
      params: request,
    },
  );
  if (!report) return undefined;
  await showPanel({ kind: 'mitigation', report });
  announce(chosen, report);
  return report;
}

/** A report grouping's attributes that are columns of the file; undefined when none is. */
function columnsOf(grouping: unknown, found: ColumnsResult): string[] | undefined {
  if (!Array.isArray(grouping)) return undefined;
  const columns = grouping.filter((column): column is string => found.columns.some((c) => c.name === column));
  return columns.length > 0 ? columns : undefined;
}

/** The label's column description, when the file has a label set or inferred. */
function labelColumn(found: ColumnsResult, label: string | undefined): ColumnsResult['columns'][number] | undefined {
  return label === undefined ? undefined : found.columns.find((column) => column.name === label);
}

/** The labels `method` can use in this run, and what to do with the others (another method for a numeric target). */
function labelRule(method: MitigationInfo, methods: readonly MitigationInfo[], ownModel: boolean): LabelRule {
  return { method: method.title, tasks: (params) => runLabelTasks(method, ownModel, params), advice: (task) => labelAdvice(method, methods, task) };
}

async function pickMethod(
  methods: readonly MitigationInfo[],
  use: (method: MitigationInfo) => { description: string },
  file: string,
): Promise<MitigationInfo | undefined> {
  const items = KIND_ORDER.flatMap((kind) => {
    const group = methods.filter((m) => m.kind === kind);
    return [
      { label: KIND_WORDS[kind], kind: vscode.QuickPickItemKind.Separator, value: undefined },
      ...group.map((m) => ({
        label: m.title,
        description: use(m).description,
        // the detail line holds about 60 characters beside a group's name: the time alone ("slow: about 35 s"), not its conditions
        detail: m.slow ? `${m.description} · $(watch) ${m.slow.replace(/ on .*$/, '')}` : m.description,
        value: m as MitigationInfo | undefined,
      })),
    ];
  });
  // the file named from the first step (cold try 15: a run from the palette did not say on which file until its review)
  const picked = await pickOne({ title: `Parity: run a mitigation on ${file}` }, items, { placeholder: 'what should make the model fairer?' });
  return picked === BACK ? undefined : picked;
}

/**
 * The parameters of a run: first guesses from the file, the questions, then the review. A run that
 * fits its own base model (`ownModel`: the file has no model output) asks for its label and
 * features first, and never for a score or prediction. The questions for a yes/no label only
 * (a positive value, a threshold) are left out when the label is numeric. The sensitive attributes
 * start on `grouping` (the report grouping the run was launched from), else the last answer, else
 * those whose crossed groups stay large. Resolves to CHOOSE_METHOD when the user would rather
 * choose another method.
 */
async function guide(
  context: ParityContext,
  method: MitigationInfo,
  questions: QuestionContext,
  columns: { saved: AuditRequestOptions | undefined; configured: AuditRequestOptions },
  ownModel: boolean,
  grouping: string[] | undefined,
): Promise<Params | typeof CHOOSE_METHOD | undefined> {
  const { configured } = columns;
  const schema = ownModel ? ownModelSchema(method.parameters) : method.parameters;
  const input = method.input === 'training-data' ? 'train' : 'data';
  const remembered = rememberedAnswers(schema, context.columns.answers(questions.uri, method.name));
  const params: Params = {
    ...firstGuesses(schema, configured, questions.columns),
    ...remembered,
    [input]: questions.uri.fsPath,
    sweep: true,
  };
  if (ownModel) for (const key of modelOutputKeys(schema)) delete params[key];
  // a run launched from a report starts on the grouping the user was looking at (cold try 12: sex, not age)
  if (grouping && 'sensitive' in schema.properties) params.sensitive = grouping;
  // the attributes left unticked are said (again as the user ticks), unless the user chose the start: the last answer, the report's grouping
  const groups = columnGroupsIn(questions.columns);
  const minRows = currentSettings().minGroupSize;
  const sensitiveNote =
    remembered['sensitive'] === undefined && !grouping && Array.isArray(params.sensitive)
      ? (ticked: readonly string[]) => untickedNote(configured.sensitive ?? [], ticked, groups, minRows)
      : undefined;
  const asked: QuestionContext = { ...questions, ...(sensitiveNote ? { sensitiveNote } : {}) };
  const keys = guidedKeys(method, ownModel);
  const title = `Parity: ${method.title}`;
  const notAsked = (key: string) => notForThisLabel(schema.properties[key]!, params, questions.columns);
  // the label and positive value Configure Columns saved are not asked again: the review shows them (cold try 10)
  const labelFits = (label: string) => {
    const column = questions.columns.find((c) => c.name === label);
    const rule = questions.label;
    return column !== undefined && (rule === undefined || labelChoiceText(column, rule.tasks(params), questions.read, () => undefined).problem === undefined);
  };
  const settled = (key: string) => settledByColumns(key, params, columns, labelFits);
  // the second of two alternatives is asked with the first
  const withFirst = (key: string) => {
    const alternatives = alternativesOf(schema, key);
    return alternatives.length > 1 && key !== alternatives.find((k) => keys.includes(k));
  };
  const asks = (key: string) => !notAsked(key) && !settled(key) && !withFirst(key);
  let forward = true;
  for (let index = 0; index < keys.length;) {
    const key = keys[index]!;
    const unusable = notAsked(key);
    if (unusable) delete params[key];
    if (unusable || settled(key) || withFirst(key)) {
      index = !forward && index > 0 ? index - 1 : index + 1;
      continue;
    }
    const alternatives = alternativesOf(schema, key);
    // numbered among the questions asked now, so the count never jumps over one left out
    const step = { title, ...stepOf(keys, asks, key) };
    const answer =
      alternatives.length > 1 ? await askAlternative(alternatives, schema, params, questions, step) : await askParameter(key, schema, params, asked, step);
    if (answer === CANCEL) return undefined;
    if (answer === CHOOSE_METHOD) return CHOOSE_METHOD;
    forward = answer !== BACK;
    if (answer === BACK) {
      index = Math.max(0, index - 1);
      continue;
    }
    if (alternatives.length <= 1) set(params, key, answer);
    index++;
  }
  const reviewed = await review(
    { title: method.title, schema, given: [input], run: method.name, ...(ownModel ? { asked: keys } : {}), shows: (key) => !notAsked(key) },
    params,
    questions,
  );
  // a label changed in the review to a numeric one leaves no yes/no answer behind
  if (reviewed && reviewed !== CHOOSE_METHOD) for (const key of Object.keys(schema.properties)) if (notAsked(key)) delete reviewed[key];
  return reviewed && reviewed !== CHOOSE_METHOD ? labelNotAudited(reviewed) : reviewed;
}

/** The parameters sharing `key`'s alternative group (one of them is given), else just `key`. */
function alternativesOf(schema: ParametersSchema, key: string): string[] {
  const group = schema.properties[key]?.alternative;
  return group ? Object.keys(schema.properties).filter((k) => schema.properties[k]!.alternative === group) : [key];
}

/** "Which column?" between alternatives (a score or a prediction), then that column. */
async function askAlternative(
  keys: string[],
  schema: ParametersSchema,
  params: Params,
  questions: QuestionContext,
  step: { title: string; step: number; steps: number },
): Promise<unknown> {
  const current = keys.find((key) => params[key] !== undefined);
  const picked = await pickOne(
    { ...step, title: `${step.title}: ${schema.properties[keys[0]!]!.alternative}` },
    keys.map((key) => ({ label: titleOf(key, schema.properties[key]), detail: schema.properties[key]!.description, value: key })),
    { active: current },
  );
  if (picked === undefined) return CANCEL;
  if (picked === BACK) return BACK;
  const answer = await askParameter(picked, { ...schema, required: [...(schema.required ?? []), picked] }, params, questions, step);
  if (answer === CANCEL || answer === BACK) return answer;
  for (const key of keys) delete params[key];
  set(params, picked, answer);
  return answer;
}

function set(params: Params, key: string, value: unknown): void {
  if (value === undefined) delete params[key];
  else params[key] = value;
}

/** Starting values from the file's columns: label, positive value, score or prediction, groups, threshold, the audited outputs. */
function firstGuesses(schema: ParametersSchema, configured: AuditRequestOptions, columns: readonly ColumnsResult['columns'][number][]): Params {
  const has = (key: string) => key in schema.properties;
  const guesses: Params = {};
  for (const key of ['label', 'positive', 'positiveMeans', 'score', 'prediction', 'sensitive', 'threshold'] as const) {
    const value = configured[key];
    if (has(key) && value !== undefined && !(Array.isArray(value) && value.length === 0)) guesses[key] = value;
  }
  // Crossing every attribute of the audit can leave groups with no row of a label: those whose crossed groups stay large.
  const sensitive = configured.sensitive ?? [];
  if (has('sensitive') && sensitive.length > 1) guesses.sensitive = crossedSensitive(sensitive, columnGroupsIn(columns), currentSettings().minGroupSize);
  // the audit's bin edges, so a numeric attribute's groups are the audit's
  if (has('bins') && configured.bins && configured.bins.length > 0) guesses.bins = configured.bins;
  // A model learns from the other columns: the server's default features leave out the audited model's outputs, what encodes them, and the file's sensitive attributes.
  const kept = notToLearnFrom(configured);
  if (has('audited') && kept.audited) guesses.audited = kept.audited;
  if (has('notFeatures') && kept.notFeatures) guesses.notFeatures = kept.notFeatures;
  // Alternatives (a score or a prediction to make fair): start with one of them, the score.
  if (has('score') && has('prediction') && schema.properties.score?.alternative && guesses.score !== undefined) delete guesses.prediction;
  // a cut label is the task "G3>=10" (the representation's own syntax for it)
  if (has('tasks') && configured.label) guesses.tasks = [positiveCut(configured.positive) ? `${configured.label}${configured.positive}` : configured.label];
  return guesses;
}

/**
 * A run failed on its positive value, a score's threshold or its sensitive attributes (a group
 * without a row of one label): ask that one question again (the others keep their answers), set it
 * where it belongs (the label, a task, the threshold), retry.
 */
async function fixParams(
  fix: InputFix,
  params: Params,
  run: { context: ParityContext; uri: vscode.Uri; method: MitigationInfo; problem: string },
): Promise<boolean> {
  if (fix.kind === 'columns' && fix.role === 'sensitive' && run.method.parameters.properties.sensitive) {
    const found = await run.context.client.sendRequest(ColumnsRequest, { uri: run.uri.toString() });
    const step = { title: `Parity: ${run.method.title}: ${run.problem}` };
    const answer = await askParameter('sensitive', run.method.parameters, params, { uri: run.uri, columns: found.columns, read: found }, step);
    if (answer === CANCEL || answer === BACK || answer === undefined) return false;
    params.sensitive = answer;
    await run.context.columns.setMitigationAnswers(run.uri, run.method.name, params);
    return true;
  }
  if (fix.kind === 'threshold') {
    const text = await inputText(
      { title: `Parity: "${fix.column}" is a score from ${fix.min} to ${fix.max}, not a probability` },
      {
        value: String(fix.suggested),
        prompt: `The decision threshold: positive when the mapped ${fix.column} ≥ it (suggested: ${fix.suggested})`,
        validate: (value) => thresholdProblem(value, fix.min, fix.max),
      },
    );
    if (typeof text !== 'string') return false;
    params.threshold = Number(text.trim());
    return true;
  }
  if (fix.kind !== 'positive') {
    // what went wrong, in the server's words (a label of more than two values names the method for it), and the way back to the settings
    const role = fix.kind === 'columns' && fix.role ? ` the ${fix.role} column or` : '';
    const again = 'Run Mitigation…';
    void vscode.window
      .showErrorMessage(`Parity: ${run.method.title}: ${run.problem}. Choose${role} another method, and run again.`, again)
      .then((action) => (action === again ? vscode.commands.executeCommand('parity.runMitigation', run.uri) : undefined));
    return false;
  }
  const value = await pickPositiveValue(fix.column, fix.values);
  if (typeof value !== 'string') return false;
  const tasks = params.tasks as string[] | undefined;
  if (tasks?.includes(fix.column)) params.tasks = tasks.map((task) => (task === fix.column ? `${task}=${value}` : task));
  else params.positive = value;
  return true;
}

/** Where the outputs went, in the status bar: a notification would cover the report (whose header opens the files). */
function announce(method: MitigationInfo, report: MitigationReport): void {
  vscode.window.setStatusBarMessage(`Parity: ${method.title} wrote ${vscode.workspace.asRelativePath(path.dirname(report.files.predictions))}`, 10_000);
}
