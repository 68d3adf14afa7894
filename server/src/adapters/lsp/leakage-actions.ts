import { CodeAction, CodeActionKind, Command, type Diagnostic } from 'vscode-languageserver';
import { JOINT_LEAKAGE_CODE, PROXY_CODE, type JointLeakageDiagnosticData, type ProxyDiagnosticData } from './leakage-diagnostics';

/** Commands the client implements for the leakage quick fixes. */
export const MARK_SENSITIVE_COMMAND = 'parity.markSensitive';
export const IGNORE_PROXY_COMMAND = 'parity.ignoreProxy';
export const AUDIT_FILE_COMMAND = 'parity.auditFile';

/**
 * Quick fixes for the leakage diagnostics among `diagnostics`: mark the column as sensitive
 * (args [{uri, column, alreadySensitive}]), ignore this warning for the column (args [{uri, column, sensitive}];
 * the client adds it to `parity.leakage.ignored`), and open the audit (args [uri]).
 */
export function leakageCodeActions(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  // A column that predicts two sensitive attributes has two warnings on its cell: one
  // "Mark as sensitive" (or "Open the audit") serves both, listed once.
  const fix = (title: string, diagnostic: Diagnostic, command: Command) => {
    const same = actions.find((action) => action.title === title);
    if (same) return void same.diagnostics!.push(diagnostic);
    const action = CodeAction.create(title, command, CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    actions.push(action);
  };
  for (const diagnostic of diagnostics) {
    if (diagnostic.code === PROXY_CODE) {
      const { column, sensitive, sensitiveColumns } = diagnostic.data as ProxyDiagnosticData;
      fix(
        `Mark \`${column}\` as sensitive`,
        diagnostic,
        Command.create(`Mark ${column} as sensitive`, MARK_SENSITIVE_COMMAND, { uri, column, alreadySensitive: sensitiveColumns }),
      );
      fix(
        `Ignore this warning for \`${column}\` (proxy of \`${sensitive}\`) in this workspace`,
        diagnostic,
        Command.create('Ignore proxy warning', IGNORE_PROXY_COMMAND, { uri, column, sensitive }),
      );
      fix('Open the fairness audit', diagnostic, Command.create('Audit fairness', AUDIT_FILE_COMMAND, uri));
    } else if (diagnostic.code === JOINT_LEAKAGE_CODE) {
      const { sensitive } = diagnostic.data as JointLeakageDiagnosticData;
      fix(`Open the fairness audit (\`${sensitive}\`)`, diagnostic, Command.create('Audit fairness', AUDIT_FILE_COMMAND, uri));
    }
  }
  // each column's own fixes first, opening the audit last: cold try 17 saw "Open" between two Ignores of one column
  const opens = (action: CodeAction) => action.command?.command === AUDIT_FILE_COMMAND;
  return [...actions.filter((action) => !opens(action)), ...actions.filter(opens)];
}
