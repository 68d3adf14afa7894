import * as vscode from 'vscode';

const EXAMPLE = ['examples', 'compas'];
const FILES = ['compas-two-years.csv', 'README.md'];

/**
 * Parity: Open the Bundled Example. The COMPAS example (shipped in the extension) is copied into
 * Parity's own storage, never into the workspace, and opened there read-only: the user's folders
 * stay as they were, and what the audit and the mitigations write goes next to the copy. A copy
 * that differs from the bundled file (an older version) is replaced. See docs/design.md.
 */
export async function openExample(context: vscode.ExtensionContext): Promise<vscode.Uri> {
  const base = vscode.Uri.joinPath(context.globalStorageUri, 'example');
  await vscode.workspace.fs.createDirectory(base);
  for (const name of FILES) {
    const bundled = vscode.Uri.joinPath(context.extensionUri, ...EXAMPLE, name);
    const copy = vscode.Uri.joinPath(base, name);
    if (!(await sameBytes(bundled, copy))) await vscode.workspace.fs.copy(bundled, copy, { overwrite: true });
  }
  const target = vscode.Uri.joinPath(base, FILES[0]!);
  await vscode.window.showTextDocument(target, { preview: false });
  // Nothing in the editor writes to the example: its copy stays the bundled data.
  await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
  return target;
}

async function sameBytes(a: vscode.Uri, b: vscode.Uri): Promise<boolean> {
  const [left, right] = await Promise.all([vscode.workspace.fs.readFile(a), vscode.workspace.fs.readFile(b).then(undefined, () => undefined)]);
  return right !== undefined && Buffer.from(left).equals(Buffer.from(right));
}
