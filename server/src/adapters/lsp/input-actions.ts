import { CodeAction, CodeActionKind, Command, type Diagnostic } from 'vscode-languageserver';
import type { InputFix } from '../../../../common/input-errors';
import { INPUT_ERROR_CODE } from './audit-diagnostics';

/** The client's command that walks the user through an input fix (args [{ uri, fix, choice? }]). */
export const FIX_INPUT_COMMAND = 'parity.fixInput';

/** Quick fixes for the input errors among `diagnostics`, one per way out the error's fix offers. */
export function inputCodeActions(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  return diagnostics.flatMap((diagnostic) => {
    const fix = diagnostic.code === INPUT_ERROR_CODE ? (diagnostic.data as { fix?: InputFix } | undefined)?.fix : undefined;
    if (!fix) return [];
    return choicesOf(fix).map(([title, choice]) => {
      const action = CodeAction.create(title, Command.create(title, FIX_INPUT_COMMAND, { uri, fix, ...(choice ? { choice } : {}) }), CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      return action;
    });
  });
}

function choicesOf(fix: InputFix): [string, string | undefined][] {
  switch (fix.kind) {
    case 'threshold':
      return [
        [`Use threshold ${fix.suggested} (predict positive when ${fix.column} ≥ ${fix.suggested})`, 'suggested'],
        ['Set a decision threshold…', undefined],
        ['Audit the dataset without the model', 'dataset'],
      ];
    case 'positive':
      return [[`Choose the positive value of ${fix.column}…`, undefined]];
    case 'columns':
      return [['Configure Columns…', undefined]];
    case 'output':
      return []; // a run's problem, answered in the run's own question (client/src/replace-output.ts)
  }
}
