import { InputError } from '../errors';
import { parseDecimal } from '../../../../common/decimal';
import { columnIndex, Table } from '../table/table';

/** How one input column becomes model features; fitted on training rows only. */
export type FeatureColumn = { column: string; kind: 'numeric'; mean: number; scale: number } | { column: string; kind: 'categorical'; categories: string[] };

/** The fitted encoding, as saved in model.json. */
export interface FeatureEncoding {
  columns: FeatureColumn[];
}

/** A dense design matrix: one Float64Array per row, with the name of each feature. */
export interface Design {
  names: string[];
  rows: Float64Array[];
}

const MISSING_CATEGORY = '(missing)';

/**
 * Most model inputs (one per numeric column, one per value of a text column) a fit takes: a Newton
 * step's Hessian holds inputs² numbers and its solve costs inputs³ (2,000: 32 MB, seconds), so
 * more is refused in one line before the fit instead of running for minutes in gigabytes.
 */
export const MAX_MODEL_INPUTS = 2_000;

/** Every column of the table but the given ones, in table order: the features of a model fitted on the rest (as the peers' runs were). */
export function everyColumnBut(table: Table, exclude: readonly string[]): string[] {
  return table.columns.filter((name) => !exclude.includes(name));
}

/**
 * Fits the encoding: numeric columns are standardized (mean 0, unit variance on the training rows;
 * missing values become the mean), every other column is one-hot encoded with one indicator per
 * training category (a missing value is its own category; unseen categories encode as all zeros).
 * The columns are chosen beforehand (default-features.ts: chooseFeatures).
 */
export function fitFeatureEncoding(table: Table, chosen: readonly string[]): FeatureEncoding {
  if (chosen.length === 0)
    throw new InputError('no feature columns are left (every column is a label, sensitive or audited column, or left out): give --features', {
      file: table.file,
    });
  const columns = chosen.map((name): FeatureColumn => {
    const stored = table.data[columnIndex(table, name)]!;
    const fields = Array.from({ length: table.rowCount }, (_, row) => stored.text(row));
    const present = fields.filter((field): field is string => field !== null);
    const numbers = present.map(parseDecimal);
    if (present.length > 0 && numbers.every(Number.isFinite)) {
      const mean = numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
      const variance = numbers.reduce((sum, value) => sum + (value - mean) ** 2, 0) / numbers.length;
      return { column: name, kind: 'numeric', mean, scale: variance > 0 ? Math.sqrt(variance) : 1 };
    }
    const categories = [...new Set(fields.map((field) => field ?? MISSING_CATEGORY))].sort();
    return { column: name, kind: 'categorical', categories };
  });
  const inputs = columns.reduce((sum, column) => sum + (column.kind === 'numeric' ? 1 : column.categories.length), 0);
  if (inputs > MAX_MODEL_INPUTS) {
    const widest = columns
      .flatMap((column) => (column.kind === 'categorical' ? [column] : []))
      .sort((a, b) => b.categories.length - a.categories.length)
      .slice(0, 3)
      .map((column) => `${column.column} ${column.categories.length.toLocaleString('en-US')}`);
    throw new InputError(
      `the features make ${inputs.toLocaleString('en-US')} model inputs, more than ${MAX_MODEL_INPUTS.toLocaleString('en-US')} (one per value of a text column: ${widest.join(', ')}): leave the columns with many values out of the features`,
      { file: table.file },
    );
  }
  return { columns };
}

export function featureNames(encoding: FeatureEncoding): string[] {
  return encoding.columns.flatMap((column) =>
    column.kind === 'numeric' ? [column.column] : column.categories.map((category) => `${column.column}=${category}`),
  );
}

/** Encodes any table with the fitted encoding (training, test or new files). */
export function encodeFeatures(encoding: FeatureEncoding, table: Table): Design {
  const names = featureNames(encoding);
  const plan = encoding.columns.map((column) => ({ column, stored: table.data[columnIndex(table, column.column)]! }));
  const rows = Array.from({ length: table.rowCount }, (_, r) => {
    const out = new Float64Array(names.length);
    let offset = 0;
    for (const { column, stored } of plan) {
      const field = stored.text(r);
      if (column.kind === 'numeric') {
        const value = field === null ? column.mean : parseDecimal(field);
        if (!Number.isFinite(value)) {
          throw new InputError(`column "${column.column}" is numeric in the training rows but has "${field}"`, {
            file: table.file,
            line: table.lines.at(r),
            column: column.column,
          });
        }
        out[offset] = (value - column.mean) / column.scale;
        offset += 1;
      } else {
        const at = column.categories.indexOf(field ?? MISSING_CATEGORY);
        if (at >= 0) out[offset + at] = 1;
        offset += column.categories.length;
      }
    }
    return out;
  });
  return { names, rows };
}
