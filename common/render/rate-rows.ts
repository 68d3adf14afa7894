import type { AuditReport, GroupResult } from '../reports/audit';
import { formatCount } from './text';

/** Who the rows behind a rate are, by the rate's name (a multiclass rate names its class: "true_positive_rate[B]"). */
const BEHIND: Record<string, (cls?: string) => string> = {
  true_positive_rate: (cls) => (cls === undefined ? 'with a positive label' : `labelled ${cls}`),
  false_negative_rate: (cls) => (cls === undefined ? 'with a positive label' : `labelled ${cls}`),
  false_positive_rate: (cls) => (cls === undefined ? 'with a negative label' : `labelled other than ${cls}`),
  true_negative_rate: (cls) => (cls === undefined ? 'with a negative label' : `labelled other than ${cls}`),
  positive_predictive_value: (cls) => (cls === undefined ? 'predicted positive' : `predicted ${cls}`),
  false_discovery_rate: (cls) => (cls === undefined ? 'predicted positive' : `predicted ${cls}`),
  negative_predictive_value: () => 'predicted negative',
  false_omission_rate: () => 'predicted negative',
};

/**
 * "n = 5": the rows a group's rate rests on (short: a narrow column of figures holds it), when fewer than the report's
 * minimum group size (a new user read "1.000 [0.478, 1.000]" without knowing it was 5 of 5), or
 * when its interval is the exact binomial one, which they alone set ("0.000 [0.000, 0.106]" is
 * none of 33). Undefined for a rate over all of the group's rows (its Rows column says it), for a
 * group too small to judge (its badge and Rows say so for every rate), and in reports without the counts.
 */
export function fewRowsBehind(
  report: Pick<AuditReport, 'minGroupSize'>,
  group: Pick<GroupResult, 'count' | 'rateRows' | 'exactIntervals'>,
  metric: string,
): string | undefined {
  const n = group.rateRows?.[metric];
  const shown = n !== undefined && (n < report.minGroupSize || group.exactIntervals?.includes(metric) === true);
  if (!shown || group.count < report.minGroupSize) return undefined;
  return `n = ${formatCount(n)}`;
}

/** "5 rows predicted positive": who the rows behind a rate are, for its hover. */
export function rowsBehindWords(metric: string, n: number): string {
  const [, base, cls] = /^([a-z_]+)(?:\[(.*)\])?$/.exec(metric) ?? [];
  const who = base ? BEHIND[base]?.(cls) : undefined;
  return `${formatCount(n)} row${n === 1 ? '' : 's'} ${who ?? 'behind it'}`;
}

/**
 * What "n = 5" under a rate means, for the note under the groups table (in every medium: a
 * Markdown table has no hover); empty when no rate shows one.
 */
export function rowsBehindSentence(report: Pick<AuditReport, 'minGroupSize'>, shown: boolean): string {
  return shown
    ? ` "n = 5" under a rate is the rows it rests on (TPR: rows with a positive label; FPR: with a negative label; precision: predicted positive; NPV: predicted negative), given when fewer than ${report.minGroupSize} or when they alone set its exact interval.`
    : '';
}
