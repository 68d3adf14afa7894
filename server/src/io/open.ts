import { promises as fs } from 'node:fs';
import { withDuckDbCounting } from './csv/duckdb-count';
import { openCsv } from './csv/reader';
import { DatabaseError, InputError } from '../engine/errors';
import { DEFAULT_MISSING_MARKERS, FieldCleaner } from './fields';
import { type DatabaseKind, parseLocation, redactUrl } from './location';
import type { SqlRelation } from '../engine/table/rows';
import type { RowSource, SourceOptions } from './source';
import { CLICKHOUSE, type Dialect, DUCKDB, POSTGRES } from './sql/dialect';
import { DuckDbExecutor } from './sql/duckdb';
import type { SqlExecutor } from './sql/executor';
import { openSqlSource } from './sql/source';

/**
 * Opens rows from a CSV, Parquet, JSON Lines or Arrow file (by extension) or from a database table
 * or query (`duckdb:PATH`, `postgres://…`, `clickhouse://…` with `relation`).
 */
export async function openRowSource(text: string, options: SourceOptions = {}): Promise<RowSource> {
  const location = parseLocation(text);
  const cleaner = new FieldCleaner(options.csv?.missingMarkers ?? DEFAULT_MISSING_MARKERS, options.csv?.trim ?? true);
  if (location.kind === 'file') {
    if (options.relation)
      throw new InputError('--table and --query apply to databases (duckdb:PATH, postgres://…, clickhouse://…), not to files', { file: text });
    switch (location.format) {
      case 'csv':
        return withDuckDbCounting(await openCsv(location.path, options.csv), options.csv ?? {}, cleaner);
      case 'arrow': {
        await checkFile(location.path);
        const { openArrow } = await import('./files/arrow.js');
        return openArrow(location.path, cleaner, options.project);
      }
      case 'parquet':
      case 'jsonl': {
        await checkFile(location.path);
        const executor = await DuckDbExecutor.inMemory(location.path);
        const path = executor.dialect.string(location.path);
        const from = location.format === 'parquet' ? `read_parquet(${path})` : `read_json(${path}, format = 'newline_delimited')`;
        return openSqlSource(executor, from, location.path, cleaner, options.project);
      }
    }
  }
  const where = location.database === 'duckdb' ? text : redactUrl(text);
  if (!options.relation) throw new InputError('a database source needs --table T or --query "SELECT …"', { file: where });
  if (location.database === 'duckdb') await checkDatabaseFile(location.target);
  const from = relationSql(DIALECTS[location.database], options.relation);
  const executor = await connect(location.database, location.target);
  return openSqlSource(executor, from, `${executor.where} ${describeRelation(options.relation)}`, cleaner, options.project);
}

/** A database's executor (a DuckDB file checked first), for queries of its own, such as the catalog's. */
export async function openDatabase(text: string): Promise<SqlExecutor> {
  const location = parseLocation(text);
  if (location.kind !== 'database') throw new InputError('not a database: give duckdb:PATH, postgres://… or clickhouse://…', { file: text });
  if (location.database === 'duckdb') await checkDatabaseFile(location.target);
  return connect(location.database, location.target);
}

const DIALECTS: Readonly<Record<DatabaseKind, Dialect>> = { duckdb: DUCKDB, postgres: POSTGRES, clickhouse: CLICKHOUSE };

/** The database clients (and Arrow's reader) are loaded on first use: CSV runs start without them (about 25 MB less). */
async function connect(database: DatabaseKind, target: string): Promise<SqlExecutor> {
  switch (database) {
    case 'duckdb':
      return DuckDbExecutor.openFile(target);
    case 'postgres':
      return (await import('./sql/postgres.js')).PostgresExecutor.connect(target);
    case 'clickhouse':
      return (await import('./sql/clickhouse.js')).ClickHouseExecutor.connect(target);
  }
}

/** A quoted table name, or the user's query as a subquery (a trailing semicolon dropped). */
function relationSql(dialect: Dialect, relation: SqlRelation): string {
  if ('table' in relation) return dialect.identifier(relation.table);
  return `(${relation.query.replace(/[\s;]+$/, '')}) AS parity_query`;
}

function describeRelation(relation: SqlRelation): string {
  return 'table' in relation ? `table ${JSON.stringify(relation.table)}` : 'query';
}

/** A DuckDB database file that cannot be read: its connection's path is wrong (Edit Connection… in the editor). */
async function checkDatabaseFile(path: string): Promise<void> {
  try {
    await checkFile(path);
  } catch (error) {
    throw error instanceof InputError ? new DatabaseError(error.detail, { file: path }, 'connection') : error;
  }
}

/** The same one-line messages as the CSV reader for a missing or unreadable file. */
async function checkFile(path: string): Promise<void> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) throw new InputError('cannot read file: not a regular file', { file: path });
    await fs.access(path, fs.constants.R_OK);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const { message } = error as NodeJS.ErrnoException;
    throw new InputError(`cannot read file: ${message.replace(/, \w+ '.*'$/s, '')}`, { file: path });
  }
}
