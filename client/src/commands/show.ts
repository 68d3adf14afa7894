import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { MitigationReport } from '../../../common/reports/mitigation';
import {
  type AuditContent,
  type PanelContent,
  type PanelViewState,
  type ProxyFindings,
  ProxiesRequest,
  type WebviewToExtension,
} from '../../../common/protocol';
import { settingText } from '../../../common/render/tradeoff';
import { isDatabaseReport, PanelHandlers, ReportPanel } from '../panel';
import { optionsWithReference } from '../reference-groups';
import { exportContent } from './export';

/** The language server the panels ask (an audit's proxies); set at activation. */
let server: LanguageClient | undefined;

export function panelsAsk(client: LanguageClient): void {
  server = client;
}

/** Opens a report in its panel (refreshing the panel already showing that report). */
export async function showPanel(content: PanelContent, view?: PanelViewState): Promise<void> {
  await ReportPanel.show(content, panelHandlers, view);
}

/** What the focused report panel shows (Export Report exports it). */
export function focusedReport(): { content: PanelContent; view: PanelViewState } | undefined {
  return ReportPanel.focused()?.shown;
}

export const panelHandlers: PanelHandlers = {
  exportReport: (content, view, format) => exportContent({ content, view }, format),
  /** The audit panel's "Run Mitigation…": the same command, on the audited file. */
  async runMitigation(content: PanelContent): Promise<void> {
    if (content.kind !== 'audit') return;
    if (isDatabaseReport(content.report.file)) {
      void vscode.window.showInformationMessage(
        'Parity: mitigations read data files (CSV, Parquet, JSON Lines, Arrow); export the table or query to a Parquet file to run one.',
      );
      return;
    }
    await vscode.commands.executeCommand('parity.runMitigation', vscode.Uri.file(content.report.file));
  },
  openReport: (message) => openSweepPoint(message),
  /** The same audit (file or table, options) with the chosen reference group: its report replaces the panel's. */
  async chooseReference(content: AuditContent, group: Record<string, string>): Promise<void> {
    const request = content.request;
    if (!request) {
      void vscode.window.showInformationMessage(
        'Parity: this panel was opened by an earlier version of Parity: run Audit Fairness again to compare with another reference group with intervals.',
      );
      return;
    }
    const options = optionsWithReference(request.options, group, content.report.columns.sensitive);
    await vscode.commands.executeCommand('parity.auditFile', vscode.Uri.parse(request.uri), options);
  },
  async proxies(content: AuditContent): Promise<ProxyFindings> {
    const report = content.report;
    const uri = content.request?.uri ?? (isDatabaseReport(report.file) ? undefined : vscode.Uri.file(report.file).toString());
    if (!uri || !server) return { checked: false, reason: 'run Audit Fairness again to check the columns' };
    try {
      return await server.sendRequest(ProxiesRequest, { uri, sensitive: report.columns.sensitive, label: report.columns.label });
    } catch (error) {
      return { checked: false, reason: error instanceof Error ? error.message : String(error) };
    }
  },
  /** The audit header's "Set…" after "not stated": the question, then the same panel worded by the answer. */
  setPositiveMeans: async (content) => vscode.commands.executeCommand('parity.setPositiveMeans', content),
};

/**
 * A trade-off point was clicked: its run's report.json in a mitigation panel showing exactly that
 * setting as "after" (the sweep point's own per-group figures), named in the panel and its title.
 */
export async function openSweepPoint(message: Extract<WebviewToExtension, { type: 'openReport' }>): Promise<void> {
  let report: MitigationReport;
  try {
    report = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(message.path))).toString('utf8')) as MitigationReport;
  } catch (error) {
    void vscode.window.showErrorMessage(
      `Parity: cannot open the report of ${message.method} (${message.setting}): ${error instanceof Error ? error.message : String(error)}`,
    );
    return;
  }
  const point = message.sweepIndex === null ? undefined : report.tradeoff[message.sweepIndex];
  if (message.sweepIndex !== null && (!point || settingText(point.parameter, point.value) !== message.setting)) {
    void vscode.window.showErrorMessage(
      `Parity: ${message.path} no longer has the setting ${message.setting} of this comparison (the method was run again); run Compare Methods again.`,
    );
    return;
  }
  await showPanel({ kind: 'mitigation', report }, { sweepIndex: message.sweepIndex });
}
