/** The tabular input every reader produces and the engine consumes, and how a CSV file is read. */
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
  /**
   * Who counts the rows of an audited CSV file: `reader` reads every row; `duckdb` lets DuckDB
   * count them (a GROUP BY, several times less CPU); `auto` (default) uses DuckDB from 64 MiB.
   */
  counting?: CsvCounting;
}

export const CSV_COUNTING = ['auto', 'duckdb', 'reader'] as const;
export type CsvCounting = (typeof CSV_COUNTING)[number];

/** A database table (one identifier, quoted by the database's dialect) or a read-only query. */
export type SqlRelation = { table: string } | { query: string };

/** A field value after trimming; null when it matched a missing-value marker. */
export type Field = string | null;

export interface RowBatch {
  rows: Field[][];
  /** 1-based physical line on which each row starts (same length as rows). */
  lines: number[];
  /** 0-based index, among all data rows of the file, of rows[0]. */
  firstRowIndex: number;
}
