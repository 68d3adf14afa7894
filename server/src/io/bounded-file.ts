import { constants, promises as fs } from 'node:fs';
import { InputError } from '../engine/errors';

/**
 * The text of a small file that must be a regular file: a device (/dev/zero), a pipe (which
 * would wait for a writer) or a file larger than `maxBytes` is refused in one line before it is
 * read. The file is opened without blocking and checked through its descriptor, so what is
 * read is what was checked.
 */
export async function readBoundedFile(file: string, maxBytes: number, what: string): Promise<string> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputError(`cannot read ${what}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file });
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new InputError(`${what} is a folder, not a file`, { file });
    if (!stats.isFile()) throw new InputError(`${what} is not a regular file (a device, a pipe or a socket): give the file itself`, { file });
    if (stats.size > maxBytes)
      throw new InputError(`${what} is ${megabytes(stats.size)}, more than the ${megabytes(maxBytes)} it may have: is this the right file?`, { file });
    const buffer = Buffer.alloc(stats.size);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0)} MB`;
}
