import * as fs from 'node:fs';
import * as path from 'node:path';

/** The extension of a data file's name that the names of files made from it drop (data.parquet -> data.parity-threshold). */
export const DATA_FILE_EXTENSION = /\.(csv(\.gz)?|parquet|jsonl|ndjson|arrow|feather|ipc|arrows)$/i;

/**
 * The name of the folder a run writes when no output folder is given, beside its input file:
 * `train.csv` and the method `ferm` give `train.parity-ferm`. The server writes there and the
 * editor's review says so before the run, so both read it from here.
 */
export function defaultOutputFolderName(inputFileName: string, run: string): string {
  return `${inputFileName.replace(DATA_FILE_EXTENSION, '')}.parity-${run}`;
}

/**
 * The files every run writes beside its predictions (writeMitigationOutput): a folder holding both
 * is a run's output whatever its name (an --out folder such as parity-reweighing/).
 */
const RUN_MARKERS = ['report.json', 'model.json'];
/** The file a comparison writes at the top of its folder, above one run folder per method. */
const COMPARISON_MARKER = 'comparison.json';

/**
 * Whether a data file is one of Parity's own outputs: in a folder named as defaultOutputFolderName
 * names them (at any depth), in a folder holding a run's report.json and model.json, or in a
 * comparison's folder or one of its method folders. `exists` tells whether a path exists.
 */
export function isParityOutput(file: string, exists: (file: string) => boolean = fs.existsSync): boolean {
  const folder = path.dirname(file);
  if (folder.split(/[\\/]/).some((name) => /\.parity-[\w-]+$/.test(name))) return true;
  if (RUN_MARKERS.every((marker) => exists(path.join(folder, marker)))) return true;
  return [folder, path.dirname(folder)].some((dir) => exists(path.join(dir, COMPARISON_MARKER)));
}
