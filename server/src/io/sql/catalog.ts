import { throwIfAborted } from '../../engine/errors';
import type { SqlRelation } from '../../engine/table/rows';
import { openDatabase } from '../open';
import type { Dialect } from './dialect';
import type { SqlExecutor, TextRow } from './executor';

export interface CatalogTable {
  schema: string;
  name: string;
  kind: 'table' | 'view';
  /** A table of the connection's own schema by its name; another schema's through a query of its quoted, qualified name. */
  relation: SqlRelation;
}

/** More tables than a quick pick can usefully show: the rest is reached by writing a query. */
export const MAX_TABLES = 5_000;

/**
 * The tables and views of a database, read-only, through its executor: `information_schema.tables`
 * (PostgreSQL, system schemas left out), `system.tables` of the current database (ClickHouse),
 * `duckdb_tables()` and `duckdb_views()` (DuckDB, internal ones left out). Each row gives the
 * schema, the name, the kind and the connection's default schema.
 */
export async function listTables(location: string, signal?: AbortSignal): Promise<{ where: string; tables: CatalogTable[] }> {
  const executor = await openDatabase(location);
  try {
    const tables: CatalogTable[] = [];
    for await (const batch of executor.stream(catalogQuery(executor), signal)) {
      for (const row of batch) if (tables.length < MAX_TABLES) tables.push(catalogTable(executor.dialect, row));
    }
    throwIfAborted(signal);
    return { where: executor.where, tables };
  } finally {
    await executor.close();
  }
}

function catalogQuery({ dialect }: SqlExecutor): string {
  const text = (value: string) => dialect.string(value);
  switch (dialect.name) {
    case 'postgres':
      return `SELECT table_schema, table_name, CASE WHEN table_type = ${text('VIEW')} THEN ${text('view')} ELSE ${text('table')} END, current_schema()
        FROM information_schema.tables WHERE table_schema NOT IN (${text('pg_catalog')}, ${text('information_schema')})
        ORDER BY table_schema <> current_schema(), table_schema, table_name LIMIT ${dialect.number(MAX_TABLES)}`;
    case 'clickhouse':
      return `SELECT database, name, if(engine LIKE ${text('%View')}, ${text('view')}, ${text('table')}), currentDatabase()
        FROM system.tables WHERE database = currentDatabase() ORDER BY name LIMIT ${dialect.number(MAX_TABLES)}`;
    case 'duckdb':
      return `SELECT * FROM (
          SELECT schema_name, table_name, ${text('table')}, current_schema() FROM duckdb_tables() WHERE NOT internal AND database_name = current_database()
          UNION ALL SELECT schema_name, view_name, ${text('view')}, current_schema() FROM duckdb_views() WHERE NOT internal AND database_name = current_database()
        ) AS catalog(schema_name, name, kind, default_schema)
        ORDER BY schema_name <> default_schema, schema_name, name LIMIT ${dialect.number(MAX_TABLES)}`;
  }
}

function catalogTable(dialect: Dialect, [schema, name, kind, defaultSchema]: TextRow): CatalogTable {
  const table = name ?? '';
  const relation: SqlRelation =
    schema === defaultSchema ? { table } : { query: `SELECT * FROM ${dialect.identifier(schema ?? '')}.${dialect.identifier(table)}` };
  return { schema: schema ?? '', name: table, kind: kind === 'view' ? 'view' : 'table', relation };
}
