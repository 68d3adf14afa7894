import * as vscode from 'vscode';
import type { MitigationReport } from '../../../common/reports/mitigation';
import type { PanelContent } from '../../../common/protocol';
import { PanelHandlers, ReportPanel } from '../panel';
import { exportContent } from './export';

let active: PanelContent | undefined;

/** Opens a report panel; the content becomes what Export Report exports. */
export async function showPanel(content: PanelContent): Promise<void> {
  active = content;
  await ReportPanel.show(content, panelHandlers);
}

export function activeContent(): PanelContent | undefined {
  return active;
}

export const panelHandlers: PanelHandlers = {
  exportReport: exportContent,
  /** The audit panel's "Run Mitigation…": the same command, on the audited file. */
  async runMitigation(content: PanelContent): Promise<void> {
    if (content.kind === 'audit') await vscode.commands.executeCommand('parity.runMitigation', vscode.Uri.file(content.report.file));
  },
  /** A trade-off point was clicked: open that run's report.json in a mitigation panel. */
  async openReport(path: string): Promise<void> {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(path));
    const report = JSON.parse(Buffer.from(bytes).toString('utf8')) as MitigationReport;
    await showPanel({ kind: 'mitigation', report });
  },
};
