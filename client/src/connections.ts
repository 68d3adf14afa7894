import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatabaseTarget } from '../../common/protocol';
import { seal } from '../../common/sealed-secret';
import type { ParityContext } from './context';

/** A saved database connection (setting `parity.connections`): never a password, which stays in SecretStorage. */
export interface Connection {
  name: string;
  /** duckdb:PATH, postgres://USER@HOST:PORT/DB or clickhouse://USER@HOST:PORT/DB. */
  url: string;
}

/** The editor's name for a table or query of a connection, used as a file's URI is (remembered columns, titles). */
export const DATABASE_SCHEME = 'parity-db';

export function connections(): Connection[] {
  const saved = vscode.workspace.getConfiguration('parity').get<unknown[]>('connections', []);
  return saved.filter(
    (c): c is Connection => typeof c === 'object' && c !== null && typeof (c as Connection).name === 'string' && typeof (c as Connection).url === 'string',
  );
}

/** Saves the user's list (user settings), `replaced` (by name) removed and `added` put in its place. */
export async function saveConnection(added: Connection | undefined, replaced?: string): Promise<void> {
  const configuration = vscode.workspace.getConfiguration('parity');
  const list = (configuration.inspect<Connection[]>('connections')?.globalValue ?? []).filter((c) => c.name !== replaced && c.name !== added?.name);
  await configuration.update('connections', added ? [...list, added].sort((a, b) => a.name.localeCompare(b.name)) : list, vscode.ConfigurationTarget.Global);
}

/** Whether the database asks for a password (a DuckDB file has none). */
export function needsPassword(connection: Connection): boolean {
  return !connection.url.startsWith('duckdb:');
}

/** Why a connection URL cannot be saved, in the editor's words (undefined: it can). */
export function urlProblem(text: string): string | undefined {
  const url = text.trim();
  if (/^duckdb:./i.test(url)) return undefined;
  if (!/^(postgres|postgresql|clickhouse|clickhouses):\/\//i.test(url))
    return 'Give duckdb:PATH, postgres://USER@HOST:PORT/DATABASE or clickhouse://USER@HOST:PORT/DATABASE.';
  if (!URL.canParse(url)) return 'This URL cannot be read: check its host, port and database.';
  const parsed = new URL(url);
  if (parsed.password || /pass/i.test(parsed.search)) return 'Leave the password out of the URL: Parity asks for it and keeps it in VS Code’s secret storage.';
  if (!parsed.hostname) return 'The URL needs a host, e.g. postgres://USER@localhost:5432/DATABASE.';
  return undefined;
}

/** A DuckDB path relative to the workspace is made absolute: the server has no notion of the workspace. */
export function normalizedUrl(text: string): string {
  const url = text.trim();
  const match = /^duckdb:(.*)$/i.exec(url);
  if (!match || path.isAbsolute(match[1]!)) return url;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return folder ? `duckdb:${path.join(folder, match[1]!)}` : url;
}

const secretKey = (connection: Connection) => `parity.password:${connection.name}\n${connection.url}`;

/**
 * The connection's password, sealed for one request: from SecretStorage, or asked once (a
 * password box) and kept there. Null: none needed or none given; undefined: the user cancelled.
 */
export async function sealedPassword(context: ParityContext, connection: Connection): Promise<string | null | undefined> {
  if (!needsPassword(connection)) return null;
  let password = await context.secrets.get(secretKey(connection));
  if (password === undefined) {
    password = await vscode.window.showInputBox({
      title: `Parity: password of ${connection.name}`,
      prompt: `The password of ${connection.url} (kept in VS Code's secret storage; leave empty for none)`,
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) return undefined;
    await context.secrets.store(secretKey(connection), password);
  }
  return password === '' ? null : seal(password, context.sealKey);
}

export async function forgetPassword(context: ParityContext, connection: Connection): Promise<void> {
  await context.secrets.delete(secretKey(connection));
}

/** The editor's URI of a table or query of a connection. */
export function databaseUri(connection: Connection, relation: DatabaseTarget['relation']): vscode.Uri {
  const shown = 'table' in relation ? relation.table : 'query';
  return vscode.Uri.from({
    scheme: DATABASE_SCHEME,
    path: `/${connection.name.replaceAll('/', '_')}/${shown.replaceAll('/', '_')}`,
    query: new URLSearchParams({ connection: connection.name, ...relation }).toString(),
  });
}

/** The connection and relation a `parity-db:` URI names (undefined: the connection was removed since). */
export function databaseOf(uri: vscode.Uri): { connection: Connection; relation: DatabaseTarget['relation'] } | undefined {
  const query = new URLSearchParams(uri.query);
  const connection = connections().find((c) => c.name === query.get('connection'));
  const table = query.get('table');
  const sql = query.get('query');
  if (!connection || (table === null && sql === null)) return undefined;
  return { connection, relation: table !== null ? { table } : { query: sql! } };
}

/**
 * What a request about `uri` sends besides the URI: nothing for a file; for a database table or
 * query, the connection's URL, the sealed password and the relation. Undefined when the user
 * cancelled the password question or the connection is gone (said in a message).
 */
export async function requestTarget(context: ParityContext, uri: vscode.Uri): Promise<{ database?: DatabaseTarget } | undefined> {
  if (uri.scheme !== DATABASE_SCHEME) return {};
  const found = databaseOf(uri);
  if (!found) {
    void vscode.window.showErrorMessage(`Parity: the connection of ${uri.path} is no longer saved; run Parity: Audit Database Table… again.`);
    return undefined;
  }
  const password = await sealedPassword(context, found.connection);
  if (password === undefined) return undefined;
  return { database: { source: found.connection.url, relation: found.relation, ...(password !== null ? { sealedPassword: password } : {}) } };
}
