import * as vscode from 'vscode';

const EXAMPLE = ['examples', 'compas', 'compas-two-years.csv'];

/**
 * Parity: Open the Bundled Example. Copies the COMPAS example (shipped in the extension) into the
 * workspace's parity-example/ folder, or into Parity's own storage when no folder is open, and
 * opens it: outputs are written next to it, never into the extension's folder. An existing copy
 * is opened as it is.
 */
export async function openExample(context: vscode.ExtensionContext): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const base = folder ? vscode.Uri.joinPath(folder, 'parity-example') : vscode.Uri.joinPath(context.globalStorageUri, 'example');
  const target = vscode.Uri.joinPath(base, EXAMPLE[EXAMPLE.length - 1]!);
  const exists = await vscode.workspace.fs.stat(target).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await vscode.workspace.fs.createDirectory(base);
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(context.extensionUri, ...EXAMPLE), target);
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(context.extensionUri, 'examples', 'compas', 'README.md'), vscode.Uri.joinPath(base, 'README.md'), {
      overwrite: true,
    });
  }
  await vscode.window.showTextDocument(target, { preview: false });
  if (folder) await vscode.commands.executeCommand('revealInExplorer', target);
  return target;
}
