import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { panelHtml } from './panel-html';
import type { ExportFormat, ExtensionToWebview, PanelContent, PanelViewState, WebviewToExtension } from '../../common/protocol';

export const PANEL_VIEW_TYPE = 'parity.report';

type ExportHandler = (content: PanelContent, format: ExportFormat) => Promise<unknown>;
type OpenReportHandler = (path: string) => Promise<void>;
type RunMitigationHandler = (content: PanelContent) => Promise<unknown>;

export interface PanelHandlers {
  exportReport: ExportHandler;
  openReport: OpenReportHandler;
  runMitigation: RunMitigationHandler;
}

/**
 * The report panel: a webview under a strict Content-Security-Policy (nonce-only script, no
 * remote anything) that shows an audit, a mitigation run or a comparison. The content is sent on
 * every `ready`, so the webview may be discarded while hidden; the serializer restores it after a
 * window reload from the state the webview saved.
 */
export class ReportPanel {
  private view: PanelViewState = {};

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private content: PanelContent,
    private readonly handlers: PanelHandlers,
  ) {
    panel.webview.onDidReceiveMessage((message: WebviewToExtension) => this.receive(message));
    panel.webview.html = html(panel.webview, vscode.Uri.joinPath(extensionRoot, 'dist', 'webview.js'));
  }

  /** Opens a new panel; resolves once the webview has received the content (or was closed). */
  static show(content: PanelContent, handlers: PanelHandlers): Promise<ReportPanel> {
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, title(content), vscode.ViewColumn.Active, options());
    const report = new ReportPanel(panel, content, handlers);
    return new Promise((resolve) => {
      const done = () => resolve(report);
      report.delivered = done;
      panel.onDidDispose(done);
    });
  }

  static restore(panel: vscode.WebviewPanel, state: unknown, handlers: PanelHandlers): void {
    const saved = state as { content?: PanelContent; view?: PanelViewState } | undefined;
    if (!saved?.content) {
      panel.dispose();
      return;
    }
    panel.webview.options = options();
    const report = new ReportPanel(panel, saved.content, handlers);
    report.view = saved.view ?? {};
  }

  private delivered: (() => void) | undefined;

  private async receive(message: WebviewToExtension): Promise<void> {
    switch (message.type) {
      case 'ready': {
        const reply: ExtensionToWebview = { type: 'show', content: this.content, view: this.view };
        await this.panel.webview.postMessage(reply);
        this.delivered?.();
        return;
      }
      case 'viewState':
        this.view = message.view;
        return;
      case 'export':
        await this.handlers.exportReport(this.content, message.format);
        return;
      case 'openReport':
        await this.handlers.openReport(message.path);
        return;
      case 'runMitigation':
        await this.handlers.runMitigation(this.content);
        return;
    }
  }
}

let extensionRoot: vscode.Uri;

/** Called once on activation: where dist/webview.js is. */
export function setExtensionRoot(root: vscode.Uri): void {
  extensionRoot = root;
}

function options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionRoot, 'dist')] };
}

function title(content: PanelContent): string {
  switch (content.kind) {
    case 'audit':
      return `Audit: ${content.report.file.split(/[\\/]/).pop()}`;
    case 'mitigation':
      return `Mitigation: ${content.report.method}`;
    case 'comparison':
      return 'Parity: method comparison';
  }
}

function html(webview: vscode.Webview, script: vscode.Uri): string {
  return panelHtml(webview.cspSource, webview.asWebviewUri(script).toString(), randomBytes(16).toString('base64'));
}
