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
