import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AuditReport } from '../../../common/reports/audit';
import { AuditRequest, AuditRequestOptions } from '../../../common/protocol';
import type { ParityContext } from '../context';
import { runJob } from '../jobs';
import { fixInput } from './fix-input';
import { DATABASE_SCHEME, databaseOf, requestTarget } from '../connections';
import { connectionFailure } from './database';
import { ReportPanel } from '../panel';
import { showPanel } from './show';
import { plainObject, targetFile } from './target';

/**
 * Parity: Audit Fairness. Uses the columns chosen with Configure Columns (or the options a caller
 * passes, or else the roles the server infers). When the file needs an answer first (a score that
 * is not a probability needs a threshold, the positive label value is unclear, a role is missing)
 * the user is asked, the answer is remembered for the file, and the audit runs again. Shows the
 * panel and resolves to the report (undefined on error or cancel).
 */
export async function auditFile(context: ParityContext, target: unknown, given: unknown): Promise<AuditReport | undefined> {
  const uri = await targetFile(target, 'the file to audit', 'table');
  if (!uri) return undefined;
  const preset = plainObject(given) as AuditRequestOptions | undefined;
  let options: AuditRequestOptions | undefined = preset ?? context.columns.get(uri);
  const database = uri.scheme === DATABASE_SCHEME ? databaseOf(uri) : undefined;
  // a file outside the workspace (the bundled example's read-only copy in the extension's storage) by its name, not its full path
  const name = database
    ? `${database.connection.name}: ${uri.path.split('/').pop()}`
    : vscode.workspace.getWorkspaceFolder(uri)
      ? vscode.workspace.asRelativePath(uri)
      : path.basename(uri.fsPath);
  const source = await requestTarget(context, uri);
  if (!source) return undefined;
  // a new panel says at once what it computes; an open one keeps showing its report until the new one replaces it
  const open = ReportPanel.audits().some((content) => content.request?.uri === uri.toString() || content.report.file === uri.fsPath);
  const pending = open ? undefined : ReportPanel.opening(`Audit: ${database ? name : path.basename(uri.fsPath)}`, `Auditing ${name}…`);
  try {
    const report = await runJob(
      context,
      `auditing ${name}`,
      (token, workDoneToken) => {
        context.log.info(`audit ${database ? `${database.connection.url} ${JSON.stringify(database.relation)}` : uri.fsPath} ${JSON.stringify(options ?? {})}`);
        return context.client.sendRequest(AuditRequest, { uri: uri.toString(), ...source, ...(options ? { options } : {}), workDoneToken }, token);
      },
      {
        uri,
        noun: 'audit',
        result: 'its report is open',
        ...(database ? { failure: connectionFailure(context, database.connection, database.relation) } : {}),
        async onFix(fix, problem) {
          const fixed = await fixInput(context, uri, fix, undefined, problem);
          if (fixed) options = preset ? { ...preset, ...fixed } : fixed;
          return fixed !== undefined;
        },
      },
    );
    if (!report) return undefined;
    context.log.info(`audit ${database ? report.file : uri.fsPath}: ${report.rowsUsed} of ${report.rows} rows, ${report.warnings.length} warning(s)`);
    // the request goes with the report: choosing another reference group in the panel repeats it
    await showPanel({ kind: 'audit', report, request: { uri: uri.toString(), ...(options ? { options } : {}) } }, undefined, pending);
    return report;
  } finally {
    // no report (failed, cancelled), or it went to the panel already open: the loading page goes
    if (pending && !ReportPanel.showsPanel(pending.panel)) pending.panel.dispose();
  }
}
