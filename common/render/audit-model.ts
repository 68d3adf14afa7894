import {
  auditsDecisionsOnly,
  LABEL_CONDITIONED_METRICS,
  MISSING_GROUP,
  type AuditReport,
  type Grouping,
  type GroupResult,
  type Interval,
  type PositiveMeans,
} from '../reports/audit';
import { fourFifthsFlag, hasFourFifthsFlags } from '../four-fifths';
import { aggregateExtremes, type ExtremeCandidate, smallExtremes } from './aggregate-extremes';
import { metricName, shortMetricName } from './metric-names';
import { adequateGroupsLabel, anyFewLabels, isSetAside, setAsideForLabels, setAsideSentence, tooFewRows } from './set-aside';
import { formatFigure } from './table';
import { formatCount, hasNumericLabel, keyMetrics, positiveMeaning, rateGapWords, sanitize } from './text';

/** A group's name as shown: its values joined (the column names head the table). */
export function groupName(group: Pick<GroupResult, 'key'>): string {
  return Object.values(group.key).join(' & ');
}

/** A stable identity of a group within its grouping (saved in the panel's view state). */
export function groupId(group: Pick<GroupResult, 'key'>): string {
  return JSON.stringify(Object.values(group.key));
}

export function groupingName(grouping: Pick<Grouping, 'by'>): string {
  return grouping.by.join(' × ');
}

/** "each attribute", "pair" or "full intersection", for the grouping chooser. */
export function groupingKind(report: AuditReport, grouping: Grouping): 'Each attribute' | 'Pairs' | 'Intersections' | 'Full intersection' {
  if (grouping.by.length === 1) return 'Each attribute';
  if (grouping.by.length === report.columns.sensitive.length) return 'Full intersection';
  return grouping.by.length === 2 ? 'Pairs' : 'Intersections';
}

export interface ReferenceChoice {
  index: number;
  /** `report`: the report's own reference; `largest`: the largest group; `chosen`: picked in the panel. */
  source: 'report' | 'largest' | 'chosen';
}

/** The reference group: the one chosen in the panel, else the report's, else the largest. */
export function referenceGroup(grouping: Grouping, chosen?: string): ReferenceChoice {
  const usable = (i: number) => i >= 0 && grouping.groups[i]!.count > 0;
  const picked = chosen === undefined ? -1 : grouping.groups.findIndex((g) => groupId(g) === chosen);
  const reportIndex = grouping.groups.findIndex((g) => groupId(g) === groupId({ key: grouping.reference }));
  if (usable(picked)) return { index: picked, source: picked === reportIndex ? 'report' : 'chosen' };
  if (usable(reportIndex)) return { index: reportIndex, source: 'report' };
  let largest = 0;
  grouping.groups.forEach((g, i) => {
    if (g.count > grouping.groups[largest]!.count) largest = i;
  });
  return { index: largest, source: 'largest' };
}

/**
 * The groups of a grouping in the order the views list them, each with its index in the report
 * (the reference is marked by that index): the report's order (largest first), except that the
 * bins of a numeric column come in bin order, "<33", "[33, 39)", ..., ">=48", then "(missing)";
 * in an intersection, by the bins of its binned columns in turn, other values keeping the report's order.
 */
export function listedGroups(report: Pick<AuditReport, 'columns'>, grouping: Pick<Grouping, 'by' | 'groups'>): { group: GroupResult; index: number }[] {
  const listed = grouping.groups.map((group, index) => ({ group, index }));
  const binned = new Set(grouping.by.filter((column) => (report.columns.bins?.[column]?.length ?? 0) > 0));
  // a column of a few numbers (ages 15 to 22) is not binned: its groups go by value too, not by size
  const numeric = (column: string) => grouping.groups.every((g) => isMissing(g.key[column]) || isNumber(g.key[column]));
  const ordered = grouping.by.filter((column) => binned.has(column) || numeric(column));
  if (ordered.length === 0) return listed;
  const position = (column: string, label: string | undefined) => {
    if (isMissing(label)) return Infinity;
    if (!binned.has(column)) return Number(label);
    const bin = /^(<|\[|>=)\s*([^,\s)]+)/.exec(label ?? '');
    const edge = bin ? Number(bin[2]) : Number.NaN;
    if (Number.isNaN(edge)) return Infinity;
    return bin![1] === '<' ? -Infinity : edge;
  };
  const keyOf = (group: GroupResult) => ordered.map((column) => position(column, group.key[column]));
  const keys = new Map(listed.map(({ group, index }) => [index, keyOf(group)]));
  // Array.prototype.sort is stable: groups in one bin keep the report's order
  return listed.sort((a, b) => {
    const [ka, kb] = [keys.get(a.index)!, keys.get(b.index)!];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    return 0;
  });
}

function isMissing(value: string | undefined): boolean {
  return value === undefined || value === MISSING_GROUP;
}

function isNumber(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '' && Number.isFinite(Number(value));
}

export interface Figure {
  value: number | null;
  interval: Interval | null;
  /** Why the value is missing, or how it was obtained. */
  note?: string;
  /** A point estimate computed here from the groups' figures (the report does not carry it). */
  computed: boolean;
}

export interface ReferenceMeasure {
  /** The per-group key in the report (`differences` or, for a ratio, `disparities`). */
  key: string;
  label: string;
  description: string;
  fairer: 'closer to 0 is fairer' | 'closer to 1 is fairer';
  kind: 'difference' | 'ratio';
  /** Metrics combined: the group's minus (or over) the reference's, averaged when several. */
  of: string[];
}

/**
 * Signed comparisons with the reference group as AIF360 defines them, the reference playing the
 * privileged group: differences are group − reference, the ratio group / reference.
 */
export function referenceMeasures(report: AuditReport): ReferenceMeasure[] {
  // Who a gap in the positive rate disadvantages follows what a positive outcome means.
  const meaning = positiveMeaning(report) ?? { means: null };
  const selectionRates: ReferenceMeasure[] = [
    {
      key: 'statistical_parity_difference',
      label: 'Statistical parity difference',
      description: `selection rate of the group − selection rate of the reference; ${rateGapWords(meaning, 'difference')}`,
      fairer: 'closer to 0 is fairer',
      kind: 'difference',
      of: ['selection_rate'],
    },
    {
      key: 'disparate_impact',
      label: 'Disparate impact',
      description: `selection rate of the group / selection rate of the reference; ${rateGapWords(meaning, 'ratio')}`,
      fairer: 'closer to 1 is fairer',
      kind: 'ratio',
      of: ['selection_rate'],
    },
  ];
  switch (report.task) {
    case 'classification':
      return [
        ...selectionRates,
        {
          key: 'equal_opportunity_difference',
          label: 'Equal opportunity difference',
          // the share of actual positives given the positive prediction: the same side as the selection rate disadvantages
          description: `true positive rate of the group − that of the reference; ${rateGapWords(meaning, 'difference')}`,
          fairer: 'closer to 0 is fairer',
          kind: 'difference',
          of: ['true_positive_rate'],
        },
        {
          key: 'average_odds_difference',
          label: 'Average odds difference',
          description: `mean of the false positive rate and true positive rate differences to the reference; ${rateGapWords(meaning, 'difference')}`,
          fairer: 'closer to 0 is fairer',
          kind: 'difference',
          of: ['false_positive_rate', 'true_positive_rate'],
        },
      ];
    case 'dataset':
      if (hasNumericLabel(report))
        return [
          {
            key: 'label_mean',
            label: `Difference in mean ${sanitize(report.columns.label!)}`,
            description: `mean ${sanitize(report.columns.label!)} of the group − that of the reference`,
            fairer: 'closer to 0 is fairer',
            kind: 'difference',
            of: ['label_mean'],
          },
        ];
      if (auditsDecisionsOnly(report)) return selectionRates;
      // AIF360's dataset metrics compare the labels' base rates.
      return report.columns.label
        ? [
            {
              key: 'statistical_parity_difference',
              label: 'Statistical parity difference (labels)',
              description: `base rate of the group − base rate of the reference; ${rateGapWords(meaning, 'difference')}`,
              fairer: 'closer to 0 is fairer',
              kind: 'difference',
              of: ['base_rate'],
            },
            {
              key: 'disparate_impact',
              label: 'Disparate impact (labels)',
              description: `base rate of the group / base rate of the reference; ${rateGapWords(meaning, 'ratio')}`,
              fairer: 'closer to 1 is fairer',
              kind: 'ratio',
              of: ['base_rate'],
            },
          ]
        : [];
    case 'regression':
      return [
        {
          key: 'mean_prediction',
          label: 'Mean prediction difference',
          description: 'mean prediction of the group − that of the reference',
          fairer: 'closer to 0 is fairer',
          kind: 'difference',
          of: ['mean_prediction'],
        },
        {
          key: 'mean_error',
          label: 'Mean error difference',
          description: 'mean error (ŷ − y) of the group − that of the reference: above 0, the group is over-predicted more than the reference',
          fairer: 'closer to 0 is fairer',
          kind: 'difference',
          of: ['mean_error'],
        },
        {
          key: 'mean_absolute_error',
          label: 'Mean absolute error difference',
          description: 'mean absolute error of the group − that of the reference',
          fairer: 'closer to 0 is fairer',
          kind: 'difference',
          of: ['mean_absolute_error'],
        },
      ];
    default:
      // multiclass: the per-class gaps are in the groups' table and the aggregates
      return [];
  }
}

/**
 * One group's comparison with the reference. The report's figure (with its interval) is used when
 * the reference is the report's own and the report carries it; otherwise a point estimate from the
 * two groups' rates.
 */
export function referenceFigure(measure: ReferenceMeasure, group: GroupResult, reference: GroupResult, reportsReference: boolean): Figure {
  if (reportsReference) {
    const fromReport = reportedReferenceFigure(measure, group);
    if (fromReport) return fromReport;
  }
  const parts = measure.of.map((metric) => [group.metrics[metric], reference.metrics[metric]] as const);
  if (parts.some(([g, r]) => g === null || g === undefined || r === null || r === undefined)) {
    return { value: null, interval: null, note: 'a rate is not estimable in this group or the reference', computed: true };
  }
  if (measure.kind === 'ratio') {
    const [g, r] = parts[0] as [number, number];
    if (r === 0) return { value: null, interval: null, note: g === 0 ? 'both values are 0 (0/0)' : 'reference group has the value 0', computed: true };
    return { value: g / r, interval: null, computed: true };
  }
  const value = parts.reduce((sum, [g, r]) => sum + (g as number) - (r as number), 0) / parts.length;
  return { value, interval: null, computed: true };
}

function reportedReferenceFigure(measure: ReferenceMeasure, group: GroupResult): Figure | undefined {
  if (measure.kind === 'ratio') {
    // Named in the report, or the selection (or base) rate's disparity to the same reference.
    for (const key of [measure.key, measure.of[0]!]) {
      const value = group.disparities[key];
      if (value !== undefined)
        return {
          value,
          interval: group.disparityIntervals[key] ?? null,
          ...(value === null ? { note: group.notes[key] ?? 'not estimable' } : {}),
          computed: false,
        };
    }
    return undefined;
  }
  // Named in the report, or the one rate's difference to the same reference (a dataset audit's base rate: cold try 9 saw it without an interval)
  for (const key of measure.of.length === 1 ? [measure.key, measure.of[0]!] : [measure.key]) {
    const value = group.differences[key];
    if (value === undefined) continue;
    return {
      value,
      interval: group.differenceIntervals[key] ?? null,
      ...(value === null ? { note: group.notes[key] ?? 'not estimable' } : {}),
      computed: false,
    };
  }
  return undefined;
}

/**
 * A group's four-fifths flags and its statistically supported gaps as shown against `reference`:
 * the report's own flags, or (a reference chosen in the panel) flags computed from the rates; none
 * for a small group, none on the rates conditioned on the label for a group with few rows of a label value. Supported gaps hold when they were tested against the reference shown, or
 * (older reports) against the rest of the rows. `ratios`: each flagged rate's ratio to the reference's.
 */
export function shownFlags(report: AuditReport, grouping: Grouping, group: GroupResult, reference: ReferenceChoice): ShownFlags {
  const small = tooFewRows(group, report);
  const reportsReference = reference.source !== 'chosen';
  const referenceRow = grouping.groups[reference.index]!;
  const judged = small ? [] : reportsReference ? group.flagged.filter(hasFourFifthsFlags) : flagsAgainst(report, group, referenceRow);
  const flags = setAsideForLabels(group, report) ? judged.filter((m) => !LABEL_CONDITIONED_METRICS.includes(m)) : judged;
  const ratios: Record<string, number> = {};
  for (const metric of flags) {
    const ratio = reportsReference ? group.disparities[metric] : rateRatio(group, referenceRow, metric);
    if (ratio !== null && ratio !== undefined) ratios[metric] = ratio;
  }
  const testsHold = reportsReference || grouping.tests.comparedWith === 'rest';
  const tested = testsHold && !small ? flags.filter((m) => group.tests[m] !== undefined) : [];
  const means = positiveMeaning(report)?.means ?? null;
  return { small, flags, ratios, supported: new Set(testsHold && !small ? group.supported : []), tested: new Set(tested), means };
}

export interface ShownFlags {
  small: boolean;
  flags: string[];
  ratios: Record<string, number>;
  supported: Set<string>;
  /** Flags whose gap was tested (supported or not); a reference chosen in the panel may have none. */
  tested: Set<string>;
  /** What a positive outcome means (null: not stated, or no positive value): which side of the reference a flag is on. */
  means: PositiveMeans | null;
}

/**
 * Rates that count a prediction (a label, in a dataset audit): 1 for the positive one, −1 for the
 * negative one. Their ratio above or below 1 is more or less of that outcome, so a stated meaning
 * tells which side of the reference the group is on; PPV, NPV, FDR, FOR and accuracy have none.
 */
const OUTCOME_RATES: Record<string, 1 | -1> = {
  selection_rate: 1,
  base_rate: 1,
  true_positive_rate: 1,
  false_positive_rate: 1,
  false_negative_rate: -1,
  true_negative_rate: -1,
};

export type FlagSide = 'disadvantaged' | 'advantaged';

/**
 * The side of the reference a flag puts the group on, the one word every view adds to it: with a
 * harmful positive outcome a group that gets it more often is disadvantaged, with a favourable
 * one advantaged. A pair follows its first rate (TPR for TPR/FNR, FPR for FPR/TNR). Undefined when
 * the meaning is not stated or the rate counts no outcome.
 */
export function flagSide(metrics: FlagLine['metrics'], ratios: Record<string, number>, means: PositiveMeans | null): FlagSide | undefined {
  if (means === null) return undefined;
  for (const metric of metrics) {
    const direction = OUTCOME_RATES[metric];
    const ratio = ratios[metric];
    if (direction === undefined || ratio === undefined) continue;
    const morePositive = ratio > 1 === (direction === 1);
    return morePositive === (means === 'harm') ? 'disadvantaged' : 'advantaged';
  }
  return undefined;
}

/**
 * Complementary rates: each pair sums to 1, so one's ratio outside the band is the other's; the
 * first of a pair is named first when both are flagged.
 */
const COMPLEMENTS: readonly (readonly [string, string])[] = [
  ['true_positive_rate', 'false_negative_rate'],
  ['false_positive_rate', 'true_negative_rate'],
  ['positive_predictive_value', 'false_discovery_rate'],
  ['negative_predictive_value', 'false_omission_rate'],
  ['accuracy', 'error_rate'],
];

/** The complementary pair `metric` belongs to (TPR and FNR, ...), the rate usually read first first. */
export function complementPair(metric: string): readonly [string, string] | undefined {
  return COMPLEMENTS.find((p) => p.includes(metric));
}

/**
 * One line of a group's flags: a rate, or a complementary pair flagged together. `support`:
 * `supported` when either rate's gap is, `unsupported` when both were tested and neither is,
 * `untested` otherwise (no test holds against the reference shown).
 */
export interface FlagLine {
  metrics: [string] | [string, string];
  support: 'supported' | 'unsupported' | 'untested';
  /** Which side of the reference the group is on (flagSide); absent when not stated or the rate has no side. */
  side?: FlagSide;
}

/**
 * A group's flags as the views list them: a complementary pair flagged together on one line, the
 * supported lines first, then the untested, then those without statistical support, each kind in
 * the report's order.
 */
export function flagLines(shown: Pick<ShownFlags, 'flags' | 'supported' | 'tested' | 'ratios' | 'means'>): FlagLine[] {
  const flagged = new Set(shown.flags);
  const placed = new Set<string>();
  const lines: FlagLine[] = [];
  for (const metric of shown.flags) {
    if (placed.has(metric)) continue;
    const pair = COMPLEMENTS.find((p) => p.includes(metric) && flagged.has(p[0]) && flagged.has(p[1]));
    const metrics: FlagLine['metrics'] = pair ? [pair[0], pair[1]] : [metric];
    metrics.forEach((m) => placed.add(m));
    const support = metrics.some((m) => shown.supported.has(m)) ? 'supported' : metrics.every((m) => shown.tested.has(m)) ? 'unsupported' : 'untested';
    const side = flagSide(metrics, shown.ratios, shown.means);
    lines.push({ metrics, support, ...(side ? { side } : {}) });
  }
  const rank = { supported: 0, untested: 1, unsupported: 2 } as const;
  return lines
    .map((line, i) => ({ line, i }))
    .sort((a, b) => rank[a.line.support] - rank[b.line.support] || a.i - b.i)
    .map(({ line }) => line);
}

/** Four-fifths flags against a reference chosen in the panel: each rate's ratio outside [0.8, 1.25] (common/four-fifths.ts). */
export function flagsAgainst(report: AuditReport, group: GroupResult, reference: GroupResult): string[] {
  return Object.keys(group.disparities)
    .filter((metric) => !(report.task === 'classification' && metric === 'base_rate') && metric !== 'disparate_impact')
    .filter((metric) => {
      const ratio = rateRatio(group, reference, metric);
      return ratio !== undefined && fourFifthsFlag(metric, ratio);
    });
}

/** The group's rate over the reference's; undefined when either is missing or the reference's is 0. */
function rateRatio(group: GroupResult, reference: GroupResult, metric: string): number | undefined {
  const [g, r] = [group.metrics[metric], reference.metrics[metric]];
  if (g === null || g === undefined || r === null || r === undefined || r === 0) return undefined;
  return g / r;
}

export interface AggregateRow {
  name: string;
  all: Figure;
  /** Over the groups of at least minGroupSize rows. */
  large: Figure;
}

/**
 * The aggregates over every group and over the groups of at least minGroupSize rows, both as the
 * report computed them (with their intervals).
 */
export function aggregateRows(grouping: Grouping, names: readonly string[]): AggregateRow[] {
  const large = grouping.largeGroups;
  return names.map((name) => ({
    name,
    all: {
      value: grouping.aggregates[name] ?? null,
      interval: grouping.aggregateIntervals[name] ?? null,
      ...(grouping.aggregateNotes[name] ? { note: grouping.aggregateNotes[name] } : {}),
      computed: false,
    },
    large: {
      value: large.aggregates[name] ?? null,
      interval: large.intervals[name] ?? null,
      ...(large.notes[name] ? { note: large.notes[name] } : {}),
      computed: false,
    },
  }));
}

/** The groups an aggregate compares, as the panel and the exports show them under its figure. */
export interface AggregatePair {
  /** "African-American vs Other". */
  text: string;
  /** Each group's value: "largest selection rate 0.588 (African-American), smallest 0.210 (Other)". */
  title: string;
}

/** AIF360's figures against the reference, and each group's own value of it (`differences` or `disparities`). */
const REFERENCE_VALUES: Record<string, { of: 'differences' | 'disparities'; key: string }> = {
  statistical_parity_difference: { of: 'differences', key: 'statistical_parity_difference' },
  disparate_impact: { of: 'disparities', key: 'disparate_impact' },
  equal_opportunity_difference_to_reference: { of: 'differences', key: 'equal_opportunity_difference' },
  average_odds_difference: { of: 'differences', key: 'average_odds_difference' },
};

/**
 * Which two groups give an aggregate over all groups with rows (`all`) or over the groups of at
 * least minGroupSize rows (`large`): for a largest − smallest gap or a smallest / largest ratio,
 * the groups with the largest and the smallest value; for a figure against the reference, the
 * group farthest from parity and the reference. Found from the groups' own figures and kept only
 * when they give the reported value again; undefined otherwise (a distance between distributions,
 * an inequality index, a multiclass figure).
 */
export function aggregatePair(report: AuditReport, grouping: Grouping, name: string, over: 'all' | 'large'): AggregatePair | undefined {
  const value = over === 'all' ? grouping.aggregates[name] : grouping.largeGroups.aggregates[name];
  if (value === null || value === undefined) return undefined;
  const groups = grouping.groups.filter((g) => g.count > 0 && (over === 'all' || !isSetAside(g, report)));
  const matches = (x: number) => Math.abs(x - value) <= 1e-9 * Math.max(1, Math.abs(value));
  const reference = REFERENCE_VALUES[name];
  if (reference) {
    const referenceName = groupName({ key: grouping.reference });
    const group = groups.find((g) => groupName(g) !== referenceName && matches(g[reference.of][reference.key] ?? Number.NaN));
    return group
      ? { text: `${groupName(group)} vs ${referenceName}`, title: `farthest from parity: "${groupName(group)}", against the reference "${referenceName}"` }
      : undefined;
  }
  const found = aggregateExtremes(
    groups.map((g) => ({ ...g, name: groupName(g) })),
    name,
    value,
  );
  if (!found) return undefined;
  const [high, low] = [found.highest.name, found.lowest.name];
  const rate = metricName(found.metric).label.toLowerCase();
  const figure = (g: ExtremeCandidate) => formatFigure(g.metrics[found.metric]!);
  // several groups can share the largest or smallest value: the one named is the first listed
  const tied = (others: number) => (others > 0 ? `, tied with ${others} other group${others > 1 ? 's' : ''}` : '');
  // a small group setting the figure over all groups: the large groups' figure leaves it out
  const small = smallExtremes(found, report);
  const largeColumn =
    grouping.largeGroups.groups < groups.length
      ? `: the column "${adequateGroupsLabel(grouping.largeGroups.groups, report, anyFewLabels(grouping.groups, report))}" leaves ${small.length > 1 ? 'them' : 'it'} out`
      : '';
  const named = (g: ExtremeCandidate) => `"${g.name}" (${formatCount(g.count)} rows)`;
  const smallText = over === 'all' && small.length > 0 ? `; ${setAsideSentence(small, report, named)}, too few to judge${largeColumn}` : '';
  return {
    text: `${found.several ? `${shortMetricName(found.metric)}: ` : ''}${high} vs ${low}`,
    title: `largest ${rate} ${figure(found.highest)} ("${high}"${tied(found.highestTies)}), smallest ${figure(found.lowest)} ("${low}"${tied(found.lowestTies)})${smallText}`,
  };
}

/** Figures of a group's size, shown but never compared between groups. */
const SIZES = new Set(['count', 'weight', 'representation']);

/**
 * Whether the views show four-fifths flags: not when every figure they compare is exempt from the
 * rule (common/four-fifths.ts), as a regression's errors and means or a numeric label's mean; the
 * differences to the reference, with their intervals, compare those. Nor for a table of sizes alone
 * (no label, no model output): it has no rate to flag, and an empty column only puzzled a new user.
 */
export function showsFourFifthsFlags(report: AuditReport): boolean {
  return comparedFigures(report).some(hasFourFifthsFlags);
}

/** Whether a report compares anything between groups but their sizes: a dataset audit without a label does not, so its views have no reference or aggregates. */
export function comparesGroups(report: AuditReport): boolean {
  return comparedFigures(report).length > 0;
}

/** The figures a report compares between groups: its key metrics but the groups' sizes. */
function comparedFigures(report: AuditReport): string[] {
  return keyMetrics(report)
    .map((m) => m.name)
    .filter((m) => !SIZES.has(m));
}

/** Why the views show no four-fifths flags (see showsFourFifthsFlags), and where the groups are compared instead. */
export function noFlagsSentence(report: AuditReport, reference: string): string {
  if (!comparesGroups(report)) return 'No four-fifths flags: without a label or a model output there is no rate to compare, only the groups’ sizes.';
  const what = hasNumericLabel(report) ? `a mean of ${sanitize(report.columns.label!)} is` : "a regression's means and errors are";
  return `No four-fifths flags: the rule compares rates of an outcome, and ${what} not one (a ratio of two of them is no adverse-impact ratio). Each group's difference to the reference group "${reference}", with its interval, is in the comparison with the reference: an interval that leaves out 0 is a gap larger than the sampling noise.`;
}
