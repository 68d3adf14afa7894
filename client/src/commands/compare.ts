import * as path from 'node:path';
import { labelNotAudited } from '../label-not-audited';
import { rememberedAnswers } from '../remembered-answers';
import * as vscode from 'vscode';
import { ColumnsRequest, CompareRequest, MitigationsRequest, ParametersRequest } from '../../../common/protocol';
import type { Comparison } from '../../../common/reports/comparison';
import { comparisonView } from '../../../common/render/comparison-view';
import type { ParityContext } from '../context';
import { runJob } from '../jobs';
import { askedKeys, askParameter, CANCEL, CHOOSE_METHOD, notToLearnFrom, Params, savedOrInferred } from '../parameter-questions';
import { settledByColumns, stepOf } from '../guided-steps';
import { BACK } from '../quick-input';
import { review } from '../review';
import { columnGroupsIn, startingGroups, untickedNote } from '../starting-groups';
import { currentSettings } from '../stale-settings';
import { measureNames, methodsQuestion } from '../compare-methods-question';
import { showPanel } from './show';
import { plainObject, targetFile } from './target';

/**
 * Parity: Compare Methods. Runs every mitigation on the training file (the clicked CSV) and a
 * held-out file, and opens the trade-off plot: accuracy against the fairness gap, one series per
 * method, the Pareto front marked; a point opens its run's report. The questions (held-out file,
 * label, groups, fairness measure, methods) come from the comparison's parameter schema and start
 * on the file's configured columns; the label and positive value saved for the file are not asked
 * (the review shows them). Callers may pass the parameters to skip them.
 */
export async function compareMethods(context: ParityContext, target: unknown, given: unknown): Promise<Comparison | undefined> {
  const uri = await targetFile(target, 'the training file for the comparison', 'file', { withoutOutputs: true });
  if (!uri) return undefined;
  let params = plainObject(given);
  if (!params) {
    params = await ask(context, uri);
    if (!params) return undefined;
    await context.columns.setAnswers(uri, 'compare', params);
  }
  const request = params;
  const comparison = await runJob(
    context,
    `comparing methods on ${path.basename(uri.fsPath)}`,
    (token, workDoneToken) => context.client.sendRequest(CompareRequest, { params: request, workDoneToken }, token),
    { uri, noun: 'comparison', result: 'its plot is open', params: request },
  );
  if (!comparison) return undefined;
  for (const failed of comparison.methods.filter((m) => m.error !== null)) context.log.warn(`compare: ${failed.method} failed: ${failed.error}`);
  await showPanel({ kind: 'comparison', comparison: comparisonView(comparison) });
  return comparison;
}

async function ask(context: ParityContext, uri: vscode.Uri): Promise<Params | undefined> {
  const [schema, found, methods] = await Promise.all([
    context.client.sendRequest(ParametersRequest, { command: 'compare' }),
    context.client.sendRequest(ColumnsRequest, { uri: uri.toString() }),
    context.client.sendRequest(MitigationsRequest),
  ]);
  const configured = context.columns.get(uri);
  const roles = savedOrInferred(configured, found);
  const inferred = (role: string) => found.inferred.filter((r) => r.role === role).map((r) => r.column);
  const groups = columnGroupsIn(found.columns);
  const minRows = currentSettings().minGroupSize;
  const params: Params = {
    label: configured?.label ?? inferred('label')[0],
    // The groups last chosen in Run Mitigation on this file, else the attributes a run starts on.
    sensitive: startingGroups(context.columns.lastMitigationAnswers(uri), configured?.sensitive ?? inferred('sensitive'), groups, minRows),
    ...(configured?.positive !== undefined ? { positive: configured.positive } : {}),
    ...(configured?.positiveMeans !== undefined ? { positiveMeans: configured.positiveMeans } : {}),
    // the audit's bin edges, so a numeric attribute's groups are the audit's
    ...(configured?.bins && configured.bins.length > 0 ? { bins: configured.bins } : {}),
    ...notToLearnFrom(roles),
    ...rememberedAnswers(schema, context.columns.answers(uri, 'compare')),
    train: uri.fsPath,
  };
  const keys = askedKeys(schema, ['train']);
  // attributes left unticked by the crossing rule are said, unless chosen before (in Run Mitigation or here)
  const chosenBefore = context.columns.lastMitigationAnswers(uri)?.['sensitive'] ?? context.columns.answers(uri, 'compare')?.['sensitive'];
  const sensitiveNote =
    chosenBefore === undefined
      ? (ticked: readonly string[]) => untickedNote(configured?.sensitive ?? inferred('sensitive'), ticked, groups, minRows)
      : undefined;
  // the methods start ticked as they apply to the label chosen (and take seconds); the measures by their names
  const asked = () =>
    methodsQuestion(
      measureNames(schema),
      methods,
      found.columns.find((column) => column.name === params.label),
    );
  // the label and positive value Configure Columns saved are not asked again, as in Run Mitigation: the review shows them
  const settled = (key: string) =>
    settledByColumns(key, params, { saved: configured, configured: roles }, (label) => found.columns.some((column) => column.name === label));
  let forward = true;
  for (let index = 0; index < keys.length;) {
    const key = keys[index]!;
    if (settled(key)) {
      index = !forward && index > 0 ? index - 1 : index + 1;
      continue;
    }
    const answer = await askParameter(
      key,
      asked(),
      params,
      { uri, columns: found.columns, read: found, ...(sensitiveNote ? { sensitiveNote } : {}) },
      // numbered among the questions asked, so the count never jumps over one left out
      { title: 'Parity: Compare Methods', ...stepOf(keys, (k) => !settled(k), key) },
    );
    if (answer === CANCEL) return undefined;
    forward = answer !== BACK;
    if (answer === BACK) {
      index = Math.max(0, index - 1);
      continue;
    }
    // none ticked is the default: the label's methods (the command line's default is a binary label's)
    const value = answer === undefined && key === 'methods' ? asked().properties[key]!.default : answer;
    if (value === undefined) delete params[key];
    else params[key] = value;
    index++;
  }
  const reviewed = await review({ title: 'Compare Methods', schema: asked(), given: ['train'], run: 'compare' }, params, {
    uri,
    columns: found.columns,
    read: found,
  });
  // no label rule here: the review never offers another method
  return reviewed === CHOOSE_METHOD || reviewed === undefined ? undefined : labelNotAudited(reviewed);
}
