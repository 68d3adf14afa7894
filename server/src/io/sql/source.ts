import { InputError } from '../../engine/errors';
import type { FieldCleaner } from '../fields';
import type { RowSource, SourceOptions } from '../source';
import { TextRowSource } from '../text-source';
import type { SqlExecutor } from './executor';

/**
 * Rows of a relation (a quoted table name, a table function or a parenthesised query) streamed
 * through an executor: first its column names, then `SELECT` of the chosen columns as text. The
 * executor is closed with the source.
 */
export async function openSqlSource(
  executor: SqlExecutor,
  from: string,
  file: string,
  cleaner: FieldCleaner,
  project: SourceOptions['project'],
): Promise<RowSource> {
  try {
    const all = await executor.columns(`SELECT * FROM ${from}`);
    const repeated = all.find((name, i) => all.indexOf(name) !== i);
    if (repeated !== undefined) {
      throw new InputError(`two columns are called "${repeated}"; give them different names (AS ...)`, { file, column: repeated });
    }
    const columns = project ? project(all, file) : all;
    const { dialect } = executor;
    const query = `SELECT ${columns.map((name) => dialect.asText(dialect.identifier(name))).join(', ')} FROM ${from}`;
    return new TextRowSource(
      file,
      columns,
      0,
      cleaner,
      (signal) => executor.stream(query, signal),
      () => executor.close(),
    );
  } catch (error) {
    await executor.close();
    throw error;
  }
}
