/**
 * Jupyter notebooks (.ipynb) as one Python source. The code cells are concatenated (each ends
 * with a newline), IPython magics and shell escapes (`%`, `!` lines) are commented out so the
 * parser sees plain Python, and every position in the concatenation maps back two ways:
 * - to the cell (index, line and character within the cell's source), which is how an editor
 *   addresses notebook cells;
 * - to the .ipynb file's own text: each line of a cell's `source` is a JSON string literal in
 *   the file, which the scanner below locates, and a character of the decoded line is found in
 *   the literal by stepping over JSON escapes (`\"` is two characters of the file, `\u00e9` six).
 * Positions are 0-based lines and UTF-16 characters, as in the Language Server Protocol.
 */

import { concatenateCells, type CellSource, type CodeCell } from './cells';
import type { Position } from './findings';
import { lastAtOrBefore } from './last-at-or-before';

/** Where a run of decoded cell source comes from in the file: one JSON string literal. */
interface Segment {
  /** Offset of the run within the cell's decoded source. */
  decodedStart: number;
  decodedLength: number;
  /** Offset in the file of the literal's first character after its opening quote. */
  rawStart: number;
}

interface NotebookCell extends CodeCell {
  segments: Segment[];
}

export interface NotebookSource extends CellSource {
  /** Where a position within a code cell's source (cell index as in `toCell`) is in the .ipynb text. */
  toFile(cell: number, position: Position): Position | undefined;
}

export function readNotebook(text: string): NotebookSource {
  const document = new JsonScanner(text).document();
  const cells = codeCells(document);
  const byIndex = new Map(cells.map((cell) => [cell.index, cell]));
  const lineStarts = lineOffsets(text);
  /** Offsets of each cell's lines in its source, computed when first needed. */
  const cellLineStarts = new Map<NotebookCell, number[]>();
  return {
    ...concatenateCells(cells),
    toFile(index, position) {
      const cell = byIndex.get(index);
      if (!cell) return undefined;
      let starts = cellLineStarts.get(cell);
      if (!starts) cellLineStarts.set(cell, (starts = lineOffsets(cell.source)));
      const lineStart = starts[position.line];
      if (lineStart === undefined) return undefined;
      const segment = segmentAt(cell.segments, lineStart + position.character);
      if (!segment) return undefined;
      const raw = segment.rawStart + rawLength(text, segment.rawStart, lineStart + position.character - segment.decodedStart);
      return positionAt(lineStarts, raw);
    },
  };
}

/**
 * The segment holding a decoded offset. The end of a line's segment is also where the next line
 * starts, so a segment that holds the offset wins over the first one that ends there.
 */
function segmentAt(segments: readonly Segment[], offset: number): Segment | undefined {
  const found = lastAtOrBefore(segments.length, (i) => segments[i]!.decodedStart, offset);
  // Segments that end at the offset come before it (empty ones share a start with the next).
  let first = found;
  while (first > 0 && segments[first - 1]!.decodedStart + segments[first - 1]!.decodedLength >= offset) first--;
  const end = (segment: Segment) => segment.decodedStart + segment.decodedLength;
  for (let i = first; i >= 0 && i <= found; i++) if (offset < end(segments[i]!)) return segments[i];
  for (let i = first; i >= 0 && i <= found; i++) if (offset === end(segments[i]!)) return segments[i];
  return undefined;
}

/** Characters of the file taken by the first `decoded` characters of the literal starting at `rawStart`. */
function rawLength(text: string, rawStart: number, decoded: number): number {
  let raw = rawStart;
  for (let i = 0; i < decoded; i++) raw += text[raw] === '\\' ? (text[raw + 1] === 'u' ? 6 : 2) : 1;
  return raw - rawStart;
}

function lineOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function positionAt(lineStarts: readonly number[], offset: number): Position {
  // lineStarts[0] is 0, so some line starts at or before any offset
  const line = Math.max(
    0,
    lastAtOrBefore(lineStarts.length, (i) => lineStarts[i]!, offset),
  );
  return { line, character: offset - lineStarts[line]! };
}

type JsonValue =
  | { kind: 'string'; value: string; rawStart: number }
  | { kind: 'array'; items: JsonValue[] }
  | { kind: 'object'; entries: Map<string, JsonValue> }
  | { kind: 'other' };

function codeCells(document: JsonValue): NotebookCell[] {
  const cellsValue = document.kind === 'object' ? document.entries.get('cells') : undefined;
  if (!cellsValue || cellsValue.kind !== 'array') throw new Error('not a Jupyter notebook: no "cells" array');
  const cells: NotebookCell[] = [];
  cellsValue.items.forEach((cell, index) => {
    if (cell.kind !== 'object') return;
    const type = cell.entries.get('cell_type');
    if (type?.kind !== 'string' || type.value !== 'code') return;
    const source = cell.entries.get('source');
    const parts = source?.kind === 'string' ? [source] : source?.kind === 'array' ? source.items : [];
    const segments: Segment[] = [];
    let text = '';
    for (const part of parts) {
      if (part.kind !== 'string') continue;
      segments.push({ decodedStart: text.length, decodedLength: part.value.length, rawStart: part.rawStart });
      text += part.value;
    }
    cells.push({ index, source: text, segments });
  });
  return cells;
}

/** A JSON parser that remembers where each string literal starts in the text. */
class JsonScanner {
  private at = 0;

  constructor(private readonly text: string) {}

  document(): JsonValue {
    const value = this.value();
    this.space();
    if (this.at !== this.text.length) this.fail('unexpected text after the notebook');
    return value;
  }

  private value(): JsonValue {
    this.space();
    const char = this.text[this.at];
    if (char === '"') return this.string();
    if (char === '[') {
      this.at++;
      const items: JsonValue[] = [];
      this.list(']', () => items.push(this.value()));
      return { kind: 'array', items };
    }
    if (char === '{') {
      this.at++;
      const entries = new Map<string, JsonValue>();
      this.list('}', () => {
        this.space();
        const key = this.string();
        this.space();
        this.expect(':');
        entries.set(key.value, this.value());
      });
      return { kind: 'object', entries };
    }
    const literal = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.at, this.at + 64));
    if (!literal) this.fail('invalid JSON');
    this.at += literal[0].length;
    return { kind: 'other' };
  }

  private list(close: string, item: () => void): void {
    this.space();
    if (this.text[this.at] === close) {
      this.at++;
      return;
    }
    for (;;) {
      item();
      this.space();
      if (this.text[this.at] === close) {
        this.at++;
        return;
      }
      this.expect(',');
    }
  }

  private string(): { kind: 'string'; value: string; rawStart: number } {
    this.expect('"');
    const rawStart = this.at;
    let end = this.at;
    while (end < this.text.length && this.text[end] !== '"') end += this.text[end] === '\\' ? 2 : 1;
    if (end >= this.text.length) this.fail('unterminated string');
    const value = JSON.parse(this.text.slice(rawStart - 1, end + 1)) as string;
    this.at = end + 1;
    return { kind: 'string', value, rawStart };
  }

  private space(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
  }

  private expect(char: string): void {
    if (this.text[this.at] !== char) this.fail(`expected "${char}"`);
    this.at++;
  }

  private fail(message: string): never {
    throw new Error(`${message} at offset ${this.at}`);
  }
}
