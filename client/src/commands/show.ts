import * as vscode from 'vscode';
import { auditedColumns, type AuditReport } from '../../../common/reports/audit';
import type { MitigationReport } from '../../../common/reports/mitigation';
import {
  type AuditContent,
  type PanelContent,
  type PanelViewState,
  type ProxyFindings,
  ProxiesRequest,
  type WebviewToExtension,
} from '../../../common/protocol';
import { shownGroupingIndex } from '../../../common/render/default-grouping';
import { settingText } from '../../../common/render/tradeoff';
import { isDatabaseReport, PanelHandlers, type PendingPanel, ReportPanel } from '../panel';
import type { ParityContext } from '../context';
import { optionsWithReference } from '../reference-groups';
import { rememberColumns } from './configure';
import { exportContent } from './export';

/** What the panels ask and remember with (the language server for an audit's proxies, the files' columns); set at activation. */
let parity: ParityContext | undefined;

export function panelsAsk(context: ParityContext): void {
  parity = context;
}

/** Opens a report in its panel (refreshing the panel already showing that report), or in `pending`, opened while it was computed. */
export async function showPanel(content: PanelContent, view?: PanelViewState, pending?: PendingPanel): Promise<void> {
  await ReportPanel.show(content, panelHandlers, view, pending);
}

/** What the focused report panel shows (Export Report exports it). */
export function focusedReport(): { content: PanelContent; view: PanelViewState } | undefined {
  return ReportPanel.focused()?.shown;
}

export const panelHandlers: PanelHandlers = {
  exportReport: (content, view, format) => exportContent({ content, view }, format),
  /** The audit panel's "Run Mitigation…": the same command, on the audited file, starting on the grouping the panel shows. */
  async runMitigation(content: PanelContent, view: PanelViewState): Promise<void> {
    if (content.kind !== 'audit') return;
    if (isDatabaseReport(content.report.file)) {
      void vscode.window.showInformationMessage(
        'Parity: mitigations read data files (CSV, Parquet, JSON Lines, Arrow); export the table or query to a Parquet file to run one.',
      );
      return;
    }
    const grouping = content.report.groupings[shownGroupingIndex(content.report, view.grouping)]?.by;
    await vscode.commands.executeCommand('parity.runMitigation', vscode.Uri.file(content.report.file), grouping ? { grouping } : undefined);
  },
  openReport: (message) => openSweepPoint(message),
  // vscode.open picks the editor for the format (text for CSV and JSON, binary for Parquet)
  openOutput: async (file) => vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file)),
  /** The same audit (file or table, options) with the chosen reference group: its report replaces the panel's. */
  async chooseReference(content: AuditContent, group: Record<string, string>): Promise<void> {
    const request = content.request;
    if (!request) {
      void vscode.window.showInformationMessage(
        'Parity: this panel was opened by an earlier version of Parity: run Audit Fairness again to compare with another reference group with intervals.',
      );
      return;
    }
    const sensitive = content.report.columns.sensitive;
    const uri = vscode.Uri.parse(request.uri);
    const report = await vscode.commands.executeCommand<AuditReport | undefined>(
      'parity.auditFile',
      uri,
      optionsWithReference(request.options, group, sensitive),
    );
    // the next audit of the file keeps the reference (as if chosen in Configure Columns)
    if (report && parity) {
      await rememberColumns(parity, uri, optionsWithReference(parity.columns.get(uri), group, sensitive));
      const chosen = Object.entries(group).map(([column, value]) => `${column} = ${value}`);
      // short, as the status bar cuts long text: the panel says which groupings the reference also sets
      vscode.window.setStatusBarMessage(`Parity: reference ${chosen.join(', ')} kept for this file's next audits`, 8000);
    }
  },
  async proxies(content: AuditContent): Promise<ProxyFindings> {
    const report = content.report;
    const uri = auditedUri(content)?.toString();
    const server = parity?.client;
    if (!uri || !server) return { checked: false, reason: 'run Audit Fairness again to check the columns' };
    try {
      return await server.sendRequest(ProxiesRequest, {
        uri,
        sensitive: report.columns.sensitive,
        // a label the audit dropped (not binary, in a dataset audit) is still the target, not a proxy
        label: report.columns.label ?? content.request?.options?.label ?? null,
        audited: auditedColumns(report.columns),
      });
    } catch (error) {
      return { checked: false, reason: error instanceof Error ? error.message : String(error) };
    }
  },
  /**
   * The quick fixes of a proxy's diagnostic, from the panel: "Ignore" takes the row out at once;
   * "Mark sensitive" adds the column to the file's sensitive attributes and audits again.
   */
  async fixProxy(content, fix, column, sensitive) {
    const uri = auditedUri(content);
    if (!uri) return undefined;
    if (fix === 'markSensitive') {
      await vscode.commands.executeCommand('parity.markSensitive', { uri: uri.toString(), column, alreadySensitive: content.report.columns.sensitive });
      await vscode.commands.executeCommand('parity.auditFile', uri);
      return undefined;
    }
    await vscode.commands.executeCommand('parity.ignoreProxy', { uri: uri.toString(), column, sensitive });
    const findings = content.proxies;
    if (!findings?.checked) return undefined;
    const kept = findings.proxies.filter((proxy) => proxy.column !== column || proxy.sensitive !== sensitive);
    return { ...findings, proxies: kept, ignored: findings.ignored + findings.proxies.length - kept.length };
  },
  /** The audit header's "Set…" after "not stated": the question, then the same panel worded by the answer. */
  setPositiveMeans: async (content) => vscode.commands.executeCommand('parity.setPositiveMeans', content),
  auditAgain: async (content) => {
    const request = content.request;
    const uri = request ? vscode.Uri.parse(request.uri) : auditedUri(content);
    if (uri) await vscode.commands.executeCommand('parity.auditFile', uri, request?.options);
  },
  configureColumns: async (content) => {
    const uri = auditedUri(content);
    if (uri) await vscode.commands.executeCommand('parity.configureColumns', uri);
  },
};

/** The file or table an audit panel shows (a restored panel of an older version: its file's path); undefined for an older database panel. */
function auditedUri(content: AuditContent): vscode.Uri | undefined {
  if (content.request) return vscode.Uri.parse(content.request.uri);
  return isDatabaseReport(content.report.file) ? undefined : vscode.Uri.file(content.report.file);
}

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
