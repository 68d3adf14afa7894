import type { DatabaseProblem } from '../../../../common/input-errors';
import { DatabaseError, InputError } from '../../engine/errors';

/**
 * What a database driver's error means for the user, from its code (never its wording, which
 * differs between versions and languages): the query, the login, or the connection.
 */

/** Node's codes for a server that cannot be reached at all. */
const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

function networkCode(error: unknown): boolean {
  const { code, cause } = (error ?? {}) as { code?: unknown; cause?: { code?: unknown } };
  return NETWORK.has(String(code)) || NETWORK.has(String(cause?.code));
}

/**
 * PostgreSQL's SQLSTATE: class 28 is a refused authorization (password, user), 3D000 a database
 * that does not exist; class 42 a syntax error or an unknown column, table or function (but 42501,
 * a missing privilege, is no typo), class 22 a data exception the query raised (a bad cast).
 */
export function postgresProblem(error: unknown): DatabaseProblem | undefined {
  if (networkCode(error)) return 'connection';
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  if (code.startsWith('28')) return 'login';
  if (code === '3D000') return 'connection';
  if ((code.startsWith('42') && code !== '42501') || code.startsWith('22')) return 'query';
  return undefined;
}

/** ClickHouse's error codes (ErrorCodes.cpp) of a query it could not run as written. */
const CLICKHOUSE_QUERY = new Set([
  10, // NOT_FOUND_COLUMN_IN_BLOCK
  16, // NO_SUCH_COLUMN_IN_TABLE
  36, // BAD_ARGUMENTS
  42, // NUMBER_OF_ARGUMENTS_DOESNT_MATCH
  43, // ILLEGAL_TYPE_OF_ARGUMENT
  46, // UNKNOWN_FUNCTION
  47, // UNKNOWN_IDENTIFIER
  53, // TYPE_MISMATCH
  60, // UNKNOWN_TABLE
  62, // SYNTAX_ERROR
  164, // READONLY: the query writes
  179, // MULTIPLE_EXPRESSIONS_FOR_ALIAS
  215, // NOT_AN_AGGREGATE
  352, // AMBIGUOUS_COLUMN_NAME
]);
/** AUTHENTICATION_FAILED, UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD. */
const CLICKHOUSE_LOGIN = new Set([516, 192, 193, 194]);
const CLICKHOUSE_UNKNOWN_DATABASE = 81;

/** The client's `code`, or the "Code: N" the message of an older server starts with. */
export function clickhouseProblem(error: unknown): DatabaseProblem | undefined {
  if (networkCode(error)) return 'connection';
  const given = (error as { code?: unknown } | undefined)?.code;
  const code = Number(given ?? /^Code: (\d+)/.exec(String((error as Error | undefined)?.message ?? ''))?.[1]);
  if (CLICKHOUSE_LOGIN.has(code)) return 'login';
  if (code === CLICKHOUSE_UNKNOWN_DATABASE) return 'connection';
  if (CLICKHOUSE_QUERY.has(code)) return 'query';
  return undefined;
}

/**
 * DuckDB names the kind of its error ("Parser Error: …", after "Failed to extract statements: "
 * when it fails to parse): a parser, binder (unknown column) or catalog (unknown table) error is
 * the query's.
 */
export function duckdbProblem(error: unknown): DatabaseProblem | undefined {
  return /(^|: )(Parser|Binder|Catalog) Error: /.test(String((error as Error | undefined)?.message ?? '')) ? 'query' : undefined;
}

/** A database failure as one line naming where, classified for the editor when the code tells. */
export function databaseFailure(detail: string, where: string, problem: DatabaseProblem | undefined): InputError {
  return problem ? new DatabaseError(detail, { file: where }, problem) : new InputError(detail, { file: where });
}
