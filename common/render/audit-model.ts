import type { AuditReport, Grouping, GroupResult, Interval, MetricIntervals, MetricValues } from '../reports/audit';

/**
 * Figures of audit JSON schema 2 (docs/audit-json.md) read when the report carries them: the
 * reference group's signed differences, aggregates over the adequately sized groups, and the
 * significance of each gap. Optional here, so a schema-1 report still shows (the panel then
 * computes point estimates from the groups' rates and says so).
 */
export interface GroupFigures extends GroupResult {
  differences?: MetricValues;
  differenceIntervals?: MetricIntervals;
  /** Metrics whose gap is statistically supported (Benjamini-Hochberg adjusted). */
  supported?: string[];
}

export interface GroupingFigures extends Grouping {
  groups: GroupFigures[];
  /** Empty combinations of an intersection not listed (too many). */
  emptyIntersectionsNotListed?: number;
  referenceSource?: 'given' | 'largest';
  largeGroups?: { minGroupSize: number; groups: number; aggregates: MetricValues; intervals: MetricIntervals; notes: Record<string, string> };
  tests?: { comparedWith: 'rest' | 'reference'; method: string; level: number };
}

export function groupingFigures(grouping: Grouping): GroupingFigures {
  return grouping as GroupingFigures;
}

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
  switch (report.task) {
    case 'classification':
      return [
        { key: 'statistical_parity_difference', label: 'Statistical parity difference', description: 'selection rate of the group − selection rate of the reference', fairer: 'closer to 0 is fairer', kind: 'difference', of: ['selection_rate'] },
        { key: 'disparate_impact', label: 'Disparate impact', description: 'selection rate of the group / selection rate of the reference; below 0.8 fails the four-fifths rule', fairer: 'closer to 1 is fairer', kind: 'ratio', of: ['selection_rate'] },
        { key: 'equal_opportunity_difference', label: 'Equal opportunity difference', description: 'true positive rate of the group − that of the reference', fairer: 'closer to 0 is fairer', kind: 'difference', of: ['true_positive_rate'] },
        { key: 'average_odds_difference', label: 'Average odds difference', description: 'mean of the false positive rate and true positive rate differences to the reference', fairer: 'closer to 0 is fairer', kind: 'difference', of: ['false_positive_rate', 'true_positive_rate'] },
      ];
    case 'dataset':
      // AIF360's dataset metrics compare the labels' base rates.
      return report.columns.label
        ? [
            { key: 'statistical_parity_difference', label: 'Statistical parity difference (labels)', description: 'base rate of the group − base rate of the reference', fairer: 'closer to 0 is fairer', kind: 'difference', of: ['base_rate'] },
            { key: 'disparate_impact', label: 'Disparate impact (labels)', description: 'base rate of the group / base rate of the reference', fairer: 'closer to 1 is fairer', kind: 'ratio', of: ['base_rate'] },
          ]
        : [];
    case 'regression':
      return [
        { key: 'mean_prediction', label: 'Mean prediction difference', description: 'mean prediction of the group − that of the reference', fairer: 'closer to 0 is fairer', kind: 'difference', of: ['mean_prediction'] },
        { key: 'mean_absolute_error', label: 'Mean absolute error difference', description: 'mean absolute error of the group − that of the reference', fairer: 'closer to 0 is fairer', kind: 'difference', of: ['mean_absolute_error'] },
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
export function referenceFigure(measure: ReferenceMeasure, group: GroupFigures, reference: GroupFigures, reportsReference: boolean): Figure {
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

function reportedReferenceFigure(measure: ReferenceMeasure, group: GroupFigures): Figure | undefined {
  if (measure.kind === 'ratio') {
    // Schema 2 names it; schema 1 has the selection (or base) rate's disparity to the same reference.
    for (const key of [measure.key, measure.of[0]!]) {
      const value = group.disparities[key];
      if (value !== undefined) return { value, interval: group.disparityIntervals[key] ?? null, ...(value === null ? { note: group.notes[key] ?? 'not estimable' } : {}), computed: false };
    }
    return undefined;
  }
  const value = group.differences?.[measure.key];
  if (value === undefined) return undefined;
  return { value, interval: group.differenceIntervals?.[measure.key] ?? null, ...(value === null ? { note: group.notes[measure.key] ?? 'not estimable' } : {}), computed: false };
}

/** Four-fifths flags against a reference chosen in the panel: each rate's ratio outside [0.8, 1.25]. */
export function flagsAgainst(report: AuditReport, group: GroupResult, reference: GroupResult): string[] {
  return Object.keys(group.disparities)
    .filter((metric) => !(report.task === 'classification' && metric === 'base_rate') && metric !== 'disparate_impact')
    .filter((metric) => {
      const [g, r] = [group.metrics[metric], reference.metrics[metric]];
      if (g === null || g === undefined || r === null || r === undefined || r === 0) return false;
      const ratio = g / r;
      return ratio < 0.8 || ratio > 1.25;
    });
}

export interface AggregateRow {
  name: string;
  all: Figure;
  /** Over the groups of at least minGroupSize rows. */
  large: Figure;
}

/** How many groups the large-groups column covers, and whether the report computed it. */
export function largeGroupCount(report: AuditReport, grouping: Grouping): number {
  return groupingFigures(grouping).largeGroups?.groups ?? grouping.groups.filter((g) => g.count >= report.minGroupSize).length;
}

/**
 * The aggregates over every group (the report's) and over the adequately sized groups: the
 * report's when it carries them (schema 2), else computed here from those groups' rates where the
 * aggregate is a function of them (differences, ratios, equalized odds); the others need the rows.
 */
export function aggregateRows(report: AuditReport, grouping: Grouping, names: readonly string[]): AggregateRow[] {
  const figures = groupingFigures(grouping);
  const large = grouping.groups.filter((g) => g.count >= report.minGroupSize && g.count > 0);
  const allLarge = large.length === grouping.groups.filter((g) => g.count > 0).length;
  return names.map((name) => {
    const all: Figure = { value: grouping.aggregates[name] ?? null, interval: grouping.aggregateIntervals[name] ?? null, ...(grouping.aggregateNotes[name] ? { note: grouping.aggregateNotes[name] } : {}), computed: false };
    if (figures.largeGroups) {
      const l = figures.largeGroups;
      return { name, all, large: { value: l.aggregates[name] ?? null, interval: l.intervals[name] ?? null, ...(l.notes[name] ? { note: l.notes[name] } : {}), computed: false } };
    }
    if (allLarge) return { name, all, large: { ...all, note: `every group has at least ${report.minGroupSize} rows: the same as over all groups` } };
    return { name, all, large: aggregateFromRates(name, large, grouping.overall.metrics) };
  });
}

/** An aggregate recomputed from per-group rates (docs/audit-json.md's definitions), or why it cannot be. */
export function aggregateFromRates(name: string, groups: readonly Pick<GroupResult, 'metrics'>[], overall: MetricValues): Figure {
  const missing = (note: string): Figure => ({ value: null, interval: null, note, computed: true });
  if (groups.length < 2) return missing('fewer than two groups with enough rows');
  const named: Record<string, [string, 'difference' | 'ratio'][]> = {
    demographic_parity_difference: [['selection_rate', 'difference']],
    demographic_parity_ratio: [['selection_rate', 'ratio']],
    equal_opportunity_difference: [['true_positive_rate', 'difference']],
    equal_opportunity_ratio: [['true_positive_rate', 'ratio']],
    equalized_odds_difference: [['true_positive_rate', 'difference'], ['false_positive_rate', 'difference']],
    equalized_odds_ratio: [['true_positive_rate', 'ratio'], ['false_positive_rate', 'ratio']],
    predictive_parity_difference: [['positive_predictive_value', 'difference']],
    predictive_parity_ratio: [['positive_predictive_value', 'ratio']],
  };
  const match = /^(.+)_(difference|ratio)(_to_overall)?$/.exec(name);
  const parts = named[name] ?? (match ? [[match[1]!, match[2] as 'difference' | 'ratio']] : undefined);
  if (!parts || !groups.some((g) => typeof g.metrics[parts[0]![0]] === 'number')) return missing('needs the rows, not only the groups’ rates: not in this report for the large groups');
  const toOverall = match?.[3] !== undefined && !named[name];
  const values = parts.map(([metric, kind]) => {
    const present = groups.map((g) => g.metrics[metric]).filter((v): v is number => typeof v === 'number');
    if (present.length < 2) return null;
    if (toOverall) {
      const o = overall[metric];
      if (typeof o !== 'number') return null;
      // a group at 0 is as far from the overall as can be (ratio 0); an overall of 0 gives no ratio
      return kind === 'difference' ? Math.max(...present.map((v) => Math.abs(v - o))) : Math.min(...present.map((v) => (o === 0 ? Number.NaN : v === 0 ? 0 : Math.min(v / o, o / v))));
    }
    const [low, high] = [Math.min(...present), Math.max(...present)];
    return kind === 'difference' ? high - low : high === 0 ? null : low / high;
  });
  if (values.some((v) => v === null || Number.isNaN(v))) return missing('not estimable from the large groups’ rates');
  const numbers = values as number[];
  const value = parts[0]![1] === 'difference' ? Math.max(...numbers) : Math.min(...numbers);
  return { value, interval: null, note: 'point estimate computed from the large groups’ rates', computed: true };
}
