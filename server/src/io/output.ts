import { once } from 'node:events';
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';
import { InputError } from '../engine/errors';
import type { Table } from '../engine/table/table';
import type { MitigationReport, ModelFile } from '../../../common/reports/mitigation';

export interface AddedColumn {
  name: string;
  values: ArrayLike<number | string>;
}

export interface MitigationOutput {
  /** The rows the predictions are written for (their original fields are copied verbatim). */
  table: Table;
  added: AddedColumn[];
  model: ModelFile;
  report: Omit<MitigationReport, 'files' | 'columns'> & { columns: Omit<MitigationReport['columns'], 'added'>; inputs: Record<string, string> };
}

/**
 * Writes DIR/predictions.csv (input rows + added columns), DIR/model.json and DIR/report.json.
 * Input files are never touched: writing over any of them is refused. Added column names that
 * clash with input columns get a suffix. Returns the final report.
 */
export async function writeMitigationOutput(dir: string, output: MitigationOutput): Promise<MitigationReport> {
  const outDir = path.resolve(dir);
  const files = {
    predictions: path.join(outDir, 'predictions.csv'),
    model: path.join(outDir, 'model.json'),
    report: path.join(outDir, 'report.json'),
  };
  const inputs = Object.values(output.report.inputs).map((file) => path.resolve(file));
  for (const target of Object.values(files)) {
    if (inputs.includes(target)) throw new InputError(`refusing to overwrite the input file ${target}: choose another output folder`, { file: target });
  }
  await fs.mkdir(outDir, { recursive: true });
  const added = uniqueNames(output.table.columns, output.added);
  await writePredictions(files.predictions, output.table, added);
  const { inputs: inputMap, columns, ...rest } = output.report;
  const report: MitigationReport = {
    ...rest,
    files: { inputs: Object.fromEntries(Object.entries(inputMap).map(([k, v]) => [k, path.resolve(v)])), ...files },
    columns: { ...columns, added: added.map((column) => column.name) },
  };
  await fs.writeFile(files.model, JSON.stringify(output.model, null, 2) + '\n');
  await fs.writeFile(files.report, JSON.stringify(report, null, 2) + '\n');
  return report;
}

/**
 * The rows of `table` with new columns, as a new CSV (what `parity apply` writes). Writing over
 * the input file is refused.
 */
export async function writePredictionsCsv(file: string, table: Table, added: AddedColumn[]): Promise<void> {
  if (path.resolve(file) === path.resolve(table.file)) throw new InputError(`refusing to overwrite the input file ${file}: choose another output file`, { file });
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writePredictions(file, table, uniqueNames(table.columns, added));
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

async function writePredictions(file: string, table: Table, added: AddedColumn[]): Promise<void> {
  for (const column of added) {
    if (column.values.length !== table.rows.length) throw new Error(`column ${column.name}: ${column.values.length} values for ${table.rows.length} rows`);
  }
  const stream = createWriteStream(file);
  const write = async (text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  await write(Papa.unparse([[...table.columns, ...added.map((column) => column.name)]]) + '\n');
  const chunk = 4096;
  for (let start = 0; start < table.rows.length; start += chunk) {
    const rows = table.rows.slice(start, start + chunk).map((row, offset) => [
      ...row.map((field) => field ?? ''),
      ...added.map((column) => String(column.values[start + offset])),
    ]);
    await write(Papa.unparse(rows) + '\n');
  }
  stream.end();
  await once(stream, 'finish');
}
