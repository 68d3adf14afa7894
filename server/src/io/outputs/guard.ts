import { constants, promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../engine/errors';
import { recoverInterruptedSwap } from './folder';

/** One thing a command writes: a file (`--out PATH`) or a folder of files (`--out DIR`). */
export interface OutputTarget {
  path: string;
  kind: 'file' | 'folder';
}

export interface OutputCheck {
  /** Replace an existing, non-empty output folder (`--force`). */
  force?: boolean;
  /** How messages name the output parameter and the force parameter: as flags (default) or as the editor titles them. */
  names?: { out: string; force: string };
}

/**
 * Checks, before any work starts, that every output can be written and that no output is an
 * input: the same file (device and inode, so symbolic and hard links count), or a folder that
 * holds an input (the folder is replaced as a whole). Also refuses an existing non-empty output
 * folder unless `force`, a folder where a file is expected and the reverse, and a missing or
 * read-only parent folder. Every problem is one InputError line naming the path.
 */
export async function checkOutputs(inputs: readonly string[], outputs: readonly OutputTarget[], options: OutputCheck = {}): Promise<void> {
  const { out: flag, force } = options.names ?? { out: '--out', force: '--force' };
  const inputFiles = await identities(inputs);
  for (const output of outputs) {
    const target = path.resolve(output.path);
    await checkParent(target, flag);
    if (output.kind === 'folder') await recoverInterruptedSwap(target);
    const existing = await statOrUndefined(target);
    for (const input of inputFiles) {
      if (existing && sameFile(existing, input.stats)) {
        throw new InputError(`${flag} ${target} is the input file ${input.path}${input.path === target ? '' : ' (through a link)'}: choose another ${flag}`, {
          file: target,
        });
      }
      if (output.kind === 'folder' && existing?.isDirectory() && (await isInside(input.path, existing))) {
        throw new InputError(`the output folder ${target} holds the input file ${input.path}, and would be replaced: choose another ${flag}`, { file: target });
      }
    }
    if (!existing) continue;
    if (output.kind === 'file' && existing.isDirectory()) throw new InputError(`${flag} ${target} is a folder: give a file name`, { file: target });
    if (output.kind === 'folder') {
      if (!existing.isDirectory()) throw new InputError(`${flag} ${target} exists and is not a folder: give a folder name`, { file: target });
      if (!options.force && (await fs.readdir(target)).length > 0) {
        throw new InputError(
          `the output folder ${target} already exists`,
          { file: target },
          { fix: { kind: 'output', folder: target }, cli: `give ${force} to replace it, or choose another ${flag}` },
        );
      }
    }
  }
}

interface Identity {
  path: string;
  stats: Stats;
}

/** The inputs that exist, with their device and inode (a missing input is the reader's to report). */
async function identities(files: readonly string[]): Promise<Identity[]> {
  const found: Identity[] = [];
  for (const file of files) {
    const resolved = path.resolve(file);
    const stats = await statOrUndefined(resolved);
    if (stats) found.push({ path: resolved, stats });
  }
  return found;
}

async function checkParent(target: string, flag: string): Promise<void> {
  const parent = path.dirname(target);
  const stats = await statOrUndefined(parent);
  if (!stats) throw new InputError(`${flag}: the folder ${parent} does not exist: create it first, or choose another ${flag}`, { file: target });
  if (!stats.isDirectory()) throw new InputError(`${flag}: ${parent} is not a folder`, { file: target });
  try {
    await fs.access(parent, constants.W_OK);
  } catch {
    throw new InputError(`${flag}: the folder ${parent} is not writable`, { file: target });
  }
}

/** Whether `file` lies in the folder `folder` or below it, following links on the way up. */
async function isInside(file: string, folder: Stats): Promise<boolean> {
  let current: string;
  try {
    current = path.dirname(await fs.realpath(file));
  } catch {
    return false;
  }
  for (;;) {
    const stats = await statOrUndefined(current);
    if (stats && sameFile(stats, folder)) return true;
    const parent = path.dirname(current);
    if (parent === current) return false;
    current = parent;
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** stat() following links; undefined when nothing is there (a dangling link counts as nothing). */
async function statOrUndefined(file: string): Promise<Stats | undefined> {
  try {
    return await fs.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new InputError(`cannot check ${file}: ${code ?? (error as Error).message}`, { file });
  }
}
