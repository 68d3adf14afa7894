import * as path from 'node:path';
import type * as z from 'zod';
import type { MitigationHooks, MitigationKind, MitigationReport, ModelFile } from '../../../common/reports/mitigation';
import type { CsvOptions } from '../engine/table/rows';
import { loadTable } from '../io/table';
import { AddedColumn, PREDICTIONS_EXTENSIONS, predictionsFormat, writePredictions, type OutputFolder } from '../io/output';
import { DATA_FILE_EXTENSION, defaultOutputFolderName } from '../../../common/output-folders';
import { checkOutputs } from '../io/outputs/guard';
import { Table } from '../engine/table/table';
import { describeParameters, validateParameters, type ParameterNaming } from '../params/schema';
import { flagName, titleOf } from '../../../common/params';
import type { BaseModelInfo, LabelTask } from '../../../common/method-tasks';

/**
 * One mitigation method as the CLI (`parity mitigate NAME`), the language server and the tests
 * run it: typed parameters in (its schema is the single description of them), the shared output
 * contract out (DIR/predictions.csv or .parquet / .jsonl after the input's format, DIR/model.json,
 * DIR/report.json).
 */
export interface MitigationCommand<S extends z.ZodObject = z.ZodObject> {
  name: string;
  /** The editor's name for it, e.g. "Threshold optimizer". */
  title: string;
  /** One line, for `parity mitigate --help` and the method's `--help`. */
  summary: string;
  /** What it does and when to use it, in plain words, for the editor's method picker. */
  description: string;
  kind: MitigationKind;
  /** The labels it makes fair: a yes/no label, a numeric target, or both (common/method-tasks.ts). */
  tasks: readonly LabelTask[];
  /** What the input must hold: labelled training data, or a model-output file (scores/predictions). */
  input: 'training-data' | 'model-output';
  /** A model-output method that, given none of its model-output columns, fits its own base model on a label of this task. */
  baseModel?: BaseModelInfo;
  params: S;
  /** The schema of its model.json, checked before `apply` uses a model (every method with `apply` has one). */
  modelSchema?: z.ZodType;
  run(params: z.output<S>, hooks: MitigationHooks): Promise<MitigationReport>;
  /** Applies a saved model.json to a new file, writing predictions in its format. */
  apply?(model: ModelFile, file: string, options: ApplyOptions, hooks: MitigationHooks): Promise<{ written: string; rows: number }>;
}

export interface ApplyOptions {
  /** The output file (default FILE.METHOD.csv, .parquet or .jsonl after FILE's format). */
  out?: string | undefined;
  csv: CsvOptions;
  /** The model.json applied: an input the output may not overwrite. */
  modelFile?: string;
  /** Neutralise formula cells in the written file when it is a CSV. */
  safeCsv?: boolean;
}

/** What the mitigation commands' help says of the files they read and write. */
export const DATA_FORMATS = `Data files are CSV (.csv, .csv.gz), Parquet (.parquet), JSON Lines (.jsonl, .ndjson) or Arrow IPC
(.arrow, .feather); predictions are written in the input's format (Arrow IPC as Parquet), and
--safe-csv changes CSV outputs only.`;

/** A method whose parameter type is erased, as the registry holds it. */
export type AnyMitigationCommand = MitigationCommand<z.ZodObject>;

/** Keeps a method's run() typed by its own schema while the registry holds every method alike. */
export function defineMitigation<S extends z.ZodObject>(command: MitigationCommand<S>): AnyMitigationCommand {
  return command as unknown as AnyMitigationCommand;
}

/**
 * Validates the parameters against the method's schema, checks before any work that its output
 * folder can be written without touching an input, then runs it.
 */
export async function runMitigation(
  command: AnyMitigationCommand,
  params: unknown,
  hooks: MitigationHooks,
  naming: ParameterNaming = 'flag',
): Promise<MitigationReport> {
  const valid = validateParameters(command.params, params, naming) as OutputParams & Record<string, unknown>;
  const properties = describeParameters(command.params).properties;
  // The files a run reads: its parameters that name an input file, in the schema's order.
  const inputs = Object.keys(properties).flatMap((key) =>
    properties[key]!.input === 'file' && properties[key]!.group === 'data' && typeof valid[key] === 'string' ? [valid[key]] : [],
  );
  const out = valid.out ?? defaultOutDir(inputs[0]!, command.name);
  const named = (key: string) => (naming === 'title' ? `"${titleOf(key, properties[key])}"` : `--${flagName(key)}`);
  await checkOutputs(inputs, [{ path: out, kind: 'folder' }], { force: valid.force === true, names: { out: named('out'), force: named('force') } });
  return command.run({ ...valid, out }, hooks);
}

/** DIR for `--out` when none is given: next to the input, e.g. data/train.parity-ferm/. */
export function defaultOutDir(input: string, method: string): string {
  return path.join(path.dirname(path.resolve(input)), defaultOutputFolderName(path.basename(input), method));
}

/** The shared output parameters of every method (params/fragments.ts, mitigationOutput). */
export interface OutputParams {
  out?: string | undefined;
  force?: boolean;
  safeCsv?: boolean;
}

/** Where and how a run writes its folder: `--out`, or `fallback` (defaultOutDir), with --force and --safe-csv. */
export function outputFolder(params: OutputParams, fallback: string): OutputFolder {
  return { dir: params.out ?? fallback, force: params.force ?? false, safeCsv: params.safeCsv ?? false };
}

/** FILE.METHOD.csv (.parquet, .jsonl after FILE's format): where `parity apply` writes when no --out is given. */
export function defaultApplyOut(file: string, method: string): string {
  return `${file.replace(DATA_FILE_EXTENSION, '')}.${method}${PREDICTIONS_EXTENSIONS[predictionsFormat(file)]}`;
}

/**
 * What every `apply` does around its method's own computation: read FILE, add the columns the
 * fitted model computes from it, and write the result to the output (default defaultApplyOut).
 */
export async function applyToFile(
  method: string,
  file: string,
  options: ApplyOptions,
  hooks: MitigationHooks,
  columns: (table: Table) => AddedColumn[],
): Promise<{ written: string; rows: number }> {
  const table = await loadTable(file, options.csv, hooks.signal ? { signal: hooks.signal } : {});
  const added = columns(table);
  const out = options.out ?? defaultApplyOut(file, method);
  await writePredictions(out, table, added, { inputs: options.modelFile ? [options.modelFile] : [], safeCsv: options.safeCsv ?? false });
  return { written: out, rows: table.rowCount };
}
