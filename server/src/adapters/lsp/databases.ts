import { CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { DatabaseTarget, TablesResult } from '../../../../common/protocol';
import { SEAL_KEY_VARIABLE, unseal } from '../../../../common/sealed-secret';
import type { InputErrorData } from '../../../../common/input-errors';
import { CancelledError, DatabaseError, InputError } from '../../engine/errors';
import type { SqlRelation } from '../../engine/table/rows';
import { parseLocation, redactUrl } from '../../io/location';
import { listTables } from '../../io/sql/catalog';

// The key the client sealed passwords with; out of the environment at once, so that worker threads
// and anything that prints the environment never see it.
const sealKey = process.env[SEAL_KEY_VARIABLE];
delete process.env[SEAL_KEY_VARIABLE];

/**
 * Where a database request reads: its URL with the password put back in (it lives only in this
 * request and the job it starts; reports and messages show `redactUrl` of it).
 */
export function databaseLocation(target: Omit<DatabaseTarget, 'relation'>): string {
  const source = String(target.source);
  const location = parseLocation(source);
  if (location.kind !== 'database') throw invalid(`not a database connection: ${redactUrl(source)}`);
  if (location.database === 'duckdb') return source;
  const url = URL.canParse(source) ? new URL(source) : undefined;
  if (!url) throw invalid(`not a database URL: ${redactUrl(source)}`);
  if (url.password) throw invalid(`the connection ${redactUrl(source)} has a password in its URL; leave it out (Parity asks for it)`);
  if (target.sealedPassword === undefined) return source;
  const password = sealKey ? unseal(String(target.sealedPassword), sealKey) : undefined;
  if (password === undefined) throw invalid('the password of the connection could not be read; run the command again');
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** The job of a database request: the location with its password and what to read. */
export function databaseSource(target: DatabaseTarget): { file: string; relation: SqlRelation } {
  const relation = target.relation as Partial<Record<'table' | 'query', unknown>> | undefined;
  if (typeof relation?.table === 'string' && relation.table !== '') return { file: databaseLocation(target), relation: { table: relation.table } };
  if (typeof relation?.query === 'string' && relation.query.trim() !== '') return { file: databaseLocation(target), relation: { query: relation.query } };
  throw invalid('a database audit needs a table or a query');
}

/** Parity: Audit Database Table…'s list of tables (run in the server: catalog queries are short). */
export async function databaseTables(target: Omit<DatabaseTarget, 'relation'>, token: CancellationToken): Promise<TablesResult> {
  const controller = new AbortController();
  const cancellation = token.onCancellationRequested(() => controller.abort());
  try {
    const { where, tables } = await listTables(databaseLocation(target), controller.signal);
    return { where, tables: tables.map(({ schema, name, kind, relation }) => ({ schema, name, kind, relation })) };
  } catch (error) {
    if (error instanceof CancelledError) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    if (error instanceof InputError) {
      const data: InputErrorData = { detail: error.detail, ...(error instanceof DatabaseError ? { database: error.problem } : {}) };
      throw new ResponseError(ErrorCodes.InvalidParams, error.message, data);
    }
    throw error;
  } finally {
    cancellation.dispose();
  }
}

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}
