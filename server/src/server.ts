import { fileURLToPath } from 'node:url';
import { createConnection, ErrorCodes, LSPErrorCodes, ProposedFeatures, ResponseError } from 'vscode-languageserver/node';
import { runAudit } from './engine/audit/run';
import { CancelledError, InputError } from './engine/errors';
import { AuditParams, AuditRequest } from './protocol';

const connection = createConnection(ProposedFeatures.all);

connection.onInitialize(() => ({ capabilities: {}, serverInfo: { name: 'parity' } }));

connection.onRequest(AuditRequest, async (params: AuditParams, token) => {
  const controller = new AbortController();
  token.onCancellationRequested(() => controller.abort());
  const { sensitive, label, prediction, score, ...rest } = params.options ?? {};
  try {
    return await runAudit(fileURLToPath(params.uri), { ...rest, roles: { sensitive, label, prediction, score } }, { signal: controller.signal });
  } catch (error) {
    if (error instanceof InputError) throw new ResponseError(ErrorCodes.InvalidParams, error.message);
    if (error instanceof CancelledError) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'audit cancelled');
    connection.console.error(`audit failed: ${(error as Error).stack ?? String(error)}`);
    throw new ResponseError(ErrorCodes.InternalError, `audit failed: ${(error as Error).message}`);
  }
});

connection.listen();
