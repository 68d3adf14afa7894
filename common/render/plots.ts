import type { ComparisonView } from '../protocol';
import type { TradeoffIntervals } from '../reports/comparison';
import type { MitigationReport, OutcomeSummary } from '../reports/mitigation';
import { metricName } from './metric-names';
import { adequateGroupsLabel, anyFewLabels } from './set-aside';
import { element, text } from './svg';
import { ChartTheme, methodsOf, settingText, stackedPoints, styleOf, TradeoffPlot, Whiskers } from './tradeoff';

/** The two trade-off plots: methods side by side (Compare Methods), and one method's sweep. */

export function axisLabel(key: string): string {
  const info = metricName(key);
  return info.fairer ? `${info.label} (${info.fairer})` : info.label;
}

/** Every point with both figures; a point's id is its index in `comparison.points`. */
export function comparisonPlot(comparison: ComparisonView): TradeoffPlot {
  const reference = comparison.reference;
  return {
    xLabel: axisLabel(comparison.fairnessMetric),
    yLabel: axisLabel('accuracy'),
    yHigherIsBetter: true,
    points: comparison.points.flatMap((p, id) =>
      p.accuracy === null || p.fairness === null
        ? []
        : [{ method: p.method, setting: settingText(p.parameter, p.value), x: p.fairness, y: p.accuracy, pareto: p.pareto, id, ...whiskersOf(p.intervals) }],
    ),
    reference:
      reference && reference.accuracy !== null && reference.fairness !== null
        ? { x: reference.fairness, y: reference.accuracy, label: 'unmitigated', ...whiskersOf(reference.intervals) }
        : null,
  };
}

/** A point's intervals as whiskers: fairness across, accuracy up and down. */
function whiskersOf(intervals: TradeoffIntervals | undefined): Whiskers {
  return { ...(intervals?.fairness ? { xInterval: intervals.fairness } : {}), ...(intervals?.accuracy ? { yInterval: intervals.accuracy } : {}) };
}

/** The fairness gap a method optimised for (its criterion), else the demographic parity difference (the KS distance in regression). */
export function sweepFairnessMetric(report: MitigationReport): string {
  if (report.task === 'regression') return 'ks_distance';
  const criteria: Record<string, string> = {
    'demographic-parity': 'demographic_parity_difference',
    'equal-opportunity': 'equal_opportunity_difference',
    'equalized-odds': 'equalized_odds_difference',
  };
  const criterion = Object.values(report.parameters).find((v): v is string => typeof v === 'string' && v in criteria);
  return criterion ? criteria[criterion]! : 'demographic_parity_difference';
}

/** The groups of adequate size a sweep can be plotted over: how many, of how many, from which size. */
export interface SweepGroups {
  minGroupSize: number;
  /** Present when some group is set aside for its label counts (fewer than this many rows of a label value). */
  minLabelCount?: number;
  groups: number;
  allGroups: number;
}

/**
 * The groups of adequate size of a report whose before and every sweep point carry the aggregates
 * over them (reports before those figures: null) and where some group is smaller (else the
 * figures repeat those over all groups: null).
 */
export function sweepLargeGroups(report: MitigationReport): SweepGroups | null {
  const large = report.before.largeGroups;
  if (!large || report.tradeoff.some((p) => !p.largeGroups)) return null;
  const allGroups = report.before.groups.filter((g) => g.count > 0).length;
  if (large.groups >= allGroups) return null;
  const labels = anyFewLabels(report.before.groups, large) && large.minLabelCount !== undefined ? { minLabelCount: large.minLabelCount } : {};
  return { minGroupSize: large.minGroupSize, ...labels, groups: large.groups, allGroups };
}

/** The sweep's fairness figure in words, saying over which groups: "demographic parity difference, 4 groups with ≥ 30 rows". */
export function sweepFairnessName(report: MitigationReport, groups: 'all' | 'large'): string {
  const info = metricName(sweepFairnessMetric(report));
  const large = sweepLargeGroups(report);
  if (!large) return info.label;
  return groups === 'large'
    ? `${info.label}, ${adequateGroupsLabel(large.groups, large, large.minLabelCount !== undefined)}`
    : `${info.label}, all ${large.allGroups} groups`;
}

/**
 * One method's sweep in order of strength, "before" as the reference; a point's id is its sweep
 * index. The fairness gap is over the groups of adequate size (as the before/after table's
 * verdict) unless `groups` is "all", when the report has those figures and some group is small.
 */
export function sweepPlot(report: MitigationReport, current: number | null, groups: 'all' | 'large' = 'large'): TradeoffPlot {
  const fairness = sweepFairnessMetric(report);
  const quality = report.task === 'classification' ? 'accuracy' : 'mse';
  const large = groups === 'large' && sweepLargeGroups(report) !== null;
  const gap = (s: OutcomeSummary) => (large ? s.largeGroups?.aggregates[fairness] : s.aggregates[fairness]) ?? null;
  const before = { x: gap(report.before), y: report.before[quality] ?? null };
  const info = metricName(fairness);
  return {
    xLabel: `${sweepFairnessName(report, groups)}${info.fairer ? ` (${info.fairer})` : ''}`,
    yLabel: axisLabel(quality),
    yHigherIsBetter: quality === 'accuracy',
    sweepPath: true,
    points: report.tradeoff.flatMap((p, id) => {
      const [x, y] = [gap(p), p[quality] ?? null];
      return x === null || y === null ? [] : [{ method: report.method, setting: settingText(p.parameter, p.value), x, y, pareto: false, id }];
    }),
    reference: before.x !== null && before.y !== null ? { x: before.x, y: before.y, label: 'before' } : null,
    ...(current !== null ? { current } : {}),
  };
}

/** The legend as a wrapping list (never truncated): each method's colour and marker, the front, the reference. */
export function legendMarkup(plot: TradeoffPlot, theme: ChartTheme): string {
  const swatch = (...shapes: string[]) => element('svg', { width: 14, height: 14, viewBox: '-1 -1 12 12', 'aria-hidden': 'true' }, ...shapes);
  const items = methodsOf(plot).map((method, i) => {
    const { color, marker } = styleOf(i, theme);
    return element(
      'li',
      { 'data-method': method },
      swatch(element('path', { d: marker, fill: color, stroke: theme.background, 'stroke-width': 0.6 })),
      text(method),
    );
  });
  if (!plot.sweepPath && plot.points.some((p) => p.pareto)) {
    items.push(
      element(
        'li',
        {},
        swatch(element('path', { d: 'M0,8H5V2H10', fill: 'none', stroke: theme.foreground, 'stroke-width': 1.2, 'stroke-dasharray': '2.5 1.5' })),
        'Pareto front (no other point is both more accurate and fairer)',
      ),
    );
  }
  if (stackedPoints(plot).size > 0) {
    items.push(
      element(
        'li',
        {},
        swatch(...[3.2, 4.6].map((r) => element('circle', { cx: 5, cy: 5, r, fill: 'none', stroke: theme.foreground, 'stroke-width': 0.8 }))),
        'several points at one place (hover to list them)',
      ),
    );
  }
  if (plot.reference) {
    items.push(
      element(
        'li',
        {},
        swatch(element('circle', { cx: 5, cy: 5, r: 3.9, fill: 'none', stroke: theme.foreground, 'stroke-width': 2 })),
        text(plot.reference.label === 'before' ? 'before mitigation' : 'unmitigated model'),
      ),
    );
  }
  return element('ul', { class: 'legend', 'aria-label': 'legend' }, ...items);
}
