import * as vscode from 'vscode';
import { ParametersRequest, type PanelContent } from '../../../common/protocol';
import { auditTitle } from '../../../common/render/text';
import type { ParityContext } from '../context';
import { isDatabaseReport } from '../panel';
import { Skipped } from '../quick-input';
import { positiveMeansStep, rememberColumns } from './configure';
import { showPanel } from './show';

/**
 * The audit panel's "Set…" beside "not stated": asks what a positive prediction means (the
 * question of Configure Columns), remembers the answer with the file's columns, and shows the same
 * report worded by it. The figures do not depend on the answer, so nothing is audited again.
 */
export async function setPositiveMeans(context: ParityContext, content: PanelContent): Promise<void> {
  if (content.kind !== 'audit') return;
  const { report } = content;
  const { label, positive } = report.columns;
  if (label === null || positive === null) return;
  const property = (await context.client.sendRequest(ParametersRequest, { command: 'audit' })).properties.positiveMeans;
  const answer = await positiveMeansStep(
    { title: `Parity: ${auditTitle(report.file, report.query)}: ${property?.title ?? 'A positive prediction is'}` },
    { label, positive, positiveMeans: report.columns.positiveMeans ?? null },
    new Map(),
    property,
  );
  if (answer === undefined || typeof answer === 'symbol' || answer instanceof Skipped || answer.positiveMeans === undefined) return;
  const means = answer.positiveMeans;
  // A restored panel of an older version has no request: a file audit's path tells it.
  const request = content.request;
  const uri = request ? vscode.Uri.parse(request.uri) : isDatabaseReport(report.file) ? undefined : vscode.Uri.file(report.file);
  const saved = uri ? context.columns.get(uri) : undefined;
  if (uri && (means !== null || saved?.positiveMeans !== undefined)) {
    const columns = { ...saved };
    if (means === null) delete columns.positiveMeans;
    else columns.positiveMeans = means;
    await rememberColumns(context, uri, columns);
  }
  // an audit against another reference repeats the request: it carries the answer too
  const options = request ? { ...request.options } : undefined;
  if (options && means === null) delete options.positiveMeans;
  else if (options) options.positiveMeans = means!;
  await showPanel({
    ...content,
    report: { ...report, columns: { ...report.columns, positiveMeans: means } },
    ...(request ? { request: { uri: request.uri, ...(options ? { options } : {}) } } : {}),
  });
}
