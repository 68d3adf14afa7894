import { randomBytes } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A file's text: all of it, or a producer that hands over its bytes in pieces (large CSV files), each written before the next. */
export type FileContent = string | ((write: (bytes: Uint8Array) => Promise<void>) => Promise<void>);

/**
 * Writes a file so that it is never seen half-written: the text goes to a temporary file in the
 * same folder, which is flushed to disk and then renamed over the target (a link is followed to
 * the file it names). A device or a pipe (/dev/null, /dev/stdout) is written in place: it cannot
 * be renamed over.
 */
export async function writeFileAtomically(file: string, content: FileContent): Promise<void> {
  const target = await followLink(path.resolve(file));
  const existing = await fs.stat(target).catch(() => undefined);
  if (existing && !existing.isFile() && !existing.isDirectory()) return writeInPlace(target, content);
  await replaceWith(target, async (temporary) => {
    const handle = await fs.open(temporary, 'wx', existing ? existing.mode & 0o7777 : 0o666);
    try {
      await fill(handle, content);
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

/**
 * The same for a file another writer makes from a path (DuckDB's COPY … TO): `produce` writes the
 * temporary file, which is then flushed to disk and renamed over the target. A device or a pipe
 * gets the bytes of a temporary file made in the system's temporary folder.
 */
export async function writeFileAtomicallyFrom(file: string, produce: (temporary: string) => Promise<void>): Promise<void> {
  const target = await followLink(path.resolve(file));
  const existing = await fs.stat(target).catch(() => undefined);
  if (existing && !existing.isFile() && !existing.isDirectory()) {
    const temporary = temporaryPath(path.join(os.tmpdir(), path.basename(target)));
    try {
      await produce(temporary);
      await writeInPlace(target, async (write) => {
        for await (const chunk of createReadStream(temporary)) await write(chunk as Buffer);
      });
    } finally {
      await fs.rm(temporary, { force: true });
    }
    return;
  }
  await replaceWith(target, async (temporary) => {
    await produce(temporary);
    const handle = await fs.open(temporary, 'r+');
    try {
      if (existing) await handle.chmod(existing.mode & 0o7777);
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

/** A hidden name beside `target` that no other run picks. */
function temporaryPath(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.parity-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes the temporary file, then renames it over the target; a failure leaves no temporary file behind. */
async function replaceWith(target: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = temporaryPath(target);
  try {
    await write(temporary);
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

async function writeInPlace(target: string, content: FileContent): Promise<void> {
  const handle = await fs.open(target, 'w');
  try {
    await fill(handle, content);
  } finally {
    await handle.close();
  }
}

async function fill(handle: fs.FileHandle, content: FileContent): Promise<void> {
  if (typeof content === 'string') {
    await handle.writeFile(content);
    return;
  }
  // A write to a pipe may take part of the bytes: the rest follow.
  await content(async (bytes) => {
    for (let written = 0; written < bytes.length;) written += (await handle.write(bytes, written)).bytesWritten;
  });
}

/** The file a chain of symbolic links ends at (the path itself when it is not a link or does not exist). */
async function followLink(file: string): Promise<string> {
  let current = file;
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      link = await fs.readlink(current);
    } catch {
      return current;
    }
    // /proc/self/fd/1 of a pipe reads "pipe:[123]", not a path: the descriptor's own link opens it.
    if (link.startsWith('pipe:')) return current;
    current = path.resolve(path.dirname(current), link);
  }
  return current;
}
