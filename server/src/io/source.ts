import type { CsvOptions, Field, RowBatch, SqlRelation } from '../engine/table/rows';
import type { ReadWarning } from './csv/types';

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
/**
 * The distinct combinations of some columns' values and their row counts, computed where the data
 * lives (a GROUP BY), so that only aggregated rows travel. Fields follow the same text rule as
 * `RowSource.batches`; `rows` can run after `batches` was left early.
 */
export interface Counting {
  /** The engine that counts. */
  readonly by: 'duckdb' | 'postgres' | 'clickhouse';
  /**
   * Set when DuckDB counts a CSV file: its messages lack the reader's line and column, so an audit
   * that fails while counting reads the rows instead, for the exact message (or the result, when
   * DuckDB was only stricter than the reader).
   */
  readonly recountOnError: boolean;
  rows(columns: readonly string[], signal?: AbortSignal): AsyncIterable<CountedRows>;
}

export interface RowSource {
  /** What the rows come from, for reports and messages; a database URL never shows its password. */
  readonly file: string;
  readonly columns: readonly string[];
  /** Non-fatal observations, e.g. renamed duplicate header names. */
  readonly warnings: readonly ReadWarning[];
  /** Size on disk in bytes for progress; 0 when unknown (databases). */
  readonly byteSize: number;
  bytesRead(): number;
  /** Streams the rows in order, in batches. Single use; stops and releases the source on error, cancellation or break. */
  batches(signal?: AbortSignal): AsyncIterable<RowBatch>;
  /**
   * At least as many rows as the source has, when it can be told cheaply before they are read (a
   * plain CSV file: its line breaks, plus one), so that a table holding them is sized once.
   */
  readonly mostRows?: () => Promise<number>;
  /** Present when the rows can be counted where they live (a database, DuckDB reading a file). */
  readonly counting?: Counting;
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
