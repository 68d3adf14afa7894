import { InputError } from '../../engine/errors';

/**
 * How one SQL dialect spells names, values and the text form of a column. Every identifier and
 * literal that reaches a query passes through here, so no column name, group value or flag can
 * change the query's structure. Phase 2 (the aggregation push-down) builds on the same functions.
 */
export interface Dialect {
  readonly name: 'duckdb' | 'postgres' | 'clickhouse';
  /** A quoted identifier. */
  identifier(name: string): string;
  /** A quoted string literal. */
  string(value: string): string;
  /** A numeric literal (finite numbers only). */
  number(value: number): string;
  /** An expression giving the column's value as text, as the database itself prints it (NULL stays NULL). */
  asText(expression: string): string;
}

/** NUL cannot be stored in PostgreSQL text and ends C strings elsewhere: refuse it rather than mis-quote. */
function checkNoNul(text: string, what: string): void {
  if (text.includes('\0')) throw new InputError(`${what} contains a NUL character, which SQL cannot quote`);
}

function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new InputError(`${value} cannot be written as an SQL number`);
  return String(value);
}

/** Standard SQL: "name" with doubled double quotes, 'value' with doubled single quotes. */
const standard = {
  identifier(name: string): string {
    checkNoNul(name, `identifier "${name}"`);
    return `"${name.replaceAll('"', '""')}"`;
  },
  string(value: string): string {
    checkNoNul(value, 'a value');
    return `'${value.replaceAll("'", "''")}'`;
  },
  number: numberLiteral,
};

export const DUCKDB: Dialect = { name: 'duckdb', ...standard, asText: (expression) => `CAST(${expression} AS VARCHAR)` };

/** Connections set standard_conforming_strings = on, so a backslash in a literal is just a character. */
export const POSTGRES: Dialect = { name: 'postgres', ...standard, asText: (expression) => `CAST(${expression} AS text)` };

/**
 * ClickHouse reads backslash escapes inside both quoted identifiers and string literals, so the
 * backslash is escaped along with the quote. Its TabSeparated output already prints values as
 * text, so no cast is added.
 */
export const CLICKHOUSE: Dialect = {
  name: 'clickhouse',
  identifier(name: string): string {
    checkNoNul(name, `identifier "${name}"`);
    return `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
  },
  string(value: string): string {
    checkNoNul(value, 'a value');
    return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  },
  number: numberLiteral,
  asText: (expression) => expression,
};
