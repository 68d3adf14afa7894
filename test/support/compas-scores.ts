import path from 'node:path';
import { binaryColumn, numericColumn } from '../../server/src/engine/table/table';
import { sensitiveGroupColumn } from '../../server/src/engine/audit/sensitive-bins';
import { loadTable } from '../../server/src/io/table';
import { SHARED_DATA } from './adult';

/** COMPAS as the threshold tests use it: decile_score of every row of compas-scores-two-years, label two_year_recid. */
export async function compasScores(sensitive: readonly string[]): Promise<{ groups: string[]; labels: Uint8Array; scores: Float64Array }> {
  const table = await loadTable(path.join(SHARED_DATA, 'compas-scores-two-years.csv.gz'));
  return {
    groups: sensitiveGroupColumn(table, sensitive, {}),
    labels: binaryColumn(table, 'two_year_recid', undefined).values,
    scores: numericColumn(table, 'decile_score'),
  };
}
