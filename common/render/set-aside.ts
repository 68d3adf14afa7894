import type { LabelCounts } from '../reports/audit';

/** What a group's row says about its size: as an audit's GroupResult, or a mitigation summary's group. */
export interface SizedGroup {
  count: number;
  small?: boolean;
  labels?: LabelCounts;
  fewLabels?: boolean;
}

export interface SizeRule {
  minGroupSize: number;
  /** Absent: a report before the rule, or not a classification. */
  minLabelCount?: number | undefined;
}

/** Whether a group is left out of the adequate aggregates: too few rows, or too few rows of a label value. */
export function isSetAside(group: SizedGroup, rule: SizeRule): boolean {
  return group.count > 0 && (tooFewRows(group, rule) || fewLabels(group, rule));
}

/** Too few rows (an empty intersection too): greyed and never flagged. */
export function tooFewRows(group: SizedGroup, rule: SizeRule): boolean {
  return group.small === true || group.count < rule.minGroupSize;
}

/** Enough rows, but too few of a label value: no flags on the rates conditioned on the label. */
export function setAsideForLabels(group: SizedGroup, rule: SizeRule): boolean {
  return group.count > 0 && !tooFewRows(group, rule) && fewLabels(group, rule);
}

function fewLabels(group: SizedGroup, rule: SizeRule): boolean {
  if (group.fewLabels) return true;
  const { labels } = group;
  return labels !== undefined && rule.minLabelCount !== undefined && Math.min(labels.positive, labels.negative) < rule.minLabelCount;
}

/** Why a group is set aside, e.g. "fewer than 30 rows" or "2 rows with a positive label, under 5"; null when it is not. */
export function setAsideReason(group: SizedGroup, rule: SizeRule): string | null {
  if (!isSetAside(group, rule)) return null;
  if (tooFewRows(group, rule)) return `fewer than ${rule.minGroupSize} rows`;
  return labelCountsText(group.labels!, rule.minLabelCount ?? 0);
}

/** The label values a group has fewer rows of than the minimum: "2 rows with a positive label, under 5". */
export function labelCountsText(labels: LabelCounts, minLabelCount: number): string {
  const under = (['positive', 'negative'] as const).filter((value) => labels[value] < minLabelCount);
  const [first, second] = under;
  if (first === undefined) return `${labels.positive} rows with a positive label and ${labels.negative} with a negative one`;
  const text = `${plural(labels[first])} with a ${first} label${second ? ` and ${labels[second]} with a ${second} one` : ''}`;
  return `${text}, under ${minLabelCount}`;
}

function plural(rows: number): string {
  return `${rows} ${rows === 1 ? 'row' : 'rows'}`;
}

/** Whether some group is set aside for its label counts alone (the adequate groups' label then names the rule). */
export function anyFewLabels(groups: readonly SizedGroup[], rule: SizeRule): boolean {
  return groups.some((g) => setAsideForLabels(g, rule));
}

/** "1 group", "4 groups". */
export function groupsWord(groups: number): string {
  return `${groups} ${groups === 1 ? 'group' : 'groups'}`;
}

/** "all 6 groups": the groups with rows, the set-aside ones too. */
export function allGroupsLabel(groups: readonly SizedGroup[]): string {
  return `all ${groupsWord(groups.filter((g) => g.count > 0).length)}`;
}

/** "4 groups with ≥ 30 rows", and " and ≥ 5 of each label" when some group is set aside for its labels. */
export function adequateGroupsLabel(groups: number, rule: SizeRule, labels: boolean, atLeast = '≥'): string {
  return `${groupsWord(groups)} with ${atLeast} ${rule.minGroupSize} rows${labels ? ` and ${atLeast} ${rule.minLabelCount} of each label` : ''}`;
}

/**
 * Why the set-aside groups given are, each as `named` names it: `"A" (12 rows) has fewer than 30
 * rows` or `"B" (39 rows) has 2 rows with a positive label, under 5`; groups set aside for rows
 * alone share one verb, as before the label rule.
 */
export function setAsideSentence<G extends SizedGroup>(groups: readonly G[], rule: SizeRule, named: (g: G) => string): string {
  const reasons = groups.map((g) => setAsideReason(g, rule)!);
  if (groups.every((g) => tooFewRows(g, rule))) return `${groups.map(named).join(' and ')} ${groups.length > 1 ? 'have' : 'has'} ${reasons[0]}`;
  return groups.map((g, i) => `${named(g)} has ${reasons[i]}`).join(' and ');
}
