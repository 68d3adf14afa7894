import * as path from 'node:path';
import type { Table } from '../engine/table/table';
import type { MitigationReport, ModelFile } from '../../../common/reports/mitigation';
import { writeFileAtomically } from './outputs/atomic-file';
import { writeCsvFile, type CsvContent } from './outputs/csv';
import { writeFolder } from './outputs/folder';
import { checkOutputs } from './outputs/guard';

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
  /** Neutralise cells that spreadsheets would run as formulas (`--safe-csv`). */
  safeCsv?: boolean;
}

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
 * Writes DIR/predictions.csv (input rows + added columns), DIR/model.json and DIR/report.json as
 * one folder that replaces DIR whole (an existing DIR only with `force`), the report last. Input
 * files are never touched: an output that is an input, or a DIR that holds one, is refused.
 * Added column names that clash with input columns get a suffix. Returns the final report.
 */
export async function writeMitigationOutput(target: OutputFolder, output: MitigationOutput): Promise<MitigationReport> {
  const outDir = path.resolve(target.dir);
  const files = {
    predictions: path.join(outDir, 'predictions.csv'),
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
    await writeCsvFile(path.join(staging, 'predictions.csv'), predictionsCsv(output.table, added), safe);
    for (const extra of output.csvFiles ?? []) await writeCsvFile(path.join(staging, extra.name), extra, safe);
    await writeFileAtomically(path.join(staging, 'model.json'), JSON.stringify(output.model, null, 2) + '\n');
    await writeFileAtomically(path.join(staging, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  });
  return report;
}

/**
 * The rows of `table` with new columns, as a new CSV (what `parity apply` writes), replacing the
 * file atomically. Writing over an input (`inputs`, and the table's own file) is refused.
 */
export async function writePredictionsCsv(
  file: string,
  table: Table,
  added: AddedColumn[],
  options: { inputs?: readonly string[]; safeCsv?: boolean } = {},
): Promise<void> {
  await checkOutputs([table.file, ...(options.inputs ?? [])], [{ path: file, kind: 'file' }]);
  await writeCsvFile(file, predictionsCsv(table, uniqueNames(table.columns, added)), { safeCsv: options.safeCsv ?? false });
}

/** A text output (a report printed to `--out`), replacing the file atomically; never over an input. */
export async function writeTextOutput(file: string, text: string, inputs: readonly string[]): Promise<void> {
  await checkOutputs(inputs, [{ path: file, kind: 'file' }]);
  await writeFileAtomically(file, text);
}

function predictionsCsv(table: Table, added: AddedColumn[]): CsvContent {
  const valuesOf = added.map(({ name, values }) => {
    if (typeof values === 'function') return values;
    if (values.length !== table.rowCount) throw new Error(`column ${name}: ${values.length} values for ${table.rowCount} rows`);
    return (row: number) => values[row]!;
  });
  const stored = table.data;
  return {
    columns: [...table.columns, ...added.map((column) => column.name)],
    rowCount: table.rowCount,
    field: (row, column) => (column < stored.length ? (stored[column]!.text(row) ?? '') : valuesOf[column - stored.length]!(row)),
  };
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
