import * as vscode from 'vscode';
import { AuditRequestOptions, ColumnsRequest, ColumnsResult, FileColumnsNotification } from '../../../common/protocol';
import type { ParityContext } from '../context';
import { plainObject, targetFile } from './target';

const NONE = '(none)';

/**
 * Parity: Configure Columns. Quick picks for the label, prediction, score, sensitive attributes
 * and positive label, starting from the inferred roles; remembered per file in the workspace and
 * used by the audit, the mitigations and the file's diagnostics. `given` (from a keybinding, a
 * task or another extension) sets the columns without asking; the server checks them.
 */
export async function configureColumns(context: ParityContext, target: unknown, given?: unknown): Promise<AuditRequestOptions | undefined> {
  const uri = targetFile(target);
  if (!uri) return undefined;
  const preset = plainObject(given) as AuditRequestOptions | undefined;
  if (preset) return remember(context, uri, preset);
  let found: ColumnsResult;
  try {
    found = await context.client.sendRequest(ColumnsRequest, { uri: uri.toString() });
  } catch (error) {
    void vscode.window.showErrorMessage(`Parity: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const previous = context.columns.get(uri) ?? {};
  const inferred = (role: string) => found.inferred.filter((r) => r.role === role).map((r) => r.column);
  const items = (current: string | undefined) => [
    { label: NONE },
    ...found.columns.map((c) => ({ label: c.name, description: `${c.kind}, ${c.distinct} values`, detail: c.examples.join(', '), picked: c.name === current })),
  ];
  const single = async (role: 'label' | 'prediction' | 'score', placeholder: string): Promise<string | undefined | null> => {
    const current = previous[role] ?? inferred(role)[0];
    const pick = await vscode.window.showQuickPick(items(current), { title: `Parity: ${role} column`, placeHolder: current ? `${placeholder} (now: ${current})` : placeholder });
    if (!pick) return null; // escape cancels the whole configuration
    return pick.label === NONE ? undefined : pick.label;
  };
  const label = await single('label', 'the true outcome');
  if (label === null) return undefined;
  const prediction = await single('prediction', "the model's decision");
  if (prediction === null) return undefined;
  const score = await single('score', "the model's score or probability");
  if (score === null) return undefined;
  const currentSensitive = previous.sensitive ?? inferred('sensitive');
  const sensitivePicks = await vscode.window.showQuickPick(
    found.columns.map((c) => ({ label: c.name, description: `${c.kind}, ${c.distinct} values`, picked: currentSensitive.includes(c.name) })),
    { title: 'Parity: sensitive attributes', canPickMany: true, placeHolder: 'the groups to compare (several give their intersection too)' },
  );
  if (!sensitivePicks || sensitivePicks.length === 0) return undefined;
  let positive: string | undefined;
  const labelColumn = found.columns.find((c) => c.name === label);
  if (labelColumn && labelColumn.kind !== 'boolean') {
    const pick = await vscode.window.showQuickPick(labelColumn.examples, { title: `Parity: which value of ${labelColumn.name} is the positive outcome?` });
    if (pick === undefined) return undefined;
    positive = pick;
  }
  const options: AuditRequestOptions = {
    ...(label ? { label } : {}),
    ...(prediction ? { prediction } : {}),
    ...(score ? { score } : {}),
    sensitive: sensitivePicks.map((p) => p.label),
    ...(positive !== undefined ? { positive } : {}),
  };
  return remember(context, uri, options);
}

async function remember(context: ParityContext, uri: vscode.Uri, options: AuditRequestOptions): Promise<AuditRequestOptions> {
  await context.columns.set(uri, options);
  await context.client.sendNotification(FileColumnsNotification, { uri: uri.toString(), options });
  context.log.info(`columns of ${uri.fsPath}: ${JSON.stringify(options)}`);
  return options;
}
