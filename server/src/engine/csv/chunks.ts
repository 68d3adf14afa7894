import type { Readable } from 'node:stream';
import Papa from 'papaparse';

/** Parsed chunks buffered ahead of the consumer before the input stream is paused. */
const MAX_BUFFERED_CHUNKS = 4;

/**
 * A pull interface over papaparse's streaming parser. papaparse parses each `data` event of the
 * text stream synchronously and hands over the complete rows; back-pressure pauses the underlying
 * stream (not the parser), so memory stays bounded by a few chunks whatever the file size.
 */
export class ParsedChunks {
  private readonly queue: Papa.ParseResult<string[]>[] = [];
  private finished = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly input: Readable,
    delimiter: string,
  ) {
    Papa.parse<string[]>(input as unknown as File, {
      delimiter,
      delimitersToGuess: [',', ';', '\t'],
      header: false,
      skipEmptyLines: false,
      chunk: (results) => {
        this.queue.push(results);
        if (this.queue.length >= MAX_BUFFERED_CHUNKS) this.input.pause();
        this.notify();
      },
      complete: () => {
        this.finished = true;
        this.notify();
      },
      error: (error: Error) => {
        this.failure = error;
        this.notify();
      },
    });
  }

  /** The next parsed chunk, or undefined when the input is exhausted. */
  async next(): Promise<Papa.ParseResult<string[]> | undefined> {
    for (;;) {
      const chunk = this.queue.shift();
      if (chunk) {
        if (this.queue.length < MAX_BUFFERED_CHUNKS && this.input.isPaused()) this.input.resume();
        return chunk;
      }
      if (this.failure) throw this.failure;
      if (this.finished) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
