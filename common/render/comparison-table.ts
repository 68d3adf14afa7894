import type { ComparisonView } from '../protocol';
import type { Interval } from '../reports/audit';
import { metricName } from './metric-names';
import { EXCLUDED_MARK, excludesEstimate, figureCell, flaggedFigureCell, type CellModel, TableModel } from './table';
import { fileName, formatInterval } from './text';
import { settingText } from './tradeoff';
import { offersLargeGroups } from './comparison-view';
import { adequateGroupsLabel } from './set-aside';

/**
 * Every point of a comparison: method, setting, accuracy, the fairness gap, Pareto-optimal. With
 * `bothGroups` (the HTML export, which has no chooser) and some group smaller than minGroupSize,
 * the gap and the Pareto flag over all groups and over those of adequate size, side by side and
 * labelled with which groups they are over.
 */
export function comparisonTable(comparison: ComparisonView, bothGroups = false): TableModel {
  const fairness = metricName(comparison.fairnessMetric);
  const sizes = bothGroups && offersLargeGroups(comparison) ? comparison.largeGroups : null;
  const over = sizes ? comparisonGroupsLabels(sizes) : null;
  const fairnessColumn = (key: string, groups: string) => ({
    key,
    label: `${fairness.label}, ${groups}`,
    hint: fairness.fairer,
    kind: 'number' as const,
    title: `${fairness.description} (${comparison.fairnessMetric}), over ${groups}`,
  });
  return {
    id: 'points',
    label: 'every method and setting',
    columns: [
      { key: 'method', label: 'Method', kind: 'label', sticky: 'start' },
      { key: 'setting', label: 'Setting', kind: 'text' },
      { key: 'accuracy', label: 'Accuracy', hint: 'higher is better', kind: 'number' },
      ...(over
        ? [fairnessColumn('fairness', over.all), fairnessColumn('large-fairness', over.large)]
        : [
            {
              key: 'fairness',
              label: fairness.label,
              hint: fairness.fairer,
              kind: 'number' as const,
              title: `${fairness.description} (${comparison.fairnessMetric})`,
            },
          ]),
      { key: 'pareto', label: over ? `Pareto-optimal, ${over.all}` : 'Pareto-optimal', kind: 'text' },
      ...(over ? [{ key: 'large-pareto', label: `Pareto-optimal, ${over.large}`, kind: 'text' as const }] : []),
    ],
    rows: comparison.points.map((p) => {
      const paretoCell = (pareto: boolean) => ({ text: pareto ? 'yes' : '', sort: pareto ? 1 : 0 });
      const decimals = decimalsOf(comparison, p);
      // why a point is on the front or off it, on hover, where its figures read as another's
      const front = decimals > 3 ? frontLine(comparison, p) : undefined;
      return {
        cells: [
          { text: p.method },
          { text: settingText(p.parameter, p.value), sort: p.value },
          digitsCell(figureCell(p.accuracy, p.intervals?.accuracy ?? null), p.accuracy, decimals),
          // a gap's interval that leaves out its own estimate is marked, with the note under the table (cold try 16: "0.264 [0.280, 0.609]" read as a wrong figure)
          digitsCell(flaggedFigureCell(p.fairness, p.intervals?.fairness ?? null), p.fairness, decimals),
          ...(over ? [flaggedFigureCell(p.largeGroups?.fairness ?? null, p.largeGroups?.intervals?.fairness ?? null)] : []),
          { ...paretoCell(p.pareto), ...(front ? { title: front } : {}) },
          ...(over ? [paretoCell(p.largeGroups?.pareto ?? false)] : []),
        ],
      };
    }),
  };
}

/** Which groups a comparison's two gaps are over: "all 6 groups", "4 groups with ≥ 30 rows" (as the sweep plot's axis says). */
export function comparisonGroupsLabels(
  sizes: { minGroupSize: number; minLabelCount?: number; groups: number; allGroups: number },
  atLeast = '≥',
): { all: string; large: string } {
  return { all: `all ${sizes.allGroups} groups`, large: adequateGroupsLabel(sizes.groups, sizes, sizes.minLabelCount !== undefined, atLeast) };
}

/** A figure with its interval when it has one: "0.672 [0.660, 0.684]", marked † when the interval leaves out the figure. */
function withInterval(value: number, interval: Interval | null | undefined, decimals = 3): string {
  if (!interval) return value.toFixed(decimals);
  return `${value.toFixed(decimals)} ${formatInterval(interval)}${excludesEstimate(value, interval) ? ` ${EXCLUDED_MARK}` : ''}`;
}

type Figures = Pick<ComparisonView['points'][number], 'accuracy' | 'fairness'>;

/**
 * The decimals that tell a point's figures from every other point's that differ (3, up to 6): the
 * front is found on the unrounded figures, so two points that read the same at 3 decimals, one on
 * the front and one not, are shown with the digits that set them apart.
 */
export function decimalsOf(comparison: ComparisonView, p: Figures): number {
  const clash = (a: number | null, b: number | null, decimals: number) => a !== null && b !== null && a !== b && a.toFixed(decimals) === b.toFixed(decimals);
  let decimals = 3;
  while (decimals < 6 && comparison.points.some((q) => clash(p.accuracy, q.accuracy, decimals) || clash(p.fairness, q.fairness, decimals))) decimals++;
  return decimals;
}

/**
 * A figure of the points table: 3 decimals in every row, as in the rest of the report (a 95%
 * interval of an accuracy near 0.9 on 10,000 rows is 3.92 × √(0.9 × 0.1 / 10,000) ≈ 0.012 wide:
 * a fourth decimal is noise, and 3 to 6 decimals in one column read unevenly); the rows are told
 * apart by their setting. Where it reads as another
 * point's figure, the digits that tell them apart are on hover (the plot's tooltip says them too).
 */
function digitsCell(cell: CellModel, value: number | null, decimals: number): CellModel {
  if (value === null || decimals === 3) return cell;
  const digits = `${value.toFixed(decimals)}: it reads as another point's at 3 decimals`;
  return { ...cell, title: cell.title ? `${digits}. ${cell.title}` : digits };
}

/**
 * Whether a point is on the Pareto front, in words: on it, or which point is at least as accurate
 * and as fair (better on one) — with the digits that show it when the figures read alike.
 */
function frontLine(comparison: ComparisonView, p: ComparisonView['points'][number]): string | undefined {
  const unrounded = decimalsOf(comparison, p) > 3 ? ' (compared unrounded: the extra digits show how)' : '';
  if (p.pareto) return `on the Pareto front: no other point is both more accurate and fairer${unrounded}`;
  if (p.accuracy === null || p.fairness === null) return undefined;
  const better = comparison.points.find(
    (q) =>
      q !== p &&
      q.accuracy !== null &&
      q.fairness !== null &&
      q.accuracy >= p.accuracy! &&
      q.fairness <= p.fairness! &&
      (q.accuracy > p.accuracy! || q.fairness < p.fairness!),
  );
  if (!better) return undefined;
  const decimals = Math.max(decimalsOf(comparison, p), decimalsOf(comparison, better));
  const fairness = metricName(comparison.fairnessMetric).label;
  return `not on the Pareto front: ${better.method}, ${settingText(better.parameter, better.value)} is at least as accurate (${better.accuracy!.toFixed(decimals)}) and as fair (${fairness} ${better.fairness!.toFixed(decimals)})`;
}

/**
 * The plot's tooltip of the point `comparison.points[index]`. `sameAt`: the other points drawn at
 * the same place (their indices), each named: "also here: reweighing, strength = 0.5"; `opens`: the
 * one a click there opens (the one on top; the point itself when alone), named when it is another.
 */
export function pointTooltip(comparison: ComparisonView, index: number, sameAt: readonly number[] = [], opens = index): { heading: string; lines: string[] } {
  const p = comparison.points[index]!;
  const named = (i: number) => `${comparison.points[i]!.method}, ${settingText(comparison.points[i]!.parameter, comparison.points[i]!.value)}`;
  const top = comparison.points[opens]!;
  const click =
    opens === index
      ? p.report
        ? 'click to open this setting’s report'
        : 'no report to open'
      : top.report
        ? `a click here opens ${named(opens)} (drawn on top)`
        : `the point on top, ${named(opens)}, has no report to open`;
  return {
    heading: p.method,
    lines: [
      settingText(p.parameter, p.value),
      ...figureLines(comparison, p, decimalsOf(comparison, p)),
      ...(excludesEstimate(p.fairness, p.intervals?.fairness) ? [EXCLUDED_TOOLTIP] : []),
      ...(frontLine(comparison, p) ? [frontLine(comparison, p)!] : []),
      ...(sameAt.length > 0 ? [`also here: ${sameAt.map(named).join('; ')}`] : []),
      // the ring of the unmitigated model under this marker has no hover of its own (cold try 17)
      ...(atReference(comparison, p) ? [`also here: the unmitigated model (the ring)`] : []),
      click,
    ],
  };
}

/** Whether a point is drawn where the unmitigated model is: the same accuracy and gap. */
function atReference(comparison: ComparisonView, p: ComparisonView['points'][number]): boolean {
  const reference = comparison.reference;
  return !!reference && p.accuracy !== null && p.accuracy === reference.accuracy && p.fairness === reference.fairness;
}

/** The tooltip's word on a gap's interval that leaves out its estimate (the table's note says more). */
export const EXCLUDED_TOOLTIP = `${EXCLUDED_MARK} the interval leaves out the gap: groups closer than the noise are pushed apart in every resample; see the note under the table`;

/** The tooltip of the unmitigated model: its name and figures. */
export function referenceTooltip(comparison: ComparisonView): string[] {
  return ['unmitigated logistic regression', ...(comparison.reference ? figureLines(comparison, comparison.reference) : [])];
}

/** "accuracy 0.672 [0.660, 0.684]" and the fairness gap the same way (intervals where the point has them). */
function figureLines(comparison: ComparisonView, p: NonNullable<ComparisonView['reference']>, decimals = 3): string[] {
  if (p.accuracy === null || p.fairness === null) return [];
  return [
    `accuracy ${withInterval(p.accuracy, p.intervals?.accuracy, decimals)}`,
    `${metricName(comparison.fairnessMetric).label} ${withInterval(p.fairness, p.intervals?.fairness, decimals)}`,
  ];
}

/**
 * What the intervals are, and the unmitigated model's figures with theirs (it has no row in the
 * table); with `bothGroups` (as comparisonTable's) its gap over the groups of adequate size too.
 * Empty without intervals.
 */
export function intervalsNote(comparison: ComparisonView, bothGroups = false): string {
  const bootstrap = comparison.bootstrap;
  if (!bootstrap) return '';
  const reference = comparison.reference;
  const over = bothGroups && offersLargeGroups(comparison) ? comparisonGroupsLabels(comparison.largeGroups) : null;
  const large = reference?.largeGroups?.fairness ?? null;
  // "Demographic parity difference over all 6 groups 0.475 [...], over 4 groups with ≥ 30 rows 0.300 [...]"
  const figures =
    reference && reference.accuracy !== null && reference.fairness !== null
      ? over && large !== null
        ? [
            `accuracy ${withInterval(reference.accuracy, reference.intervals?.accuracy)}`,
            `${metricName(comparison.fairnessMetric).label} over ${over.all} ${withInterval(reference.fairness, reference.intervals?.fairness)}`,
            `over ${over.large} ${withInterval(large, reference.largeGroups?.intervals?.fairness)}`,
          ]
        : figureLines(comparison, reference)
      : [];
  const unmitigated = figures.length > 0 ? ` Unmitigated model: ${figures.join(', ')}.` : '';
  return (
    `Whiskers and bracketed figures: ${Math.round(bootstrap.level * 100)}% bootstrap percentile intervals (${bootstrap.resamples} Poisson resamples of the test rows, seed ${bootstrap.seed}) ` +
    `of the Pareto-optimal points and the unmitigated model; the other points are point estimates.${unmitigated}`
  );
}

const FITTED_ON = {
  train: 'on the training rows',
  'train-out-of-fold': "on the base model's out-of-fold scores of the training rows",
  test: 'on the test rows themselves (in-sample: their points are optimistic)',
} as const;

/** How the methods were fitted, grouped by protocol; every point is scored on the test rows. */
export function protocolNote(comparison: ComparisonView): string {
  const fitted = comparison.fittedOn ?? [];
  if (fitted.length === 0) return '';
  const parts = (Object.keys(FITTED_ON) as (keyof typeof FITTED_ON)[]).flatMap((rows) => {
    const methods = fitted.filter((f) => f.rows === rows).map((f) => f.method);
    return methods.length > 0 ? [`${methods.join(', ')} ${FITTED_ON[rows]}`] : [];
  });
  const test = comparison.scoredOn ?? (comparison.files ? fileName(comparison.files.test) : 'the test file');
  const own = comparison.ownBaselines ?? [];
  const before =
    own.length === 0
      ? ' Each method’s report measures its change from the unmitigated model.'
      : ` Each method’s report measures its change from the unmitigated model, except ${own.map((o) => `${o.method}'s, from ${o.baseline}`).join('; and ')}.`;
  return `Fitted: ${parts.join('; ')}. Every point is scored on ${test}.${comparison.ownBaselines ? before : ''}${criteriaSentence(comparison)}`;
}

/**
 * The fairness criterion each method that has one was fitted for: "threshold, exponentiated-gradient
 * for equalized odds; ferm for equal opportunity" (cold try 17 compared equalized odds and read
 * "equal-opportunity" in FERM's report, unexplained).
 */
function criteriaSentence(comparison: ComparisonView): string {
  const byCriterion = new Map<string, string[]>();
  for (const { method, criterion } of comparison.criteria ?? []) byCriterion.set(criterion, [...(byCriterion.get(criterion) ?? []), method]);
  if (byCriterion.size === 0) return '';
  const listed = [...byCriterion].map(([criterion, methods]) => `${methods.join(', ')} for ${criterion.replace(/-/g, ' ')}`).join('; ');
  return ` Fitted with a fairness criterion: ${listed}${byCriterion.size > 1 ? ' (a method without the measure’s own criterion has the nearest it offers)' : ''}.`;
}
