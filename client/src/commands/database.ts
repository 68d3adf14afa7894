import * as vscode from 'vscode';
import type { AuditReport } from '../../../common/reports/audit';
import type { DatabaseProblem } from '../../../common/input-errors';
import { type DatabaseTarget, TablesRequest, type TablesResult } from '../../../common/protocol';
import {
  type Connection,
  connections,
  databaseUri,
  forgetPassword,
  needsPassword,
  normalizedUrl,
  saveConnection,
  sealedPassword,
  urlProblem,
} from '../connections';
import type { ParityContext } from '../context';
import { type FailureHelp, runJob } from '../jobs';

const EDIT: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: 'Edit Connection' };
const FORGET: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('key'), tooltip: 'Forget Password' };
/** The action that fixes an unreachable server or a wrong database in its URL. */
const EDIT_CONNECTION = 'Edit Connection…';
const REMOVE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Remove Connection' };

/**
 * Parity: Audit Database Table…. A saved connection (or a new one: a name and a URL without
 * password), its password from SecretStorage (asked once), a table of the database or a query,
 * then the audit of a file: the same questions when a role needs an answer, progress and cancel
 * (which cancels the query on the database server), and the panel naming the database and rows.
 */
export async function auditDatabase(context: ParityContext, chosen?: Connection): Promise<AuditReport | undefined> {
  const connection = chosen ?? (await pickConnection(context));
  if (!connection) return undefined;
  const password = await sealedPassword(context, connection);
  if (password === undefined) return undefined;
  const listed = await runJob(
    context,
    `reading the tables of ${connection.name}`,
    (token) => context.client.sendRequest(TablesRequest, { source: connection.url, ...(password !== null ? { sealedPassword: password } : {}) }, token),
    { failure: connectionFailure(context, connection) },
  );
  if (!listed) return undefined;
  const relation = await pickRelation(connection, listed);
  if (!relation) return undefined;
  // The file audit's command, which also asks what a role needs (audit.ts uses connectionFailure below).
  return vscode.commands.executeCommand<AuditReport | undefined>('parity.auditFile', databaseUri(connection, relation));
}

type ConnectionPick = { connection: Connection } | { add: true; typed?: string } | { button: vscode.QuickInputButton; connection: Connection };

/** The saved connections, with buttons to edit one, forget its password or remove it, and "Add Connection…". */
async function pickConnection(context: ParityContext): Promise<Connection | undefined> {
  for (;;) {
    const saved = connections();
    const picked = await new Promise<ConnectionPick | undefined>((resolve) => {
      const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { pick: ConnectionPick }>();
      pick.title = 'Parity: Audit Database Table: connection';
      // the first of the flow's steps, kept open as the others are when the user looks elsewhere (a URL to copy)
      pick.ignoreFocusOut = true;
      pick.placeholder = saved.length > 0 ? 'a saved connection, or add one' : 'no connection saved yet: add one';
      pick.items = [
        ...saved.map((connection) => ({
          label: `$(database) ${connection.name}`,
          description: connection.url,
          buttons: needsPassword(connection) ? [EDIT, FORGET, REMOVE] : [EDIT, REMOVE],
          pick: { connection },
        })),
        // Shown whatever is typed: a URL typed here becomes the new connection's URL.
        {
          label: '$(add) Add Connection…',
          description: 'duckdb:PATH, postgres://… or clickhouse://… (no password in the URL)',
          pick: { add: true },
          alwaysShow: true,
        },
      ];
      let result: ConnectionPick | undefined;
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0]?.pick;
        result = chosen && 'add' in chosen ? { add: true, typed: pick.value.trim() } : chosen;
        pick.hide();
      });
      pick.onDidTriggerItemButton(({ button, item }) => {
        if ('connection' in item.pick) result = { button, connection: item.pick.connection };
        pick.hide();
      });
      pick.onDidHide(() => {
        pick.dispose();
        resolve(result);
      });
      pick.show();
    });
    if (!picked) return undefined;
    if ('add' in picked) return editConnection(context, undefined, picked.typed);
    if (!('button' in picked)) return picked.connection;
    if (picked.button === EDIT) await editConnection(context, picked.connection);
    else if (picked.button === FORGET) await forgetWithMessage(context, picked.connection);
    else await removeConnection(context, picked.connection);
  }
}

/** Asks for a connection's name and URL (the current ones offered) and saves it in the user settings. */
export async function editConnection(context: ParityContext, existing: Connection | undefined, typed = ''): Promise<Connection | undefined> {
  const taken = new Set(connections().map((c) => c.name));
  const name = await vscode.window.showInputBox({
    title: `Parity: ${existing ? 'edit' : 'add'} a database connection (1/2): name`,
    value: existing?.name ?? '',
    prompt: 'A name for this connection, e.g. "warehouse"',
    ignoreFocusOut: true,
    // a URL here would be every title's and log line's name (a password in it too): it belongs to the next step
    validateInput: (value) =>
      value.trim() === ''
        ? 'Give the connection a name.'
        : /^(duckdb:|[a-z][\w+.-]*:\/\/)/i.test(value.trim())
          ? 'This is a URL: the next step asks for it. Give a short name here, e.g. "warehouse".'
          : value.trim() !== existing?.name && taken.has(value.trim())
            ? 'A connection has this name already.'
            : undefined,
  });
  if (name === undefined) return undefined;
  const url = await vscode.window.showInputBox({
    title: `Parity: ${existing ? 'edit' : 'add'} a database connection (2/2): URL`,
    value: existing?.url ?? (/^(duckdb:|postgres(ql)?:\/\/|clickhouse:\/\/)/i.test(typed) ? typed : ''),
    // the input box shows about 80 characters: one example as the placeholder, the others below it
    placeHolder: 'postgres://USER@HOST:5432/DATABASE',
    prompt: 'Or clickhouse://USER@HOST:8123/DATABASE, or duckdb:PATH. Without the password: Parity asks for it once and keeps it in VS Code’s secret storage.',
    ignoreFocusOut: true,
    validateInput: urlProblem,
  });
  if (url === undefined) return undefined;
  const connection = { name: name.trim(), url: normalizedUrl(url) };
  if (existing && (existing.name !== connection.name || existing.url !== connection.url)) await forgetPassword(context, existing);
  await saveConnection(connection, existing?.name);
  context.log.info(`database connection ${existing ? 'changed' : 'added'}: ${connection.name} (${connection.url})`);
  return connection;
}

async function removeConnection(context: ParityContext, connection: Connection): Promise<void> {
  await forgetPassword(context, connection);
  await saveConnection(undefined, connection.name);
  context.log.info(`database connection removed: ${connection.name}`);
}

async function forgetWithMessage(context: ParityContext, connection: Connection): Promise<void> {
  await forgetPassword(context, connection);
  void vscode.window.showInformationMessage(`Parity: the password of ${connection.name} is forgotten; it is asked again on its next use.`);
}

/** Parity: Forget Database Password…: one connection's password leaves the secret storage. */
export async function forgetDatabasePassword(context: ParityContext): Promise<void> {
  const items = connections()
    .filter(needsPassword)
    .map((connection) => ({ label: connection.name, description: connection.url, connection }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Parity: no saved database connection has a password.');
    return;
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Parity: forget the password of a connection' });
  if (picked) await forgetWithMessage(context, picked.connection);
}

/** A table or view of the database, or a query the user writes. */
async function pickRelation(connection: Connection, listed: TablesResult): Promise<DatabaseTarget['relation'] | undefined> {
  const write = { label: '$(edit) Write a Query…', description: 'a read-only SELECT', relation: undefined as DatabaseTarget['relation'] | undefined };
  const picked = await vscode.window.showQuickPick(
    [
      ...listed.tables.map((table) => ({
        label: table.name,
        description: `${table.kind} · ${table.schema}`,
        relation: table.relation as DatabaseTarget['relation'] | undefined,
      })),
      { label: '', kind: vscode.QuickPickItemKind.Separator, relation: undefined },
      write,
    ],
    {
      title: `Parity: Audit Database Table: ${connection.name} (${listed.where})`,
      placeHolder: listed.tables.length > 0 ? `one of ${listed.tables.length} tables and views, or a query` : 'no table in this database: write a query',
      matchOnDescription: true,
      ignoreFocusOut: true,
    },
  );
  if (!picked) return undefined;
  if (picked.relation) return picked.relation;
  const query = await askQuery(connection, 'SELECT * FROM ');
  return query === undefined ? undefined : { query };
}

/** The query input: `value` prefilled (a new query's start, or the query to edit). */
async function askQuery(connection: Connection, value: string): Promise<string | undefined> {
  const query = await vscode.window.showInputBox({
    title: `Parity: a query of ${connection.name}`,
    prompt: 'Runs read-only, as a subquery: SELECT … FROM … (add ORDER BY for the same intervals on every run)',
    value,
    ignoreFocusOut: true,
    validateInput: (text) =>
      /^\s*(select|with)\b/i.test(text) && text.trim().length > 'select'.length ? undefined : 'Write one SELECT (or WITH … SELECT) query.',
  });
  return query?.trim();
}

/** Edit Query…: the query input again, prefilled with the refused query; the audit runs on the edited one. */
async function editQuery(connection: Connection, query: string): Promise<void> {
  const edited = await askQuery(connection, query);
  if (edited !== undefined) await vscode.commands.executeCommand('parity.auditFile', databaseUri(connection, { query: edited }));
}

/**
 * A database failure in the editor's words, with the actions that fix it, from what the server
 * classified (the driver's error code): a refused query (a syntax error, an unknown column or
 * table) offers Edit Query… (prefilled with it) for a written query, another table for a table;
 * a refused password is forgotten at once (it would be refused again) and Enter Password Again
 * reruns the audit of the same connection; an unreachable server or unknown database offers
 * Edit Connection… alone. `relation`: what the audit read, when it was one.
 */
export function connectionFailure(context: ParityContext, connection: Connection, relation?: DatabaseTarget['relation']): FailureHelp {
  const edit: Record<string, () => unknown> = { [EDIT_CONNECTION]: () => editConnection(context, connection) };
  const forget: Record<string, () => unknown> = needsPassword(connection) ? { 'Forget Password': () => forgetWithMessage(context, connection) } : {};
  return {
    explain(message, data): { message: string; actions: Record<string, () => unknown> } {
      const at = `${connection.name} (${connection.url})`;
      const problem = data?.database ?? fromMessage(message);
      const detail = data?.detail ?? message;
      if (problem === 'query') {
        if (relation && 'query' in relation)
          return { message: `${at} refused the query: ${detail}. Edit the query.`, actions: { 'Edit Query…': () => editQuery(connection, relation.query) } };
        return { message: `${at}: ${detail}. Choose another table.`, actions: { 'Choose Another Table…': () => auditDatabase(context, connection) } };
      }
      if (problem === 'login' && needsPassword(connection)) {
        void forgetPassword(context, connection);
        return {
          message: `${at} refused the user or password; the saved password is forgotten. Enter it again, or edit the connection's user.`,
          actions: { 'Enter Password Again': () => auditDatabase(context, connection), ...edit },
        };
      }
      if (problem === 'connection') {
        if (/ECONNREFUSED/.test(message))
          return { message: `${at} refused the connection: check that the database server runs and that the host and port are right.`, actions: edit };
        if (/ENOTFOUND|EAI_AGAIN/.test(message)) return { message: `${at}: the host is unknown; check the URL.`, actions: edit };
        if (/ETIMEDOUT|timeout/i.test(message)) return { message: `${at} did not answer in time; check the host, the port and the network.`, actions: edit };
        return { message: `${at}: ${detail}. Check the connection's URL.`, actions: edit };
      }
      return { message, actions: { ...edit, ...forget } };
    },
  };
}

/** A failure the server did not classify (an older server, a request that failed before reading): its message's network codes. */
function fromMessage(message: string): DatabaseProblem | undefined {
  return /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT/.test(message) ? 'connection' : undefined;
}
