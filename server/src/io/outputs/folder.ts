import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../engine/errors';

/**
 * Where a folder's new files are written and where the old folder waits while they replace it:
 * hidden siblings (same file system, so a rename moves them), named after the folder and the
 * writing process.
 */
const STAGING = 'parity-new';
const RETIRED = 'parity-old';

/**
 * Told when a staging folder is made (open) and when it is in place or removed (closed): a worker
 * thread ended mid-write (a cancel past its grace) runs no `catch`, so its pool removes the
 * folders it left open. The process's other threads share its pid, which removeAbandoned spares.
 */
let stagingListener: ((folder: string, open: boolean) => void) | undefined;

export function watchStaging(listener: (folder: string, open: boolean) => void): void {
  stagingListener = listener;
}

const sibling = (dir: string, role: string, pid: number) =>
  path.join(path.dirname(dir), `.${path.basename(dir)}.${role}-${pid}-${randomBytes(4).toString('hex')}`);
const siblingPattern = (dir: string, role: string) => new RegExp(`^\\.${escapeRegExp(path.basename(dir))}\\.${role}-(\\d+)-[0-9a-f]{8}$`);

/**
 * Writes a folder as a whole: `fill` writes every file into a new hidden sibling folder, which
 * then takes the place of `dir` (an existing `dir` is moved aside first and deleted after). A
 * run that stops early (an error, a kill) leaves `dir` as it was; a completed run leaves the new
 * folder, nothing of the old one. Only between the two renames (two system calls) is `dir`
 * briefly absent; `recoverInterruptedSwap` puts the old folder back if a run died there.
 */
export async function writeFolder(dir: string, fill: (staging: string) => Promise<void>): Promise<void> {
  const target = path.resolve(dir);
  await recoverInterruptedSwap(target);
  await removeAbandoned(target);
  const staging = sibling(target, STAGING, process.pid);
  await fs.mkdir(staging);
  stagingListener?.(staging, true);
  try {
    await fill(staging);
    await putInPlace(staging, target);
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    stagingListener?.(staging, false);
  }
}

async function putInPlace(staging: string, target: string): Promise<void> {
  let retired: string | undefined;
  try {
    retired = sibling(target, RETIRED, process.pid);
    await fs.rename(target, retired);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    retired = undefined;
  }
  try {
    await fs.rename(staging, target);
  } catch (error) {
    if (retired) await fs.rename(retired, target).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST')
      throw new InputError(`the output folder ${target} was created by something else while Parity ran: nothing was written`, { file: target });
    throw error;
  }
  if (retired) await fs.rm(retired, { recursive: true, force: true });
}

/**
 * A run killed between moving the old folder aside and moving the new one in leaves `dir`
 * missing and the old folder under its hidden name: put it back (it is complete).
 */
export async function recoverInterruptedSwap(dir: string): Promise<void> {
  const target = path.resolve(dir);
  const left = (await leftovers(target, RETIRED)).filter((folder) => !isRunning(folder.pid));
  if (left.length === 0 || (await exists(target))) return;
  await fs.rename(path.join(path.dirname(target), left[0]!.name), target);
}

/** Deletes the hidden folders of runs that died (their process is gone) before finishing. */
async function removeAbandoned(target: string): Promise<void> {
  for (const role of [STAGING, RETIRED]) {
    for (const left of await leftovers(target, role)) {
      if (!isRunning(left.pid)) await fs.rm(path.join(path.dirname(target), left.name), { recursive: true, force: true });
    }
  }
}

async function leftovers(target: string, role: string): Promise<{ name: string; pid: number }[]> {
  const pattern = siblingPattern(target, role);
  let names: string[];
  try {
    names = await fs.readdir(path.dirname(target));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const match = pattern.exec(name);
    return match ? [{ name, pid: Number(match[1]) }] : [];
  });
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
