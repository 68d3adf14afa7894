import * as path from 'node:path';
import * as vscode from 'vscode';
import { isDatabaseReport } from '../panel';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXPORT_FORMATS, ExportRequest, type ExportFormat, type PanelContent, type PanelViewState } from '../../../common/protocol';
import { formatComparisonMarkdown } from '../../../common/render/comparison-markdown';
import { renderComparisonHtml } from '../../../common/render/comparison-html';
import { renderAuditHtml } from '../../../common/render/html';
import { formatMarkdown } from '../../../common/render/markdown';
import { formatMitigationMarkdown } from '../../../common/render/mitigation-markdown';
import { renderMitigationHtml } from '../../../common/render/mitigation-html';
import { mitigationExportName, mitigationTitle } from '../../../common/render/mitigation-model';
import { exportFileName } from '../../../common/render/text';
import { auditExport } from '../../../common/render/export-scope';

/** The language server, which writes exports through Parity's output guard (set at activation). */
let server: LanguageClient | undefined;

export function exportThrough(client: LanguageClient): void {
  server = client;
}

/**
 * Parity: Export Report: what a panel shows, as self-contained HTML (print-friendly, no script),
 * Markdown or JSON. The HTML and Markdown follow the panel's view: the reference group chosen for the
 * grouping shown (and that grouping only, when the panel's export choice says so), the sweep point shown as "after". The notification offers to open the file.
 */
export async function exportContent(
  shown: { content: PanelContent; view: PanelViewState } | undefined,
  format?: ExportFormat,
  target?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  if (!shown) {
    void vscode.window.showErrorMessage('Parity: no report panel is open: run Audit Fairness, Run Mitigation… or Compare Methods first.');
    return undefined;
  }
  const { content, view } = shown;
  const chosen = format ?? ((await vscode.window.showQuickPick([...EXPORT_FORMATS], { title: `Export ${subject(content)} as` })) as ExportFormat | undefined);
  if (!chosen || !EXPORT_FORMATS.includes(chosen)) return undefined;
  const extension = EXTENSIONS[chosen];
  const uri =
    target ?? (await vscode.window.showSaveDialog({ filters: { [chosen.toUpperCase()]: [extension] }, defaultUri: defaultLocation(content, view, extension) }));
  if (!uri) return undefined;
  const text = await render(content, view, chosen);
  try {
    // A local file goes through the server's guard: never over the files the report was made from, and atomically.
    if (uri.scheme === 'file' && server) await server.sendRequest(ExportRequest, { uri: uri.toString(), text, inputs: inputsOf(content) });
    else await writeThroughTemporary(uri, text);
  } catch (error) {
    void vscode.window.showErrorMessage(`Parity: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  void offerToOpen(uri, chosen);
  return uri;
}

/** Written next to the target, then renamed into place: a failed export leaves no half file. */
async function writeThroughTemporary(uri: vscode.Uri, text: string): Promise<void> {
  const temporary = uri.with({ path: `${uri.path}.${process.pid}.tmp` });
  await vscode.workspace.fs.writeFile(temporary, Buffer.from(text, 'utf8'));
  await vscode.workspace.fs.rename(temporary, uri, { overwrite: true });
}

/** The files a report was made from, and its own files: an export may replace none of them. */
function inputsOf(content: PanelContent): string[] {
  if (content.kind === 'audit') return [content.report.file];
  if (content.kind === 'mitigation')
    return [...Object.values(content.report.files.inputs), content.report.files.predictions, content.report.files.model, content.report.files.report];
  return content.comparison.points.flatMap((point) => (point.report ? [point.report] : []));
}

async function offerToOpen(uri: vscode.Uri, format: ExportFormat): Promise<void> {
  const actions = format === 'html' ? ['Open', 'Open in Browser'] : ['Open'];
  const action = await vscode.window.showInformationMessage(`Parity: exported ${vscode.workspace.asRelativePath(uri)}`, ...actions);
  if (action === 'Open') await vscode.commands.executeCommand('vscode.open', uri);
  if (action === 'Open in Browser') await vscode.env.openExternal(uri);
}

const EXTENSIONS: Record<ExportFormat, string> = { html: 'html', markdown: 'md', json: 'json' };

function subject(content: PanelContent): string {
  return content.kind === 'audit'
    ? `the audit of ${path.basename(content.report.file)}`
    : content.kind === 'mitigation'
      ? `the report of ${mitigationTitle(content.report)}`
      : 'the comparison';
}

async function render(content: PanelContent, view: PanelViewState, format: ExportFormat): Promise<string> {
  switch (content.kind) {
    case 'audit': {
      if (format === 'json') return JSON.stringify(content.report, null, 2) + '\n';
      const { report, references, scopeLine } = auditExport(content.report, view);
      return format === 'html'
        ? renderAuditHtml(report, references, content.proxies, scopeLine)
        : formatMarkdown(report, references, content.proxies, scopeLine);
    }
    case 'mitigation':
      if (format === 'html') return renderMitigationHtml(content.report, view.sweepIndex ?? null);
      if (format === 'markdown') return formatMitigationMarkdown(content.report, view.sweepIndex ?? null);
      return JSON.stringify(content.report, null, 2) + '\n';
    case 'comparison':
      if (format === 'html') return renderComparisonHtml(content.comparison);
      if (format === 'markdown') return formatComparisonMarkdown(content.comparison);
      return JSON.stringify(content.comparison, null, 2) + '\n';
  }
}

function defaultLocation(content: PanelContent, view: PanelViewState, extension: string): vscode.Uri | undefined {
  switch (content.kind) {
    case 'audit': {
      // A database's audit is saved in the workspace, named after its table.
      if (isDatabaseReport(content.report.file)) {
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const table = /\stable "(.*)"$/.exec(content.report.file)?.[1]?.replace(/[^\w.-]+/g, '_') ?? 'query';
        return folder ? vscode.Uri.joinPath(folder, `${table}.parity.${extension}`) : undefined;
      }
      // Beside the file, or in the workspace when the file is outside it (the bundled example's copy in Parity's storage).
      const file = vscode.Uri.file(content.report.file);
      const folder = vscode.workspace.getWorkspaceFolder(file) ? undefined : vscode.workspace.workspaceFolders?.[0]?.uri;
      return vscode.Uri.joinPath(folder ?? vscode.Uri.file(path.dirname(file.fsPath)), exportFileName(path.basename(file.fsPath), extension));
    }
    case 'mitigation':
      // a sweep point shown as "after" is named in the file's name: model.json beside it is the run's own
      return vscode.Uri.file(path.join(path.dirname(content.report.files.report), mitigationExportName(content.report, view.sweepIndex, extension)));
    case 'comparison':
      return content.comparison.files ? vscode.Uri.file(path.join(content.comparison.files.out, `comparison.parity.${extension}`)) : undefined;
  }
}
