import type { Readable } from 'node:stream';
import Papa from 'papaparse';
import { CancelledError } from '../../engine/errors';
import { LineCounter } from './lines';
import type { Delimiter } from '../../engine/table/rows';

/** Parsed chunks buffered ahead of the consumer before the input stream is paused. */
const MAX_BUFFERED_CHUNKS = 4;
const BYTE_ORDER_MARK = '\uFEFF';
const DELIMITER_CANDIDATES: readonly Delimiter[] = [',', ';', '\t'];
const DELIMITER_SAMPLE_ROWS = 50;

export interface ParsedChunk {
  /** The complete rows of the chunk; a blank line is `['']`; comment lines are left out. */
  rows: string[][];
  /** The physical line on which each row starts. */
  lines: number[];
  /** papaparse's errors; `row` indexes `rows` (an error beyond them is about the carried row). */
  errors: Papa.ParseError[];
  /** Length of the incomplete last row, held back until a later chunk completes it. */
  carriedChars: number;
  /** Whether that incomplete row spans a line break (inside a quoted field): else it is one long line. */
  carriedLineBreak: boolean;
}

/**
 * A pull interface over papaparse's streaming parser. papaparse parses each `data` event of the
 * text stream synchronously and hands over its complete rows. Back-pressure pauses the text
 * stream itself: papaparse's `parser.pause()` would only stop parsing while the stream kept
 * filling its queue. So memory stays bounded by a few chunks whatever the file size.
 */
export class ParsedChunks {
  /** The delimiter in use; when detected, known once the first chunk is parsed. */
  delimiter: Delimiter;
  private readonly lineCounter: LineCounter;
  private readonly queue: ParsedChunk[] = [];
  private state: 'reading' | 'ended' | 'closed' = 'reading';
  private failure: Error | undefined;
  private charsReceived = 0;
  /** Offset in the whole text of the last line break received (-1: none yet). */
  private lastLineBreak = -1;
  private wake: (() => void) | undefined;

  constructor(
    private readonly input: Readable,
    options: { delimiter: Delimiter | undefined; comments: string | undefined },
  ) {
    this.delimiter = options.delimiter ?? ',';
    this.lineCounter = new LineCounter(options.comments);
    // Registered before papaparse's listener, so the counts include the chunk being parsed.
    let first = true;
    input.on('data', (text: string) => {
      if (first) text = withoutByteOrderMark(text);
      first = false;
      const lineBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
      if (lineBreak >= 0) this.lastLineBreak = this.charsReceived + lineBreak;
      this.charsReceived += text.length;
      this.lineCounter.receive(text);
    });
    input.on('error', (error) => {
      this.failure ??= error;
      this.notify();
    });
    input.on('close', () => {
      if (this.state === 'reading') this.state = 'closed';
      this.notify();
    });
    Papa.parse<string[], Readable>(input, {
      delimiter: options.delimiter ?? ((sample: string) => (this.delimiter = detectDelimiter(sample, options.comments))),
      comments: options.comments ?? false,
      skipEmptyLines: false,
      beforeFirstChunk: withoutByteOrderMark,
      chunk: (results) => {
        const { cursor, linebreak } = results.meta;
        this.queue.push({
          rows: results.data,
          lines: this.lineCounter.number(results.data, cursor, linebreak === '\r' ? '\r' : '\n'),
          errors: results.errors,
          carriedChars: this.charsReceived - cursor,
          carriedLineBreak: this.lastLineBreak >= cursor,
        });
        if (this.queue.length >= MAX_BUFFERED_CHUNKS) this.input.pause();
        this.notify();
      },
      complete: () => {
        this.state = 'ended';
        this.notify();
      },
    });
  }

  /** The line on which the row after the chunks parsed so far starts. */
  get nextLine(): number {
    return this.lineCounter.next;
  }

  /** Whether the input has held any text so far. */
  get sawText(): boolean {
    return this.charsReceived > 0;
  }

  /**
   * The next parsed chunk, or undefined at the end of the input. Throws the stream's error (I/O,
   * damaged gzip data) after the chunks parsed before it, and CancelledError once the stream
   * was destroyed before its end.
   */
  async next(): Promise<ParsedChunk | undefined> {
    for (;;) {
      if (this.state === 'closed' && !this.failure) throw new CancelledError();
      const chunk = this.queue.shift();
      if (chunk) {
        if (this.queue.length < MAX_BUFFERED_CHUNKS && this.input.isPaused()) this.input.resume();
        return chunk;
      }
      if (this.failure) throw this.failure;
      if (this.state === 'ended') return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

function withoutByteOrderMark(text: string): string {
  return text.startsWith(BYTE_ORDER_MARK) ? text.slice(BYTE_ORDER_MARK.length) : text;
}

/**
 * Picks the delimiter from the start of the text: the header row must split into at least two
 * fields, and the most sample rows must have that many fields (then the most fields wins).
 * papaparse's own guess is not used: it counts the empty line after the last row of a short file
 * as a row, and then fails on two-column files.
 */
function detectDelimiter(sample: string, comments: string | undefined): Delimiter {
  let best: Delimiter = ',';
  let bestScore = -1;
  let bestWidth = 1;
  for (const delimiter of DELIMITER_CANDIDATES) {
    const rows = Papa.parse<string[]>(sample, { delimiter, preview: DELIMITER_SAMPLE_ROWS, comments: comments ?? false, skipEmptyLines: 'greedy' }).data;
    // The sample ends wherever the first chunk ended, so its last row may be incomplete.
    if (rows.length < DELIMITER_SAMPLE_ROWS && rows.length > 2) rows.pop();
    const [header, ...body] = rows;
    const width = header?.length ?? 0;
    if (width < 2) continue;
    const score = body.length === 0 ? 1 : body.filter((row) => row.length === width).length / body.length;
    if (score > bestScore || (score === bestScore && width > bestWidth)) {
      best = delimiter;
      bestScore = score;
      bestWidth = width;
    }
  }
  return best;
}
