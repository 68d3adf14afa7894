import type { Dialect } from './dialect';

/** A result row as text; null is SQL NULL. */
export type TextRow = (string | null)[];

/**
 * Runs read-only SQL on one database and streams the result as text. The row source of phase 1
 * streams a `SELECT` of the audited columns through it; the push-down of phase 2 sends the
 * compiled aggregation query through the same `stream`.
 */
export interface SqlExecutor {
  readonly dialect: Dialect;
  /** The database, for reports and messages (never with its password). */
  readonly where: string;
  /** Column names of a query's result, without reading its rows. */
  columns(query: string, signal?: AbortSignal): Promise<string[]>;
  /**
   * The rows of a query, in batches fetched as they are consumed (a cursor, a streamed result):
   * memory does not grow with the result. Breaking out of the loop or aborting the signal cancels
   * the query on the server.
   */
  stream(query: string, signal?: AbortSignal): AsyncIterable<TextRow[]>;
  close(): Promise<void>;
}

/** The value as text: strings as they are, numbers, big integers, decimals and dates by their toString. */
export function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}
