import type { Delimiter, RowBatch } from '../../engine/table/rows';

/** A non-fatal observation of the reader; `column` names the column it is about (its final name). */
export interface ReadWarning {
  message: string;
  column?: string;
}

export interface CsvSource {
  /** The path as given by the caller (used in messages). */
  readonly file: string;
  /** Column names, unique: a repeated header name gets a suffix (`name.1`, `name.2`) like pandas. */
  readonly columns: readonly string[];
  readonly delimiter: Delimiter;
  /** 1-based line of the header row, or 0 for a headerless file. */
  readonly headerLine: number;
  readonly compressed: boolean;
  /** Size of the file on disk in bytes (compressed size for .gz). */
  readonly byteSize: number;
  /** Non-fatal observations, e.g. renamed duplicate header names. */
  readonly warnings: readonly ReadWarning[];
  /** Line breaks + 1 of a regular, uncompressed file (RowSource.mostRows); undefined for a pipe or a .gz file. */
  readonly mostRows?: () => Promise<number>;
  /** Bytes of the file on disk consumed so far (for progress). */
  bytesRead(): number;
  /** Streams the data rows in order, in batches. Single use. */
  batches(signal?: AbortSignal): AsyncIterable<RowBatch>;
  /** Releases the file handle early (after a partial read). */
  close(): void;
}
