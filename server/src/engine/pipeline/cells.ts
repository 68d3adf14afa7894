import type { Position, SourceRange } from './findings';
import { lastAtOrBefore } from './last-at-or-before';

/** A notebook's code cell: its index among all the notebook's cells, and its source. */
export interface CodeCell {
  index: number;
  source: string;
}

/** Code cells as one Python source, with each position mapped back to its cell. */
export interface CellSource {
  /** The code cells concatenated (each ends with a newline), magics commented out. */
  python: string;
  /**
   * The cell a range of `python` starts in, and the range within the cell's source; a range that
   * runs into the next cell (a deleted last line with its newline) ends at its cell's end.
   */
  toCell(range: SourceRange): { index: number; range: SourceRange } | undefined;
}

/**
 * Concatenates code cells so that a list defined in one cell and used in another is followed.
 * IPython magics and shell escapes (`%`, `!` lines) become comments of the same length, so the
 * parser sees plain Python and positions within a line do not move.
 */
export function concatenateCells(cells: readonly CodeCell[]): CellSource {
  const firstLines: number[] = [];
  const parts: string[] = [];
  let line = 0;
  for (const cell of cells) {
    firstLines.push(line);
    const body = cell.source.endsWith('\n') || cell.source === '' ? cell.source : cell.source + '\n';
    parts.push(body.replace(/^([ \t]*)[%!]/gm, '$1#'));
    for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) line++;
  }
  /** The last cell starting at or before the line (an empty cell takes no line, so the next one wins). */
  const cellAt = (position: Position) => {
    const found = lastAtOrBefore(cells.length, (i) => firstLines[i]!, position.line);
    return found < 0 ? undefined : { cell: cells[found]!, firstLine: firstLines[found]! };
  };
  const within = (position: Position, firstLine: number): Position => ({ line: position.line - firstLine, character: position.character });
  return {
    python: parts.join(''),
    toCell(range) {
      const at = cellAt(range.start);
      if (!at) return undefined;
      const end = cellAt(range.end);
      return {
        index: at.cell.index,
        range: { start: within(range.start, at.firstLine), end: end?.cell === at.cell ? within(range.end, at.firstLine) : endOf(at.cell.source) },
      };
    },
  };
}

function endOf(text: string): Position {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) line++;
  return { line, character: text.length - (text.lastIndexOf('\n') + 1) };
}
