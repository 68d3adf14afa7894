import * as path from 'node:path';
import type { Table } from '../engine/table/table';
import type { MitigationReport, ModelFile } from '../../../common/reports/mitigation';
import { writeFileAtomically } from './outputs/atomic-file';
import { arrowColumnTypes, type ColumnarFormat, duckDbColumnTypes, writeColumnarFile } from './outputs/columnar';
import { type CsvContent, writeCsvFile } from './outputs/csv';
import { writeFolder } from './outputs/folder';
import { checkOutputs } from './outputs/guard';
import { InputError } from '../engine/errors';
import { type FileFormat, parseLocation } from './location';

export interface AddedColumn {
  name: string;
  /** The rows' values, or what computes row i's value as it is written (nothing held per row). */
  values: ArrayLike<number | string> | ((row: number) => number | string);
}

/** Where a command writes its folder of files, and how (the shared output parameters). */
export interface OutputFolder {
  dir: string;
  /** Replace an existing, non-empty folder (`--force`). */
  force?: boolean;
  /** Neutralise cells that spreadsheets would run as formulas (`--safe-csv`); CSV files only. */
  safeCsv?: boolean;
}

/** The format predictions are written in. */
export type PredictionsFormat = 'csv' | ColumnarFormat;

export const PREDICTIONS_EXTENSIONS: Readonly<Record<PredictionsFormat, string>> = { csv: '.csv', parquet: '.parquet', jsonl: '.jsonl' };

/**
 * Predictions are written in the format of the rows they extend: CSV stays CSV, Parquet and JSON
 * Lines stay themselves, and Arrow IPC becomes Parquet (one writer, DuckDB, for both columnar
 * formats: every tool that reads Feather reads Parquet, and DuckDB writes Arrow only through an
 * extension it would download).
 */
export function predictionsFormat(input: string): PredictionsFormat {
  const location = parseLocation(input);
  if (location.kind === 'database' || location.format === 'csv') return 'csv';
  return location.format === 'jsonl' ? 'jsonl' : 'parquet';
}

/**
 * The format of an output file named by the user for rows read from `input`: the input's
 * (predictionsFormat), and an output named with another data format's extension is refused rather
 * than written in a format its name does not say.
 */
export function outputFileFormat(out: string, input: string): PredictionsFormat {
  const format = predictionsFormat(input);
  const named = namedFormat(out);
  if (named === undefined || named === format) return format;
  throw new InputError(`predictions of ${input} are written as ${FORMAT_TITLES[format]}: name the output ${PREDICTIONS_EXTENSIONS[format]}`, { file: out });
}

/** The data format a file's name says (.csv, .parquet, .jsonl, .arrow…), if any. */
function namedFormat(file: string): FileFormat | undefined {
  if (/\.csv(\.gz)?$/i.test(file)) return 'csv';
  const location = parseLocation(file);
  return location.kind === 'file' && location.format !== 'csv' ? location.format : undefined;
}

const FORMAT_TITLES: Readonly<Record<PredictionsFormat, string>> = { csv: 'CSV', parquet: 'Parquet', jsonl: 'JSON Lines' };

export interface MitigationOutput {
  /** The rows the predictions are written for (their original fields are copied verbatim). */
  table: Table;
  added: AddedColumn[];
  model: ModelFile;
  report: Omit<MitigationReport, 'files' | 'columns'> & { columns: Omit<MitigationReport['columns'], 'added'>; inputs: Record<string, string> };
  /** More CSV files of the run, written into the folder before model.json and report.json. */
  csvFiles?: ({ name: string } & CsvContent)[];
}

/**
 * Writes DIR/predictions.csv (input rows + added columns; .parquet or .jsonl for rows read from
 * such a file, see predictionsFormat), DIR/model.json and DIR/report.json as
 * one folder that replaces DIR whole (an existing DIR only with `force`), the report last. Input
 * files are never touched: an output that is an input, or a DIR that holds one, is refused.
 * Added column names that clash with input columns get a suffix. Returns the final report.
 */
export async function writeMitigationOutput(target: OutputFolder, output: MitigationOutput): Promise<MitigationReport> {
  const outDir = path.resolve(target.dir);
  const format = predictionsFormat(output.table.file);
  const predictionsName = `predictions${PREDICTIONS_EXTENSIONS[format]}`;
  const files = {
    predictions: path.join(outDir, predictionsName),
    model: path.join(outDir, 'model.json'),
    report: path.join(outDir, 'report.json'),
  };
  const { inputs: given, columns, ...rest } = output.report;
  const inputs = Object.fromEntries(Object.entries(given).map(([key, file]) => [key, path.resolve(file)]));
  await checkOutputs(Object.values(inputs), [{ path: outDir, kind: 'folder' }], { force: target.force ?? false });
  const added = uniqueNames(output.table.columns, output.added);
  const report: MitigationReport = { ...rest, files: { inputs, ...files }, columns: { ...columns, added: added.map((column) => column.name) } };
  const safe = { safeCsv: target.safeCsv ?? false };
  await writeFolder(outDir, async (staging) => {
    await writePredictionsFile(path.join(staging, predictionsName), output.table, added, format, safe);
    for (const extra of output.csvFiles ?? []) await writeCsvFile(path.join(staging, extra.name), extra, safe);
    await writeFileAtomically(path.join(staging, 'model.json'), JSON.stringify(output.model, null, 2) + '\n');
    await writeFileAtomically(path.join(staging, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  });
  return report;
}

/**
 * The rows of `table` with new columns, as a new file in the input's format (what `parity apply`
 * writes; see outputFileFormat), replacing the file atomically. Writing over an input (`inputs`,
 * and the table's own file) is refused.
 */
export async function writePredictions(
  file: string,
  table: Table,
  added: AddedColumn[],
  options: { inputs?: readonly string[]; safeCsv?: boolean } = {},
): Promise<void> {
  const format = outputFileFormat(file, table.file);
  await checkOutputs([table.file, ...(options.inputs ?? [])], [{ path: file, kind: 'file' }]);
  await writePredictionsFile(file, table, uniqueNames(table.columns, added), format, { safeCsv: options.safeCsv ?? false });
}

async function writePredictionsFile(file: string, table: Table, added: AddedColumn[], format: PredictionsFormat, safe: { safeCsv: boolean }): Promise<void> {
  const content = { columns: [...table.columns, ...added.map((column) => column.name)], rowCount: table.rowCount, field: predictionsFields(table, added) };
  if (format === 'csv') return writeCsvFile(file, content, safe);
  return writeColumnarFile(file, { ...content, types: await predictionsTypes(table, added, format) }, format);
}

/** A text output (a report printed to `--out`), replacing the file atomically; never over an input. */
export async function writeTextOutput(file: string, text: string, inputs: readonly string[]): Promise<void> {
  await checkOutputs(inputs, [{ path: file, kind: 'file' }]);
  await writeFileAtomically(file, text);
}

/** Each row's input fields (null = missing) and added values, by column index. */
function predictionsFields(table: Table, added: AddedColumn[]): CsvContent['field'] {
  const valuesOf = added.map(({ name, values }) => {
    if (typeof values === 'function') return values;
    if (values.length !== table.rowCount) throw new Error(`column ${name}: ${values.length} values for ${table.rowCount} rows`);
    return (row: number) => values[row]!;
  });
  const stored = table.data;
  return (row, column) => (column < stored.length ? stored[column]!.text(row) : valuesOf[column - stored.length]!(row));
}

/**
 * The written columns' types: the input's own for its columns (read from the file: the text Parity
 * read from it casts back), and for the added ones DOUBLE or INTEGER for numbers (integer arrays,
 * e.g. 0/1 decisions, are INTEGER), VARCHAR for text.
 */
async function predictionsTypes(table: Table, added: AddedColumn[], format: ColumnarFormat): Promise<string[]> {
  // Parquet and JSON Lines predictions come from a file of the same format, or from Arrow IPC.
  const location = parseLocation(table.file);
  const stored = location.kind === 'file' && location.format === 'arrow' ? await arrowColumnTypes(table.file) : await duckDbColumnTypes(table.file, format);
  return [...table.columns.map((name) => stored.get(name) ?? 'VARCHAR'), ...added.map(({ values }) => addedType(values))];
}

const SMALL_INTEGER_ARRAYS = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array];

function addedType(values: AddedColumn['values']): string {
  if (values instanceof Uint32Array) return 'BIGINT';
  if (SMALL_INTEGER_ARRAYS.some((type) => values instanceof type)) return 'INTEGER';
  const first = typeof values === 'function' ? values(0) : values[0];
  return typeof first === 'number' ? 'DOUBLE' : 'VARCHAR';
}

function uniqueNames(existing: readonly string[], added: AddedColumn[]): AddedColumn[] {
  const taken = new Set(existing);
  return added.map((column) => {
    let name = column.name;
    for (let i = 1; taken.has(name); i++) name = `${column.name}.${i}`;
    taken.add(name);
    return { ...column, name };
  });
}
