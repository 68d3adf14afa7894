import * as vscode from 'vscode';
import { formatMarkdown } from '../../../common/render/markdown';
import type { ExportFormat, PanelContent } from '../../../common/protocol';
import { renderAuditHtml, renderMitigationHtml } from '../../../common/render/html';

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
  await vscode.workspace.fs.writeFile(uri, Buffer.from(render(content, chosen), 'utf8'));
  void vscode.window.showInformationMessage(`Parity: exported ${vscode.workspace.asRelativePath(uri)}`);
  return uri;
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
