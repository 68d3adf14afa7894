import * as path from 'node:path';
import { CSV_FLAGS, csvOptionsFromFlags, FlagTable, SHARED_FLAGS, stringFlag } from '../cli/args';
import { AddedColumn, writePredictionsCsv } from '../engine/mitigation/output';
import type { MitigationHooks, MitigationKind, MitigationReport, ModelFile } from '../engine/mitigation/report';
import { loadTable, Table } from '../engine/table/table';

/**
 * One mitigation method as the CLI (`parity mitigate NAME`), the language server and the tests
 * run it: flags in (the same names everywhere), the shared output contract out
 * (DIR/predictions.csv, DIR/model.json, DIR/report.json). The flag values are the parsed
 * `Record<string, unknown>` of `parseFlags`, so the editor sends exactly what the CLI accepts.
 */
export interface MitigationCommand {
  name: string;
  summary: string;
  usage: string;
  kind: MitigationKind;
  /** What the input must hold: labelled training data, or a model-output file (scores/predictions). */
  input: 'training-data' | 'model-output';
  flags: FlagTable;
  run(values: Record<string, unknown>, hooks: MitigationHooks): Promise<MitigationReport>;
  /** Applies a saved model.json to a new file, writing predictions to `out` (a CSV path). */
  apply?(model: ModelFile, file: string, values: Record<string, unknown>, hooks: MitigationHooks): Promise<{ written: string; rows: number }>;
}

/** DIR for `--out` when none is given: next to the input, e.g. data/train.parity-ferm/. */
export function defaultOutDir(input: string, method: string): string {
  const base = path.basename(input).replace(/\.csv(\.gz)?$/i, '');
  return path.join(path.dirname(path.resolve(input)), `${base}.parity-${method}`);
}

/**
 * What every `apply` does around its method's own computation: read FILE, add the columns the
 * fitted model computes from it, and write the result to --out (default FILE.METHOD.csv).
 */
export async function applyToFile(method: string, file: string, values: Record<string, unknown>, hooks: MitigationHooks, columns: (table: Table) => AddedColumn[]): Promise<{ written: string; rows: number }> {
  const table = await loadTable(file, csvOptionsFromFlags(values), hooks.signal ? { signal: hooks.signal } : {});
  const added = columns(table);
  const out = stringFlag(values, 'out') ?? file.replace(/(\.csv(\.gz)?)?$/i, `.${method}.csv`);
  await writePredictionsCsv(out, table, added);
  return { written: out, rows: table.rows.length };
}

/** The flags naming a labelled train/test split: the first block of every training-data method's table. */
export const TRAINING_SPLIT_FLAGS: FlagTable = {
  train: SHARED_FLAGS.train,
  test: SHARED_FLAGS.test,
  label: SHARED_FLAGS.label,
  sensitive: SHARED_FLAGS.sensitive,
  positive: SHARED_FLAGS.positive,
  features: SHARED_FLAGS.features,
};

/** The flags naming a model-output file with a score and the true label (threshold, reject option). */
export const SCORED_DATA_FLAGS: FlagTable = {
  data: SHARED_FLAGS.data,
  score: SHARED_FLAGS.score,
  label: SHARED_FLAGS.label,
  sensitive: SHARED_FLAGS.sensitive,
  positive: SHARED_FLAGS.positive,
};

/** The flags every mitigation ends its table with: where to write, what to print, how to read CSV. */
export function mitigationOutputFlags(input: 'training' | 'data'): FlagTable {
  return {
    out: { ...SHARED_FLAGS.out, help: 'DIR', describe: `output directory (default: next to the ${input} file)` },
    format: { ...SHARED_FLAGS.format, help: 'table|json', describe: 'what to print (default table)' },
    ...CSV_FLAGS,
    help: SHARED_FLAGS.help,
  };
}
