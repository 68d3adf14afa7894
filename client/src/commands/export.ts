import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { formatMarkdown } from '../../../common/render/markdown';
import { ExportRequest, type ExportFormat, type PanelContent } from '../../../common/protocol';
import { renderAuditHtml, renderMitigationHtml } from '../../../common/render/html';

/** The language server, which writes exports through Parity's output guard (set at activation). */
let server: LanguageClient | undefined;

export function exportThrough(client: LanguageClient): void {
  server = client;
}

/** Parity: Export Report: the panel's content as self-contained HTML, Markdown or JSON. */
export async function exportContent(content: PanelContent | undefined, format?: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (!content) {
    void vscode.window.showErrorMessage('Parity: open an audit or mitigation report first.');
    return undefined;
  }
  const formats = available(content);
  const chosen = format ?? ((await vscode.window.showQuickPick(formats, { title: 'Export the report as' })) as ExportFormat | undefined);
  if (!chosen || !formats.includes(chosen)) return undefined;
  const extension = EXTENSIONS[chosen];
  const uri = target ?? (await vscode.window.showSaveDialog({ filters: { [chosen.toUpperCase()]: [extension] }, defaultUri: defaultLocation(content, extension) }));
  if (!uri) return undefined;
  const text = render(content, chosen);
  try {
    // A local file goes through the server's guard: never over the files the report was made from, and atomically.
    if (uri.scheme === 'file' && server) await server.sendRequest(ExportRequest, { uri: uri.toString(), text, inputs: inputsOf(content) });
    else await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  } catch (error) {
    void vscode.window.showErrorMessage(`Parity: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  void vscode.window.showInformationMessage(`Parity: exported ${vscode.workspace.asRelativePath(uri)}`);
  return uri;
}

/** The files a report was made from, and its own files: an export may replace none of them. */
function inputsOf(content: PanelContent): string[] {
  if (content.kind === 'audit') return [content.report.file];
  if (content.kind === 'mitigation') return [...Object.values(content.report.files.inputs), content.report.files.predictions, content.report.files.model, content.report.files.report];
  return content.comparison.points.flatMap((point) => (point.report ? [point.report] : []));
}

const EXTENSIONS: Record<ExportFormat, string> = { html: 'html', markdown: 'md', json: 'json' };

function available(content: PanelContent): ExportFormat[] {
  return content.kind === 'audit' ? ['html', 'markdown', 'json'] : content.kind === 'mitigation' ? ['html', 'json'] : ['json'];
}

function render(content: PanelContent, format: ExportFormat): string {
  if (content.kind === 'audit') {
    if (format === 'html') return renderAuditHtml(content.report);
    if (format === 'markdown') return formatMarkdown(content.report);
    return JSON.stringify(content.report, null, 2) + '\n';
  }
  if (content.kind === 'mitigation') return format === 'html' ? renderMitigationHtml(content.report) : JSON.stringify(content.report, null, 2) + '\n';
  return JSON.stringify(content.comparison, null, 2) + '\n';
}

function defaultLocation(content: PanelContent, extension: string): vscode.Uri | undefined {
  const source = content.kind === 'audit' ? content.report.file : content.kind === 'mitigation' ? content.report.files.report : undefined;
  return source ? vscode.Uri.file(source.replace(/(\.csv(\.gz)?|\.json)$/i, '') + `.parity.${extension}`) : undefined;
}
