import * as path from 'node:path';
import { fileHead, readCsvHeader } from '../../common/csv-header';
import { isParityOutput } from '../../common/output-folders';

/**
 * The workspace's data files offered as a held-out file: never the training file itself, nor a
 * file an earlier run of Parity wrote (in a folder such as compas.parity-reweighing: its rows may
 * be the training rows, so it is never a fair held-out set). Browse… still reaches any file.
 */
export function heldOutFiles(workspaceFiles: readonly string[], training: string, current: string | undefined): string[] {
  return workspaceFiles.filter((file) => !sameFile(file, training) && file !== current && !isParityOutput(file));
}

/** The columns a run reads from its held-out file: the label, sensitive attributes, features and model output chosen so far. */
export function runColumns(params: Record<string, unknown>): string[] {
  const named = ['label', 'sensitive', 'score', 'prediction', 'features'].flatMap((key) => {
    const value = params[key];
    return typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  });
  return [...new Set(named)];
}

/**
 * The columns a held-out file must have: the run's (runColumns) once its label is chosen; before
 * that (the held-out question comes first), every column of the training file, which the run may
 * yet use (cold try 14: a law_data.csv run offered adult.csv, which has race and sex).
 */
export function heldOutColumns(params: Record<string, unknown>, trainingColumns: readonly string[] | undefined): string[] {
  if (params['noHeader'] === true) return [];
  const named = runColumns(params);
  return typeof params['label'] === 'string' ? named : [...new Set([...named, ...(trainingColumns ?? [])])];
}

/**
 * The files whose header names every column of `needed` (bank-full.csv is no held-out file of a
 * law_data.csv run). A file whose header is not read here (Parquet, Arrow: no cheap header read;
 * an unreadable one) is kept: the run checks it.
 */
export function filesWithColumns(files: readonly string[], needed: readonly string[], header = headerColumns): string[] {
  return files.filter((file) => {
    const columns = header(file);
    return columns === undefined || needed.every((column) => columns.includes(column));
  });
}

/** A data file's columns from its first bytes: a CSV file's header row (plain or .gz), a JSON Lines file's first record's keys; else undefined. */
export function headerColumns(file: string): string[] | undefined {
  if (/\.csv(\.gz)?$/i.test(file)) return readCsvHeader(file);
  if (/\.(jsonl|ndjson)(\.gz)?$/i.test(file)) return firstRecordKeys(file);
  return undefined;
}

function firstRecordKeys(file: string): string[] | undefined {
  const head = fileHead(file);
  try {
    const record: unknown = head && JSON.parse(head.toString('utf8').split(/\r?\n/)[0] ?? '');
    return typeof record === 'object' && record !== null && !Array.isArray(record) ? Object.keys(record) : undefined;
  } catch {
    return undefined; // a first record longer than the bytes read, or no JSON: not checked here
  }
}

/** "label, sex, race and 6 more": the first few columns of a long list. */
export function fewColumns(columns: readonly string[], shown = 4): string {
  return columns.length <= shown ? columns.join(', ') : `${columns.slice(0, shown).join(', ')} and ${columns.length - shown} more`;
}

/** Whether two paths name the same file (letter case aside where the file system ignores it). */
export function sameFile(a: string, b: string): boolean {
  const [x, y] = [path.resolve(a), path.resolve(b)];
  return process.platform === 'win32' || process.platform === 'darwin' ? x.toLowerCase() === y.toLowerCase() : x === y;
}
