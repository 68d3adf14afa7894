import type * as z from 'zod';
import type { MitigationHooks } from '../../../../common/reports/mitigation';
import { binaryColumn, groupCodes, numericColumn, type GroupCodes, type Table } from '../../engine/table/table';
import { loadTable } from '../../io/table';
import { csvOptions, CSV_READING, SCORED_DATA } from '../../params/fragments';

/** The parameters naming a model-output file with a score and the true label, and how it is read. */
export type ScoredDataParams = z.output<z.ZodObject<typeof SCORED_DATA & typeof CSV_READING>>;

export interface ScoredData {
  data: Table;
  /** The table's own storage of the score column: read only. */
  scores: Float64Array;
  labels: { values: Uint8Array; positive: string };
  groups: GroupCodes;
}

/**
 * The model-output file (`file`, default --data) with its scores, binary labels (--positive, or the
 * positive value `positive` another file was read with) and intersectional groups.
 */
export async function loadScoredData(params: ScoredDataParams, hooks: MitigationHooks, file = params.data, positive = params.positive): Promise<ScoredData> {
  const data = await loadTable(file, csvOptions(params), hooks.signal ? { signal: hooks.signal } : {});
  return {
    data,
    scores: numericColumn(data, params.score),
    labels: binaryColumn(data, params.label, positive),
    groups: groupCodes(data, params.sensitive),
  };
}

/** The rows a post-processing method is fitted on: the --calibration file (same columns) when given, else the data rows themselves. */
export async function loadFittingData(
  params: ScoredDataParams & { calibration?: string | undefined },
  data: ScoredData,
  hooks: MitigationHooks,
): Promise<ScoredData> {
  return params.calibration ? loadScoredData(params, hooks, params.calibration, data.labels.positive) : data;
}
