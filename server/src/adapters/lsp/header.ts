import { open } from 'node:fs/promises';

/** Where each header field sits on its line: [start, end) character offsets of the field text. */
export interface HeaderCells {
  /** 0-based line of the header row. */
  line: number;
  text: string;
  cells: { start: number; end: number }[];
}

const HEAD_BYTES = 1 << 20;

/**
 * Finds the header row's cells by reading the start of the file from disk (also for files too
 * large for the editor to synchronize). `headerLine` is the reader's 1-based header line.
 * Quoted fields span their quotes; the delimiter is the one the reader detected.
 */
export async function readHeaderCells(file: string, headerLine: number, delimiter: string): Promise<HeaderCells | undefined> {
  if (headerLine < 1) return undefined;
  const lineText = (await headLines(file))[headerLine - 1];
  if (lineText === undefined) return undefined;
  return { line: headerLine - 1, text: lineText, cells: splitCells(lineText, delimiter) };
}

/** The lines of the file's first megabyte (a byte-order mark dropped). */
async function headLines(file: string): Promise<string[]> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r\n|\n|\r/);
  } finally {
    await handle.close();
  }
}

/**
 * A JSON Lines file's first line, with each column's key as its cell (the quoted name, as
 * JSON.stringify spells it), so findings about a column sit on its key. A key spelt otherwise
 * (other escapes) gets an empty cell at the line's start.
 */
export async function readJsonKeyCells(file: string, columns: readonly string[]): Promise<HeaderCells | undefined> {
  const text = (await headLines(file))[0] ?? '';
  const cells = columns.map((column) => {
    const key = new RegExp(`${escapeRegExp(JSON.stringify(column))}\\s*:`).exec(text);
    return key ? { start: key.index, end: key.index + JSON.stringify(column).length } : { start: 0, end: 0 };
  });
  return { line: 0, text, cells };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function splitCells(line: string, delimiter: string): { start: number; end: number }[] {
  const cells: { start: number; end: number }[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= line.length; i++) {
    const char = line[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === delimiter || i === line.length)) {
      let [from, to] = [start, i];
      while (from < to && line[from] === ' ') from++;
      while (to > from && line[to - 1] === ' ') to--;
      cells.push({ start: from, end: to });
      start = i + 1;
    }
  }
  return cells;
}
