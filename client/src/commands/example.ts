import * as vscode from 'vscode';
import type { AuditRequestOptions } from '../../../common/protocol';
import type { ParityContext } from '../context';
import { columnsSummaryParts } from '../reference-groups';
import { toastText } from '../toast-text';
import { rememberColumns } from './configure';

const EXAMPLE = ['examples', 'compas'];
const FILES = ['compas-two-years.csv', 'README.md'];

/**
 * The example's columns as its README describes them (and `npm run example` audits them):
 * ProPublica reads deciles 5-10 as a prediction of reoffending, which is harmful to the person.
 */
const EXAMPLE_COLUMNS: AuditRequestOptions = {
  label: 'two_year_recid',
  positive: '1',
  score: 'decile_score',
  threshold: 5,
  sensitive: ['race', 'sex'],
  positiveMeans: 'harm',
};

/**
 * Parity: Open the Bundled Example. The COMPAS example (shipped in the extension) is copied into
 * Parity's own storage, never into the workspace, and opened there read-only: the user's folders
 * stay as they were, and what the audit and the mitigations write goes next to the copy. A copy
 * that differs from the bundled file (an older version) is replaced. Its columns are set as its
 * README describes them, unless the user has changed them, so it audits at once. See docs/design.md.
 */
export async function openExample(context: vscode.ExtensionContext, parity: ParityContext): Promise<vscode.Uri> {
  const target = await exampleCopy(context);
  const columns = await exampleColumns(parity, target);
  await showExample(target);
  void vscode.window
    // the label and the groups, whole: the score and the rest are in the report (a toast cut with "…" read as broken)
    .showInformationMessage(toastText('Parity: the COMPAS example, a read-only copy: ', exampleSummaryParts(columns)), 'Audit Fairness', 'Read About the Data')
    .then(async (action) => {
      if (action === 'Audit Fairness') await vscode.commands.executeCommand('parity.auditFile', target);
      if (action === 'Read About the Data')
        await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(exampleFolder(context), FILES[1]!));
    });
  return target;
}

/**
 * The walkthrough's Audit, Run Mitigation and Compare buttons: they run `command` on the example
 * (the copy Open Example opens, opened first if no editor shows it), never ask for a file.
 */
export async function runOnExample(context: vscode.ExtensionContext, parity: ParityContext, command: string): Promise<unknown> {
  const target = await exampleCopy(context);
  const shown = vscode.window.visibleTextEditors.some((editor) => editor.document.uri.toString() === target.toString());
  if (shown) await exampleColumns(parity, target);
  else await openExample(context, parity);
  return vscode.commands.executeCommand(command, target);
}

/**
 * Whether a command's target is the example's copy: the URI it was given, or without one (the
 * palette) the active editor's file.
 */
export function isExampleTarget(context: vscode.ExtensionContext, target: unknown): boolean {
  const uri = target instanceof vscode.Uri ? target : target === undefined ? vscode.window.activeTextEditor?.document.uri : undefined;
  return uri !== undefined && uri.toString() === vscode.Uri.joinPath(exampleFolder(context), FILES[0]!).toString();
}

function exampleFolder(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.globalStorageUri, 'example');
}

/** The example's copy in Parity's storage; a copy that differs from the bundled file is replaced. */
async function exampleCopy(context: vscode.ExtensionContext): Promise<vscode.Uri> {
  const base = exampleFolder(context);
  await vscode.workspace.fs.createDirectory(base);
  for (const name of FILES) {
    const bundled = vscode.Uri.joinPath(context.extensionUri, ...EXAMPLE, name);
    const copy = vscode.Uri.joinPath(base, name);
    if (!(await sameBytes(bundled, copy))) await vscode.workspace.fs.copy(bundled, copy, { overwrite: true });
  }
  return vscode.Uri.joinPath(base, FILES[0]!);
}

/** The columns the user set for the example, else the README's. */
async function exampleColumns(parity: ParityContext, target: vscode.Uri): Promise<AuditRequestOptions> {
  return parity.columns.get(target) ?? (await rememberColumns(parity, target, EXAMPLE_COLUMNS));
}

async function showExample(target: vscode.Uri): Promise<void> {
  await vscode.window.showTextDocument(target, { preview: false });
  // Nothing in the editor writes to the example: its copy stays the bundled data.
  await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
}

async function sameBytes(a: vscode.Uri, b: vscode.Uri): Promise<boolean> {
  const [left, right] = await Promise.all([vscode.workspace.fs.readFile(a), vscode.workspace.fs.readFile(b).then(undefined, () => undefined)]);
  return right !== undefined && Buffer.from(left).equals(Buffer.from(right));
}

/** The example's columns in its toast: its label, then its sensitive attributes. */
function exampleSummaryParts(columns: Parameters<typeof columnsSummaryParts>[0]): string[] {
  return columnsSummaryParts(columns).filter((part) => /^(label|sensitive) /.test(part) || part === 'no label');
}
