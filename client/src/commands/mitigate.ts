import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MitigationReport } from '../../../common/reports/mitigation';
import { AuditRequestOptions, MitigateRequest, MitigationInfo, MitigationsRequest } from '../../../common/protocol';
import type { ParityContext } from '../context';
import { runJob } from '../jobs';
import { configureColumns } from './configure';
import { showPanel } from './show';
import { plainObject, targetFile } from './target';

/**
 * Parity: Run Mitigation…. Offers the methods that apply to the file (training data with a label,
 * or a model-output file with scores), fills the flags from the file's configured columns, runs
 * the method in the language server's worker, and opens its before/after report. Callers (and
 * tests) may pass { method, values } to skip the pickers.
 */
export async function runMitigation(context: ParityContext, target: unknown, given: unknown): Promise<MitigationReport | undefined> {
  const uri = targetFile(target);
  if (!uri) return undefined;
  const preset = plainObject(given) as { method?: string; params?: Record<string, unknown> } | undefined;
  let method: string;
  let params: Record<string, unknown>;
  if (preset?.method && preset.params) {
    ({ method, params } = preset as { method: string; params: Record<string, unknown> });
  } else {
    const columns = context.columns.get(uri) ?? (await configureColumns(context, uri));
    if (!columns) return undefined;
    const methods = await context.client.sendRequest(MitigationsRequest);
    const chosen = await pickMethod(methods, columns);
    if (!chosen) return undefined;
    const filled = await flagValues(chosen, uri, columns);
    if (!filled) return undefined;
    method = chosen.name;
    params = filled;
  }
  const report = await runJob(context.client, context.log, context.status, `${method} on ${path.basename(uri.fsPath)}`, (token, workDoneToken) =>
    context.client.sendRequest(MitigateRequest, { method, params, workDoneToken }, token),
  );
  if (!report) return undefined;
  await showPanel({ kind: 'mitigation', report });
  void vscode.window.showInformationMessage(`Parity: ${method} wrote ${vscode.workspace.asRelativePath(report.files.predictions)}`);
  return report;
}

async function pickMethod(methods: MitigationInfo[], columns: AuditRequestOptions): Promise<MitigationInfo | undefined> {
  const modelOutput = columns.score !== undefined || columns.prediction !== undefined;
  const applicable = methods.filter((m) => (m.input === 'model-output' ? modelOutput : columns.label !== undefined));
  if (applicable.length === 0) {
    void vscode.window.showErrorMessage('Parity: no mitigation applies: configure a label (training data) or a score/prediction (model output).');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    applicable.map((m) => ({ label: m.name, description: m.kind, detail: m.summary, method: m })),
    { title: 'Parity: run a mitigation', placeHolder: 'methods that apply to this file' },
  );
  return pick?.method;
}

/** The CLI flags of a run, from the configured columns; asks only for what it cannot know. */
async function flagValues(method: MitigationInfo, uri: vscode.Uri, columns: AuditRequestOptions): Promise<Record<string, unknown> | undefined> {
  const accepts = new Set(Object.keys(method.parameters.properties));
  const values: Record<string, unknown> = {};
  const file = accepts.has('train') ? 'train' : 'data';
  values[file] = uri.fsPath;
  if (accepts.has('test')) {
    const test = await vscode.window.showQuickPick([{ label: 'No held-out file', description: 'evaluate on the training rows' }, { label: 'Choose a test file…' }], { title: `${method.name}: held-out rows` });
    if (!test) return undefined;
    if (test.label !== 'No held-out file') {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { CSV: ['csv', 'gz'] } });
      if (!picked?.[0]) return undefined;
      values.test = picked[0].fsPath;
    }
  }
  for (const role of ['label', 'prediction', 'score', 'positive'] as const) {
    const value = columns[role];
    if (value !== undefined && accepts.has(role)) values[role] = value;
  }
  if (columns.sensitive && accepts.has('sensitive')) values.sensitive = columns.sensitive;
  if (accepts.has('sweep')) values.sweep = true;
  return values;
}
