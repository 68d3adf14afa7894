import { type FileHandle, open } from 'node:fs/promises';
import { RecordBatchReader } from 'apache-arrow';
import { CancelledError, InputError, throwIfAborted } from '../../engine/errors';
import type { FieldCleaner } from '../fields';
import type { RowSource, SourceOptions } from '../source';
import { type TextRow, valueText } from '../sql/executor';
import { TextRowSource } from '../text-source';

/**
 * An Arrow IPC file (Feather v2) or stream, read one record batch at a time with the Arrow
 * JavaScript library (DuckDB's Arrow support is an extension it would download). Values become
 * text by JavaScript's own conversion; compressed (LZ4 / ZSTD) batches are refused with a hint.
 */
export async function openArrow(file: string, cleaner: FieldCleaner, project: SourceOptions['project']): Promise<RowSource> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw arrowError(file, error);
  }
  try {
    const reader = await RecordBatchReader.from(handle);
    await reader.open();
    const all = reader.schema.fields.map((field: { name: string }) => field.name);
    const columns = project ? project(all, file) : all;
    return new TextRowSource(
      file,
      columns,
      0,
      cleaner,
      (signal) => textRows(file, reader, columns, signal),
      () => handle.close(),
    );
  } catch (error) {
    await handle.close();
    throw error instanceof InputError ? error : arrowError(file, error);
  }
}

function arrowError(file: string, error: unknown): InputError {
  const message = (error as Error).message;
  if (/compress/i.test(message)) {
    return new InputError(
      `compressed Arrow record batches (LZ4 / ZSTD) cannot be read; write the file uncompressed (pyarrow: compression="uncompressed") or as Parquet`,
      { file },
    );
  }
  return new InputError(`not a readable Arrow IPC file: ${message.replace(/, \w+ '.*'$/s, '').replace(/\s+/g, ' ')}`, { file });
}

type Reader = Awaited<ReturnType<typeof RecordBatchReader.from>>;

/** The chosen columns of each record batch as text rows. */
async function* textRows(file: string, reader: Reader, columns: readonly string[], signal: AbortSignal): AsyncGenerator<TextRow[]> {
  try {
    for await (const batch of reader) {
      throwIfAborted(signal);
      const vectors = columns.map((name) => batch.getChild(name)!);
      yield Array.from({ length: batch.numRows }, (_, r) => vectors.map((vector) => valueText(vector.get(r))));
    }
  } catch (error) {
    if (error instanceof CancelledError || error instanceof InputError) throw error;
    throw arrowError(file, error);
  }
}
