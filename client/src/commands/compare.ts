import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Comparison } from '../../../common/reports/comparison';
import { CompareParams, CompareRequest, ComparisonView } from '../../../common/protocol';
import type { ParityContext } from '../context';
import { runJob } from '../jobs';
import { configureColumns } from './configure';
import { showPanel } from './show';
import { plainObject, targetFile } from './target';

/**
 * Parity: Compare Methods. Runs every mitigation on the training file (the clicked CSV) and a
 * held-out file, and opens the trade-off plot: accuracy against the fairness gap, one series per
 * method, the Pareto front marked; a point opens its run's report. Callers may pass the request.
 */
export async function compareMethods(context: ParityContext, target: unknown, given: unknown): Promise<Comparison | undefined> {
  const uri = targetFile(target);
  if (!uri) return undefined;
  let params = plainObject(given) as Omit<CompareParams, 'workDoneToken'>['params'] | undefined;
  if (!params) {
    const columns = context.columns.get(uri) ?? (await configureColumns(context, uri));
    if (!columns?.label || !columns.sensitive?.length) {
      void vscode.window.showErrorMessage('Parity: Compare Methods needs a label and sensitive columns (Configure Columns).');
      return undefined;
    }
    const test = await vscode.window.showOpenDialog({ title: 'Parity: held-out (test) file for the comparison', canSelectMany: false, filters: { CSV: ['csv', 'gz'] } });
    if (!test?.[0]) return undefined;
    const metric = await vscode.window.showQuickPick(['demographic_parity_difference', 'equal_opportunity_difference', 'equalized_odds_difference'], { title: 'Parity: fairness gap on the horizontal axis' });
    if (!metric) return undefined;
    params = { train: uri.fsPath, test: test[0].fsPath, label: columns.label, sensitive: columns.sensitive, ...(columns.positive ? { positive: columns.positive } : {}), fairnessMetric: metric };
  }
  const request = params;
  const comparison = await runJob(context.client, context.log, context.status, `comparing methods on ${path.basename(uri.fsPath)}`, (token, workDoneToken) =>
    context.client.sendRequest(CompareRequest, { params: request, workDoneToken }, token),
  );
  if (!comparison) return undefined;
  for (const failed of comparison.methods.filter((m) => m.error !== null)) context.log.warn(`compare: ${failed.method} failed: ${failed.error}`);
  await showPanel({ kind: 'comparison', comparison: comparisonView(comparison) });
  return comparison;
}

export function comparisonView(comparison: Comparison): ComparisonView {
  return {
    title: `Methods on ${path.basename(comparison.files.train)} (evaluated on ${path.basename(comparison.files.test)})`,
    files: comparison.files,
    fairnessMetric: comparison.fairnessMetric,
    reference: { accuracy: comparison.reference.accuracy, fairness: comparison.reference.fairness },
    points: comparison.points.map((p) => ({ method: p.method, parameter: p.parameter, value: p.value, accuracy: p.accuracy, fairness: p.fairness, pareto: p.pareto, report: p.report, sweepIndex: p.sweepIndex ?? null })),
    failed: comparison.methods.flatMap((m) => (m.error === null ? [] : [{ method: m.method, error: m.error }])),
  };
}
