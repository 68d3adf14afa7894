/**
 * The 1-based physical line of each row of a Table. Rows are mostly one line each, so only the
 * rows where that run breaks (a blank line, a comment, a quoted field spanning lines) are kept:
 * nothing for a plain file, at most two integers a row for the oddest one.
 */
export class LineNumbers {
  private startRows: Int32Array = new Int32Array(16);
  private startLines: Int32Array = new Int32Array(16);
  private runs = 0;
  private rows = 0;
  private next = -1;

  get length(): number {
    return this.rows;
  }

  add(line: number): void {
    if (line !== this.next) {
      if (this.runs === this.startRows.length) {
        this.startRows = grown(this.startRows);
        this.startLines = grown(this.startLines);
      }
      this.startRows[this.runs] = this.rows;
      this.startLines[this.runs++] = line;
    }
    this.rows++;
    this.next = line + 1;
  }

  /** The line of a row; undefined outside the table. */
  at(row: number): number | undefined {
    if (!(row >= 0 && row < this.rows)) return undefined;
    let low = 0;
    let high = this.runs - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.startRows[middle]! <= row) low = middle;
      else high = middle - 1;
    }
    return this.startLines[low]! + (row - this.startRows[low]!);
  }
}

function grown(array: Int32Array): Int32Array {
  const copy = new Int32Array(array.length * 2);
  copy.set(array);
  return copy;
}
