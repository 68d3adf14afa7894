import { closeSync, openSync, readSync } from 'node:fs';
import { columnNames } from './column-names';
import { constants, gunzipSync } from 'node:zlib';
import Papa from 'papaparse';

const HEAD_BYTES = 64 * 1024;

/**
 * The header row of a CSV file (plain or .gz), read synchronously from its first bytes: the
 * columns a pipeline's `drop(columns=...)` leaves are the rest of these, and the editor offers a
 * held-out file only when they hold the run's columns. Undefined when unreadable.
 */
export function readCsvHeader(file: string): string[] | undefined {
  const head = fileHead(file);
  if (head === undefined) return undefined;
  const firstLine =
    head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0] ?? '';
  const parsed = Papa.parse<string[]>(firstLine, { delimitersToGuess: [',', ';', '\t'] });
  const fields = parsed.data[0];
  return fields && fields.length > 0 ? columnNames(fields) : undefined;
}

/** A file's first bytes (of its content, for a .gz file), read synchronously; undefined when unreadable. */
export function fileHead(file: string): Buffer | undefined {
  try {
    const handle = openSync(file, 'r');
    let head: Buffer;
    try {
      const buffer = Buffer.alloc(HEAD_BYTES);
      head = buffer.subarray(0, readSync(handle, buffer, 0, HEAD_BYTES, 0));
    } finally {
      closeSync(handle);
    }
    return head[0] === 0x1f && head[1] === 0x8b ? gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }) : head; // the head of the stream only
  } catch {
    return undefined;
  }
}
