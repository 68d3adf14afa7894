export type Delimiter = ',' | ';' | '\t';

export interface CsvOptions {
  /** Field delimiter; 'auto' (default) detects `,`, `;` or tab from the start of the file. */
  delimiter?: Delimiter | 'auto';
  /** Whether the first non-comment line is a header row (default true). */
  header?: boolean;
  /** Column names for a headerless file (required when header is false; must match the field count). */
  columnNames?: string[];
  /** Field values (compared after trimming) that mean "missing"; default ['', 'NA', '?']. */
  missingMarkers?: string[];
  /** Trim surrounding whitespace from every field (default true). */
  trim?: boolean;
  /** Lines starting with this string are skipped (e.g. '|' for UCI adult.test); default none. */
  comments?: string;
}

/** A field value after trimming; null when it matched a missing-value marker. */
export type Field = string | null;

export interface RowBatch {
  rows: Field[][];
  /** 1-based physical line on which each row starts (same length as rows). */
  lines: number[];
  /** 0-based index, among all data rows of the file, of rows[0]. */
  firstRowIndex: number;
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
  readonly warnings: readonly string[];
  /** Bytes of the file on disk consumed so far (for progress). */
  bytesRead(): number;
  /** Streams the data rows in order, in batches. Single use. */
  batches(signal?: AbortSignal): AsyncIterable<RowBatch>;
  /** Releases the file handle early (after a partial read). */
  close(): void;
}
