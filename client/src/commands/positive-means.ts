import * as vscode from 'vscode';
import { ParametersRequest, type PanelContent } from '../../../common/protocol';
import { mitigationTitle } from '../../../common/render/mitigation-model';
import { auditTitle } from '../../../common/render/text';
import { auditsDecisionsOnly, type PositiveMeans } from '../../../common/reports/audit';
import { withPositiveMeans } from '../audit-wording';
import { positiveMeansNoun, positiveMeansTitle } from '../positive-noun';
import type { ParityContext } from '../context';
import { isDatabaseReport } from '../panel';
import { Skipped } from '../quick-input';
import { positiveMeansStep, rememberColumns } from './configure';
import { showPanel } from './show';

/**
 * The "Set…" beside "not stated" of an audit or a mitigation panel: asks what a positive prediction
 * means (the question of Configure Columns), remembers the answer with the file's columns, and shows
 * the same report worded by it. The figures do not depend on the answer, so nothing runs again.
 */
export async function setPositiveMeans(context: ParityContext, content: PanelContent): Promise<void> {
  if (content.kind === 'comparison') return;
  const { report } = content;
  const { label, positive } = report.columns;
  // decisions audited without the label: the question is about the decision (the prediction, or the score's cut)
  const outcome = content.kind === 'audit' && auditsDecisionsOnly(content.report) ? (content.report.columns.prediction ?? content.report.columns.score) : label;
  if (outcome === null || positive === null || positive === undefined) return;
  const title = content.kind === 'audit' ? auditTitle(content.report.file, content.report.query) : mitigationTitle(content.report);
  const property = (await context.client.sendRequest(ParametersRequest, { command: 'audit' })).properties.positiveMeans;
  // a mitigation's outcome is its model's prediction; an audit's a prediction too, unless it audits a label alone
  const noun =
    content.kind === 'audit'
      ? positiveMeansNoun({ label, prediction: content.report.columns.prediction ?? null, score: content.report.columns.score ?? null })
      : 'prediction';
  const answer = await positiveMeansStep(
    { title: `Parity: ${title}: ${positiveMeansTitle(noun)}` },
    { label: outcome, positive, positiveMeans: report.columns.positiveMeans ?? null, prediction: null, score: null, threshold: undefined },
    new Map(),
    property,
    noun,
  );
  if (answer === undefined || typeof answer === 'symbol' || answer instanceof Skipped || answer.positiveMeans === undefined) return;
  const means = answer.positiveMeans;
  if (content.kind === 'mitigation') {
    // the user's file: in a comparison, its training file (not the base model's score files)
    const file = content.report.comparedIn?.train ?? content.report.files.inputs['train'] ?? content.report.files.inputs['data'];
    if (file && label !== null) await remember(context, vscode.Uri.file(file), means, { label, positive });
    await showPanel({ kind: 'mitigation', report: { ...content.report, columns: { ...content.report.columns, positiveMeans: means } } });
    return;
  }
  // A restored panel of an older version has no request: a file audit's path tells it.
  const request = content.request;
  const uri = request ? vscode.Uri.parse(request.uri) : isDatabaseReport(content.report.file) ? undefined : vscode.Uri.file(content.report.file);
  if (uri) await remember(context, uri, means);
  await showPanel(withPositiveMeans(content, means));
}

/**
 * Keeps the answer with the file's columns (its label and positive value too when none are saved,
 * since the answer is about that outcome); not when the file's saved label is another column.
 */
async function remember(context: ParityContext, uri: vscode.Uri, means: PositiveMeans | null, outcome?: { label: string; positive: string }): Promise<void> {
  const saved = context.columns.get(uri);
  if (outcome && saved?.label !== undefined && saved.label !== outcome.label) return;
  if (means === null && saved?.positiveMeans === undefined) return;
  const columns = { ...(outcome && saved?.label === undefined ? outcome : {}), ...saved };
  if (means === null) delete columns.positiveMeans;
  else columns.positiveMeans = means;
  await rememberColumns(context, uri, columns);
}
