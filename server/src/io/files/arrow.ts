import { type FileHandle, open } from 'node:fs/promises';
import { RecordBatchReader } from 'apache-arrow';
import type { Field, RowBatch } from '../../engine/csv/types';
import { CancelledError, InputError, throwIfAborted } from '../../engine/errors';
import type { FieldCleaner } from '../fields';
import type { RowSource, SourceOptions } from '../source';
import { valueText } from '../sql/executor';

/**
 * An Arrow IPC file (Feather v2) or stream, read one record batch at a time with the Arrow
 * JavaScript library (DuckDB's Arrow support is an extension it would download). Values become
 * text by JavaScript's own conversion; compressed (LZ4 / ZSTD) batches are refused with a hint.
 */
export async function openArrow(
  file: string,
  cleaner: FieldCleaner,
  project: SourceOptions['project'],
): Promise<RowSource> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new InputError(`cannot read file: ${(error as Error).message.replace(/, \w+ '.*'$/s, '')}`, { file });
  }
  try {
    const { size } = await handle.stat();
    const reader = await RecordBatchReader.from(handle);
    await reader.open();
    const all = reader.schema.fields.map((field: { name: string }) => field.name);
    return new ArrowSource(file, project ? project(all, file) : all, size, handle, reader, cleaner);
  } catch (error) {
    await handle.close();
    throw arrowError(file, error);
  }
}

function arrowError(file: string, error: unknown): InputError {
  const message = (error as Error).message;
  if (/compress/i.test(message)) {
    return new InputError(`compressed Arrow record batches (LZ4 / ZSTD) cannot be read; write the file uncompressed (pyarrow: compression="uncompressed") or as Parquet`, { file });
  }
  return new InputError(`not a readable Arrow IPC file: ${message.replace(/\s+/g, ' ')}`, { file });
}

type Reader = Awaited<ReturnType<typeof RecordBatchReader.from>>;

class ArrowSource implements RowSource {
  readonly warnings: readonly string[] = [];
  private iterated = false;
  private closed = false;

  constructor(
    readonly file: string,
    readonly columns: readonly string[],
    readonly byteSize: number,
    private readonly handle: FileHandle,
    private readonly reader: Reader,
    private readonly cleaner: FieldCleaner,
  ) {}

  /** Progress by batches is coarse; the byte position of a random-access reader is not exposed. */
  bytesRead(): number {
    return 0;
  }

  async *batches(signal?: AbortSignal): AsyncGenerator<RowBatch> {
    if (this.iterated) throw new Error('RowSource.batches() can be iterated only once');
    this.iterated = true;
    let rowIndex = 0;
    try {
      for await (const batch of this.reader) {
        throwIfAborted(signal);
        if (this.closed) throw new CancelledError();
        const vectors = this.columns.map((name) => batch.getChild(name)!);
        const rows: Field[][] = [];
        for (let r = 0; r < batch.numRows; r++) {
          rows.push(
            vectors.map((vector) => {
              const text = valueText(vector.get(r));
              return text === null ? null : this.cleaner.clean(text);
            }),
          );
        }
        yield { rows, lines: rows.map((_, i) => rowIndex + i + 1), firstRowIndex: rowIndex };
        rowIndex += rows.length;
      }
    } catch (error) {
      if (error instanceof CancelledError || error instanceof InputError) throw error;
      throw arrowError(this.file, error);
    } finally {
      await this.handle.close().catch(() => undefined);
    }
  }

  close(): void {
    this.closed = true;
    void this.handle.close().catch(() => undefined);
  }
}
