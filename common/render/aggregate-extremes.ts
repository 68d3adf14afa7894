import type { LabelCounts, MetricValues } from '../reports/audit';
import { isSetAside, type SizeRule } from './set-aside';
import { shortMetricName } from './metric-names';
import { formatFigure } from './table';
import { formatCount } from './text';

/** A group as the extremes read it: its name as shown, its rows and its own figures. */
export interface ExtremeCandidate {
  name: string;
  count: number;
  metrics: MetricValues;
  /** As the group's row says (set-aside.ts): too few rows, or too few of a label value. */
  small?: boolean;
  labels?: LabelCounts;
  fewLabels?: boolean;
}

/** The two groups that set a largest − smallest gap or a smallest / largest ratio, and the rate they set it with. */
export interface AggregateExtremes {
  metric: string;
  lowest: ExtremeCandidate;
  highest: ExtremeCandidate;
  /** How many other groups share the lowest and the highest value (the one named is the first listed). */
  lowestTies: number;
  highestTies: number;
  /** The aggregate reads more than one rate (equalized odds: TPR or FPR): the rate is named. */
  several: boolean;
}

/** The rates behind a named gap between groups (docs/audit-json.md "Named aggregates"). */
export const GAP_RATES: Record<string, string[]> = {
  demographic_parity: ['selection_rate'],
  equal_opportunity: ['true_positive_rate'],
  predictive_parity: ['positive_predictive_value'],
  // the larger of the two differences, the smaller of the two ratios
  equalized_odds: ['true_positive_rate', 'false_positive_rate'],
};

/**
 * The groups with the smallest and largest value of the rate behind aggregate `name` (the engine's
 * betweenGroupAggregates: `m_difference` = max − min, `m_ratio` = min / max, over the groups given
 * that have a value; equalized odds: whichever of TPR and FPR gives the figure). The caller passes
 * the groups the aggregate was computed over (all groups with rows, or the adequately sized ones).
 * Kept only when they give `value` again and differ; undefined for any other aggregate (a distance between
 * distributions, a figure against the overall value or the reference, a multiclass macro figure).
 */
export function aggregateExtremes(groups: readonly ExtremeCandidate[], name: string, value: number | null | undefined): AggregateExtremes | undefined {
  if (value === null || value === undefined) return undefined;
  const gap = /^(.+)_(difference|ratio)$/.exec(name);
  if (!gap || /_to_(overall|reference)$|_macro$/.test(name)) return undefined;
  const [, base, kind] = gap as unknown as [string, string, 'difference' | 'ratio'];
  const rates = GAP_RATES[base] ?? [base];
  const matches = (x: number) => Math.abs(x - value) <= 1e-9 * Math.max(1, Math.abs(value));
  for (const metric of rates) {
    const valued = groups.filter((g) => typeof g.metrics[metric] === 'number');
    if (valued.length < 2) continue;
    const of = (g: ExtremeCandidate) => g.metrics[metric]!;
    const highest = valued.reduce((a, b) => (of(b) > of(a) ? b : a));
    const lowest = valued.reduce((a, b) => (of(b) < of(a) ? b : a));
    if (!matches(kind === 'difference' ? of(highest) - of(lowest) : of(lowest) / of(highest))) continue;
    // every group alike: no two groups set the figure apart from the others
    if (of(highest) === of(lowest)) return undefined;
    const ties = (g: ExtremeCandidate) => valued.filter((other) => other !== g && of(other) === of(g)).length;
    return { metric, lowest, highest, lowestTies: ties(lowest), highestTies: ties(highest), several: rates.length > 1 };
  }
  return undefined;
}

/** The extremes' groups that are set aside from the adequate aggregates (too few rows, or of a label value), lowest first. */
export function smallExtremes(extremes: AggregateExtremes, rule: SizeRule): ExtremeCandidate[] {
  return [extremes.lowest, extremes.highest].filter((g, i, all) => isSetAside(g, rule) && all.indexOf(g) === i);
}

/**
 * A group's size as the rate reads it: its rows, and for a rate over one label's rows (TPR, FPR)
 * how many of them have that label (2 positives set a TPR of 0 or 1 as surely as 39 rows do not).
 */
export function groupSize(g: ExtremeCandidate, metric: string): string {
  const rows = `${formatCount(g.count)} row${g.count === 1 ? '' : 's'}`;
  const base = g.metrics['base_rate'];
  const label = LABEL_ROWS[metric];
  if (!label || typeof base !== 'number') return rows;
  const n = Math.round(g.count * (label === 'positive' ? base : 1 - base));
  return `${rows}, ${formatCount(n)} with a ${label} label`;
}

/** The label whose rows a rate is over. */
const LABEL_ROWS: Record<string, 'positive' | 'negative' | undefined> = {
  true_positive_rate: 'positive',
  false_negative_rate: 'positive',
  false_positive_rate: 'negative',
  true_negative_rate: 'negative',
};

/**
 * The groups that set a figure, visible under it: "lowest: Amer-Indian-Eskimo & Female (39 rows,
 * 0.000), highest: White & Male (8,642 rows, 0.312)", the rate first when the aggregate reads
 * several ("TPR lowest: …").
 */
export function extremesText(extremes: AggregateExtremes): string {
  const { metric, lowest, highest } = extremes;
  const group = (g: ExtremeCandidate) => `${g.name} (${groupSize(g, metric)}: ${formatFigure(g.metrics[metric]!)})`;
  return `${extremes.several ? `${shortMetricName(metric)} ` : ''}lowest: ${group(lowest)}, highest: ${group(highest)}`;
}

/** Ties, said on hover: "the lowest is shared with 2 other groups". */
export function tiesText(extremes: AggregateExtremes): string {
  const tie = (side: string, n: number) => (n > 0 ? `the ${side} value is shared with ${n} other group${n > 1 ? 's' : ''} (the first listed is named)` : '');
  return [tie('lowest', extremes.lowestTies), tie('highest', extremes.highestTies)].filter(Boolean).join('; ');
}

/** The per-group metric behind a worst-group aggregate (the engine's worstGroupAggregate). */
export const WORST_GROUP_METRICS: Record<string, string> = { worst_group_mean_squared_error: 'mean_squared_error' };

/** The group that sets a worst-group aggregate: the largest value of its metric. */
export interface WorstGroup {
  metric: string;
  group: ExtremeCandidate;
  /** How many other groups share that value (the one named is the first listed). */
  ties: number;
}

/**
 * The group with the largest value of the metric behind worst-group aggregate `name`, among the
 * groups given (those the aggregate was computed over); kept only when it gives `value` again,
 * undefined for any other aggregate.
 */
export function worstGroup(groups: readonly ExtremeCandidate[], name: string, value: number | null | undefined): WorstGroup | undefined {
  const metric = WORST_GROUP_METRICS[name];
  if (metric === undefined || value === null || value === undefined) return undefined;
  const valued = groups.filter((g) => typeof g.metrics[metric] === 'number');
  if (valued.length === 0) return undefined;
  const of = (g: ExtremeCandidate) => g.metrics[metric]!;
  const group = valued.reduce((a, b) => (of(b) > of(a) ? b : a));
  if (Math.abs(of(group) - value) > 1e-9 * Math.max(1, Math.abs(value))) return undefined;
  return { metric, group, ties: valued.filter((other) => other !== group && of(other) === of(group)).length };
}

/** The worst group under its figure: "worst: Black & 1 (263 rows: 1.073)". */
export function worstGroupText({ metric, group }: WorstGroup): string {
  return `worst: ${group.name} (${groupSize(group, metric)}: ${formatFigure(group.metrics[metric]!)})`;
}
