import * as vscode from 'vscode';
import type { AuditReport } from '../../../common/reports/audit';
import { AuditRequest, AuditRequestOptions } from '../../../common/protocol';
import type { ParityContext } from '../context';
import { runJob } from '../jobs';
import { showPanel } from './show';
import { plainObject, targetFile } from './target';

/**
 * Parity: Audit Fairness. Uses the columns chosen with Configure Columns (or the options a caller
 * passes), shows the panel, and resolves to the report (undefined on error or cancel).
 */
export async function auditFile(context: ParityContext, target: unknown, given: unknown): Promise<AuditReport | undefined> {
  const uri = targetFile(target);
  if (!uri) return undefined;
  const options: AuditRequestOptions | undefined = (plainObject(given) as AuditRequestOptions | undefined) ?? context.columns.get(uri);
  const name = vscode.workspace.asRelativePath(uri);
  context.log.info(`audit ${uri.fsPath} ${JSON.stringify(options ?? {})}`);
  const report = await runJob(context.client, context.log, context.status, `auditing ${name}`, (token, workDoneToken) =>
    context.client.sendRequest(AuditRequest, { uri: uri.toString(), ...(options ? { options } : {}), workDoneToken }, token),
  );
  if (!report) return undefined;
  context.log.info(`audit ${uri.fsPath}: ${report.rowsUsed} of ${report.rows} rows, ${report.warnings.length} warning(s)`);
  await showPanel({ kind: 'audit', report });
  return report;
}
