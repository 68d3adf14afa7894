/**
 * Numbers the physical lines of a file as papaparse hands over its rows. A row spans one line
 * plus the line breaks inside its quoted fields; blank lines are rows of their own. papaparse
 * drops comment lines without a trace, so when a comment string is set the counter also keeps
 * the raw text not yet numbered, to find the comment lines in front of each row.
 */
export class LineCounter {
  /** The line on which the next row (or comment line) starts. */
  next = 1;
  /** Raw text from the start of the next row; kept only when there are comments to find. */
  private text = '';
  /** Offset in the whole text of `text[0]`. */
  private textOffset = 0;

  constructor(private readonly comments: string | undefined) {}

  /** Text in the order papaparse receives it (after the byte-order mark is removed). */
  receive(text: string): void {
    if (this.comments !== undefined) this.text += text;
  }

  /**
   * The start line of each row, for complete rows that end at offset `end` of the whole text.
   * `lineBreak` is '\r' for the rare files that end their lines with a bare CR.
   */
  number(rows: readonly (readonly string[])[], end: number, lineBreak: '\n' | '\r'): number[] {
    const lines = new Array<number>(rows.length);
    if (this.comments === undefined) {
      for (let i = 0; i < rows.length; i++) {
        lines[i] = this.next;
        this.next += linesSpanned(rows[i]!, lineBreak);
      }
      return lines;
    }
    let at = 0;
    for (let i = 0; i < rows.length; i++) {
      while (this.text.startsWith(this.comments, at)) {
        at = this.skipLines(at, 1, lineBreak);
        this.next++;
      }
      lines[i] = this.next;
      const span = linesSpanned(rows[i]!, lineBreak);
      at = this.skipLines(at, span, lineBreak);
      this.next += span;
    }
    this.text = this.text.slice(end - this.textOffset);
    this.textOffset = end;
    return lines;
  }

  private skipLines(at: number, count: number, lineBreak: string): number {
    for (let n = 0; n < count; n++) {
      const found = this.text.indexOf(lineBreak, at);
      if (found === -1) return this.text.length;
      at = found + 1;
    }
    return at;
  }
}

function linesSpanned(row: readonly string[], lineBreak: string): number {
  let lines = 1;
  for (const field of row) {
    for (let at = field.indexOf(lineBreak); at !== -1; at = field.indexOf(lineBreak, at + 1)) lines++;
  }
  return lines;
}
