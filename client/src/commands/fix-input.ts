import * as vscode from 'vscode';
import { suggestedThreshold, thresholdProblem, type InputFix } from '../../../common/input-errors';
import { ColumnsRequest, type AuditRequestOptions } from '../../../common/protocol';
import type { ParityContext } from '../context';
import { inputText, pickOne } from '../quick-input';
import { referenceEntries, referencesOf } from '../reference-groups';
import { configureColumns, rememberColumns } from './configure';
import { pickPositiveValue } from './positive-step';
import { requestTarget } from '../connections';

/**
 * Walks the user through the fix of an input problem (from an error message, a quick fix in
 * Problems, or a failed audit) and saves the answer as the file's columns, which also clears the
 * file's diagnostic. `choice` skips the question: 'suggested' takes the suggested threshold,
 * 'dataset' audits the dataset without the model. Resolves to the file's new columns, or
 * undefined when the user gave up. `problem` (what failed, in words) heads Configure Columns when it opens.
 */
export async function fixInput(
  context: ParityContext,
  uri: vscode.Uri,
  fix: InputFix,
  choice?: string,
  problem?: string,
): Promise<AuditRequestOptions | undefined> {
  const current = context.columns.get(uri) ?? {};
  switch (fix.kind) {
    case 'threshold': {
      const answer = choice === 'suggested' ? { threshold: fix.suggested } : choice === 'dataset' ? 'dataset' : await askThreshold(fix);
      if (answer === undefined) return undefined;
      if (answer === 'columns') return configureColumns(context, uri);
      if (answer === 'dataset') return rememberColumns(context, uri, await datasetOnly(context, uri, current));
      // The threshold derives the prediction from the score: a prediction column would contradict it.
      const fixed: AuditRequestOptions = { ...current, score: fix.column, threshold: answer.threshold };
      delete fixed.prediction;
      return rememberColumns(context, uri, fixed);
    }
    case 'positive': {
      const picked = await pickPositiveValue(fix.column, fix.values, current.positive);
      if (typeof picked !== 'string') return undefined;
      return rememberColumns(context, uri, { ...current, positive: picked });
    }
    case 'columns':
      return configureColumns(context, uri, undefined, problem);
    case 'output':
      return undefined; // asked by the run that writes the folder (jobs.ts)
  }
}

type ThresholdAnswer = { threshold: number } | 'dataset' | 'columns' | undefined;

/** The threshold question: the suggested cut, another one, the dataset alone, or Configure Columns. */
async function askThreshold(fix: Extract<InputFix, { kind: 'threshold' }>): Promise<ThresholdAnswer> {
  const range = `${fix.min} to ${fix.max}`;
  const picked = await pickOne<'suggested' | 'other' | 'dataset' | 'columns'>(
    { title: `Parity: "${fix.column}" is a score from ${range}, not a probability` },
    [
      {
        label: `Threshold ${fix.suggested}`,
        description: `predict positive when ${fix.column} ≥ ${fix.suggested}${fix.suggested === suggestedThreshold(1, 10) && fix.max <= 10 ? ' (the decile cut: medium or high)' : ''}`,
        value: 'suggested',
      },
      { label: 'Another threshold…', description: `a number from ${range}`, value: 'other' },
      { label: 'Audit the dataset only', description: 'the label and the groups, without the model', value: 'dataset' },
      { label: 'Configure Columns…', description: 'choose a prediction column instead', value: 'columns' },
    ],
    { placeholder: 'how should the score become a decision?', active: 'suggested' },
  );
  if (picked === 'suggested') return { threshold: fix.suggested };
  if (picked === 'dataset' || picked === 'columns') return picked;
  if (picked !== 'other') return undefined;
  const text = await inputText(
    { title: `Parity: decision threshold for "${fix.column}"` },
    {
      value: String(fix.suggested),
      prompt: `Predict positive when ${fix.column} ≥ this number (${range})`,
      validate: (value) => thresholdProblem(value, fix.min, fix.max),
    },
  );
  return typeof text === 'string' ? { threshold: Number(text) } : undefined;
}

/** Columns for a dataset audit: the label and the groups (given or inferred) with their reference groups, no model output. */
async function datasetOnly(context: ParityContext, uri: vscode.Uri, current: AuditRequestOptions): Promise<AuditRequestOptions> {
  const found = await context.client.sendRequest(ColumnsRequest, { uri: uri.toString(), ...(await requestTarget(context, uri)) });
  const inferred = (role: string) => found.inferred.filter((r) => r.role === role).map((r) => r.column);
  const label = current.label ?? inferred('label')[0];
  const sensitive = current.sensitive ?? inferred('sensitive');
  const reference = referenceEntries(referencesOf(current), sensitive);
  return {
    ...(label ? { label } : {}),
    ...(current.positive ? { positive: current.positive } : {}),
    ...(current.positiveMeans ? { positiveMeans: current.positiveMeans } : {}),
    sensitive,
    ...(reference.length > 0 ? { reference } : {}),
    exactRoles: true,
  };
}
