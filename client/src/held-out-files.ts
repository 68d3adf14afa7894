import * as path from 'node:path';

/**
 * The workspace's data files offered as a held-out file: never the training file itself, nor a
 * file an earlier run of Parity wrote (in a folder such as compas.parity-reweighing: its rows may
 * be the training rows, so it is never a fair held-out set). Browse… still reaches any file.
 */
export function heldOutFiles(workspaceFiles: readonly string[], training: string, current: string | undefined): string[] {
  return workspaceFiles.filter((file) => !sameFile(file, training) && file !== current && !isRunOutput(file));
}

/** Whether a file is in a folder a mitigation or comparison wrote (`NAME.parity-METHOD`, `NAME.parity-compare`). */
function isRunOutput(file: string): boolean {
  return path
    .dirname(file)
    .split(path.sep)
    .some((folder) => /\.parity-[\w-]+$/.test(folder));
}

/** Whether two paths name the same file (letter case aside where the file system ignores it). */
export function sameFile(a: string, b: string): boolean {
  const [x, y] = [path.resolve(a), path.resolve(b)];
  return process.platform === 'win32' || process.platform === 'darwin' ? x.toLowerCase() === y.toLowerCase() : x === y;
}
