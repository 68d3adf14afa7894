import { binIndex } from '../schema/binning';
import { binLabels } from '../../../../common/bins';
import { profileColumns } from '../schema/profile';
import { columnIndex, groupCodes, groupNames, type GroupCodes, type Table } from '../table/table';
import { AUDIT_DEFAULTS } from './options';
import { automaticEdges, binnedNumber, groupValue, ROUND_AFTER, roundForBins, sensitiveColumn } from './plan';

/**
 * The groups of a method's rows, as the audit forms them: a numeric sensitive column is cut into
 * bins ("<33", "[33, 39)", ..., ">=48"), fitted on the rows a method is fitted on and applied
 * unchanged to held-out rows and, through model.json, by `parity apply`.
 */

/** The bins of one numeric sensitive column: interior edges, its numbers first rounded to 3 significant digits when `rounded`. */
export interface ColumnBins {
  edges: number[];
  /** Set when the audit would round the column's numbers (more than ROUND_AFTER distinct ones). */
  rounded?: true;
}

/** The bins of each binned sensitive column; a column without is grouped by its values. */
export type SensitiveBins = Record<string, ColumnBins>;

/**
 * Each sensitive column's bins by the audit's rule (plan.ts sensitiveColumn, audit.ts
 * binsAtEvaluation): the `given` edges (--bins); else, for a column numeric in the audit's sample
 * of the first rows, quartiles of the rows' numbers unless it has few enough distinct numbers to be
 * categories; else none. Edges of a column that is not sensitive are ignored, as by the audit.
 */
export function fitSensitiveBins(table: Table, sensitive: readonly string[], given: Readonly<Record<string, number[]>> = {}): SensitiveBins {
  const bins: SensitiveBins = {};
  for (const name of sensitive) {
    const index = columnIndex(table, name);
    const column = table.data[index]!;
    const sample = Array.from({ length: Math.min(table.rowCount, AUDIT_DEFAULTS.sampleRows) }, (_, row) => [column.text(row)]);
    const plan = sensitiveColumn(table.file, name, index, profileColumns([name], sample)[0]!, {
      bins: { ...given },
      quantileBins: AUDIT_DEFAULTS.quantileBins,
    });
    if (plan.edges) bins[name] = { edges: plan.edges };
    if (plan.quantileBins === undefined) continue;
    const rows = new Map<string, { count: number; first: number }>();
    for (let row = 0; row < table.rowCount; row++) {
      const text = column.text(row);
      if (text === null) continue;
      const seen = rows.get(text);
      if (seen) seen.count++;
      else rows.set(text, { count: 1, first: row });
    }
    // the numbers as the audit keeps them: rounded past ROUND_AFTER distinct values
    const rounded = rows.size > ROUND_AFTER;
    const counts = new Map<number, number>();
    for (const [text, { count, first }] of rows) {
      const value = Number(groupValue({ ...plan, rounded }, text, table.file, table.lines.at(first)));
      counts.set(value, (counts.get(value) ?? 0) + count);
    }
    const edges = automaticEdges(counts, plan.quantileBins);
    if (edges) bins[name] = rounded ? { edges, rounded } : { edges };
  }
  return bins;
}

/** Each row's group over the sensitive columns, binned columns by their fitted bins (older model files: none, values as they are). */
export function sensitiveGroupCodes(table: Table, sensitive: readonly string[], bins: Readonly<SensitiveBins>): GroupCodes {
  return groupCodes(table, sensitive, (name) => {
    const column = bins[name];
    if (!column) return undefined;
    const { edges, rounded } = column;
    return {
      labels: binLabels(edges),
      binOf: (value, row) => {
        const number = binnedNumber(name, value, table.file, table.lines.at(row));
        return binIndex(rounded ? roundForBins(number) : number, edges);
      },
    };
  });
}

/** Each row's group name (sensitiveGroupCodes, one string a row). */
export function sensitiveGroupColumn(table: Table, sensitive: readonly string[], bins: Readonly<SensitiveBins>): string[] {
  return groupNames(sensitiveGroupCodes(table, sensitive, bins));
}

/** The edges of each binned column, as the audit's report.json has them (columns.bins). */
export function binEdges(bins: Readonly<SensitiveBins>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(bins).map(([name, column]) => [name, column.edges]));
}
