import { InputError } from '../../engine/errors';
import type { FieldCleaner } from '../fields';
import type { CountedRows, Counting, RowSource, SourceOptions } from '../source';
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
    return new SqlRowSource(file, columns, cleaner, executor, from);
  } catch (error) {
    await executor.close();
    throw error;
  }
}

class SqlRowSource extends TextRowSource {
  readonly counting: Counting;

  constructor(file: string, columns: readonly string[], cleaner: FieldCleaner, executor: SqlExecutor, from: string) {
    super(
      file,
      columns,
      0,
      cleaner,
      (signal) => executor.stream(selectAsText(executor, columns, from), signal),
      () => executor.close(),
    );
    this.counting = {
      by: executor.dialect.name,
      recountOnError: false,
      rows: (read, signal) => countedRows(executor, from, read, cleaner, signal ? AbortSignal.any([signal, this.stop.signal]) : this.stop.signal),
    };
  }
}

/**
 * `SELECT <columns as text>, count(*) … GROUP BY <the same>`: the database (each shard of a
 * distributed table) does the counting. Grouping by the text form keeps every distinction the
 * row-by-row reading makes; the text rule (trimming, missing markers) is applied afterwards, so
 * combinations it merges are merged by the consumer, as rows would be.
 */
export async function* countedRows(
  executor: SqlExecutor,
  from: string,
  columns: readonly string[],
  cleaner: FieldCleaner,
  signal: AbortSignal,
): AsyncGenerator<CountedRows> {
  const { dialect } = executor;
  const texts = columns.map((name) => dialect.asText(dialect.identifier(name)));
  const query = `SELECT ${[...texts, 'count(*)'].join(', ')} FROM ${from} GROUP BY ${texts.join(', ')}`;
  const width = columns.length;
  for await (const records of executor.stream(query, signal)) {
    yield {
      rows: records.map((record) => record.slice(0, width).map((value) => (value === null ? null : cleaner.clean(value)))),
      counts: records.map((record) => Number(record[width])),
    };
  }
}

function selectAsText(executor: SqlExecutor, columns: readonly string[], from: string): string {
  const { dialect } = executor;
  return `SELECT ${columns.map((name) => dialect.asText(dialect.identifier(name))).join(', ')} FROM ${from}`;
}
