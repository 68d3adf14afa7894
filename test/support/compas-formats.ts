// The bundled COMPAS sample (examples/compas, 7,214 rows) as one DuckDB table, plus a double
// column `probability` = (decile_score - 0.5) / 10 for the score metrics, and its rows for
// loading into other databases.
import * as path from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export const COMPAS_CSV = path.resolve(__dirname, '../../../examples/compas/compas-two-years.csv');

/** The README's audit of the sample: the decile score cut at 5, by race and sex. */
export const README_AUDIT = ['--label', 'two_year_recid', '--score', 'decile_score', '--threshold', '5', '--sensitive', 'race,sex'];

/** An audit of the double `probability` column by race and binned age, with seeded intervals. */
export const PROBABILITY_AUDIT = [
  '--label',
  'two_year_recid',
  '--score',
  'probability',
  '--threshold',
  '0.45',
  '--sensitive',
  'race,age',
  '--bootstrap',
  '60',
  '--seed',
  '7',
];

export interface ColumnSpec {
  name: string;
  kind: 'integer' | 'double' | 'text';
}

/** An in-memory DuckDB holding table `compas`, in the CSV's row order. */
export async function compasDuckDb(): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(
    `CREATE TABLE compas AS SELECT *, CAST(decile_score - 0.5 AS DOUBLE) / 10 AS probability FROM read_csv('${COMPAS_CSV.replaceAll("'", "''")}')`,
  );
  return { instance, connection };
}

export async function compasColumns(connection: DuckDBConnection): Promise<ColumnSpec[]> {
  const result = await connection.runAndReadAll(
    "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'compas' ORDER BY ordinal_position",
  );
  return result.getRows().map(([name, type]) => ({
    name: String(name),
    kind: /INT/.test(String(type)) ? 'integer' : type === 'DOUBLE' ? 'double' : 'text',
  }));
}

/** Every row, in order, as JavaScript values (integers as numbers). */
export async function compasRows(connection: DuckDBConnection): Promise<(string | number | null)[][]> {
  const result = await connection.runAndReadAll('SELECT * FROM compas ORDER BY id');
  return result.getRows().map((row) => row.map((value) => (typeof value === 'bigint' ? Number(value) : (value as string | number | null))));
}
