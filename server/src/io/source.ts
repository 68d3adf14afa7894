import type { CsvOptions, Field, RowBatch, SqlRelation } from '../engine/table/rows';

/** Distinct combinations of some columns' fields, each with the number of rows that have it. */
export interface CountedRows {
  rows: Field[][];
  counts: number[];
}

/**
 * Rows from anywhere (a CSV file, a Parquet/JSON/Arrow file, a database table or query), as text
 * fields with the CSV reader's conventions: null is a missing value, and `lines` are 1-based
 * physical lines for CSV and 1-based row numbers for the other sources.
 */
export interface RowSource {
  /** What the rows come from, for reports and messages; a database URL never shows its password. */
  readonly file: string;
  readonly columns: readonly string[];
  /** Non-fatal observations, e.g. renamed duplicate header names. */
  readonly warnings: readonly string[];
  /** Size on disk in bytes for progress; 0 when unknown (databases). */
  readonly byteSize: number;
  bytesRead(): number;
  /** Streams the rows in order, in batches. Single use; stops and releases the source on error, cancellation or break. */
  batches(signal?: AbortSignal): AsyncIterable<RowBatch>;
  /**
   * Only on SQL sources: the distinct combinations of these columns' values and their row counts,
   * computed where the data lives (a GROUP BY), so that only aggregated rows travel. Fields follow
   * the same text rule as `batches`. Can run after `batches` was left early.
   */
  counted?(columns: readonly string[], signal?: AbortSignal): AsyncIterable<CountedRows>;
  /** Stops reading early (cancels a running query) and releases the source. */
  close(): void;
}

export interface SourceOptions {
  csv?: CsvOptions;
  /** Required for a database source, refused for a file. */
  relation?: SqlRelation;
  /**
   * The columns worth reading, chosen from all of them: a columnar source (Parquet, a database)
   * then reads only those. CSV files are parsed whole and ignore it.
   */
  project?: (columns: readonly string[], where: string) => readonly string[];
}
