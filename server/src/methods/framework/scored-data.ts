import type * as z from 'zod';
import type { MitigationHooks } from '../../../../common/reports/mitigation';
import { binaryColumn, groupColumn, numericColumn, Table } from '../../engine/table/table';
import { loadTable } from '../../io/table';
import { csvOptions, CSV_READING, SCORED_DATA } from '../../params/fragments';

/** The parameters naming a model-output file with a score and the true label, and how it is read. */
export type ScoredDataParams = z.output<z.ZodObject<typeof SCORED_DATA & typeof CSV_READING>>;

/** The model-output file with its scores, binary labels (--positive) and intersectional groups. */
export async function loadScoredData(
  params: ScoredDataParams,
  hooks: MitigationHooks,
): Promise<{ data: Table; scores: Float64Array; labels: { values: Uint8Array; positive: string }; groups: string[] }> {
  const data = await loadTable(params.data, csvOptions(params), hooks.signal ? { signal: hooks.signal } : {});
  return {
    data,
    scores: numericColumn(data, params.score),
    labels: binaryColumn(data, params.label, params.positive),
    groups: groupColumn(data, params.sensitive),
  };
}
