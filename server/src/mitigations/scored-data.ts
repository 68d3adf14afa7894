import { csvOptionsFromFlags, listFlag, requiredFlag, stringFlag, UsageError } from '../cli/args';
import type { MitigationHooks } from '../engine/mitigation/report';
import { binaryColumn, groupColumn, loadTable, numericColumn, Table } from '../engine/table/table';

/** The columns a score-based post-processing method needs: --data --score --label --sensitive. */
export interface ScoredDataFlags {
  dataFile: string;
  scoreColumn: string;
  label: string;
  sensitive: string[];
}

export function scoredDataFlags(values: Record<string, unknown>): ScoredDataFlags {
  const flags = { dataFile: requiredFlag(values, 'data'), scoreColumn: requiredFlag(values, 'score'), label: requiredFlag(values, 'label'), sensitive: listFlag(values, 'sensitive') ?? [] };
  if (flags.sensitive.length === 0) throw new UsageError('--sensitive is required');
  return flags;
}

/** The model-output file with its scores, binary labels (--positive) and intersectional groups. */
export async function loadScoredData(
  flags: ScoredDataFlags,
  values: Record<string, unknown>,
  hooks: MitigationHooks,
): Promise<{ data: Table; scores: Float64Array; labels: { values: Uint8Array; positive: string }; groups: string[] }> {
  const data = await loadTable(flags.dataFile, csvOptionsFromFlags(values), hooks.signal ? { signal: hooks.signal } : {});
  return {
    data,
    scores: numericColumn(data, flags.scoreColumn),
    labels: binaryColumn(data, flags.label, stringFlag(values, 'positive')),
    groups: groupColumn(data, flags.sensitive),
  };
}
