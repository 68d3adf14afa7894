import type { Interval } from '../reports/audit';
import { reportSharedRowsWarning } from './shared-rows';
import type { MitigationReport, OutcomeChange, OutcomeSummary, SeededDraw, TradeoffPoint } from '../reports/mitigation';
import { binsLine } from '../bins';
import {
  aggregateExtremes,
  type AggregateExtremes,
  type ExtremeCandidate,
  extremesText,
  groupSize,
  tiesText,
  worstGroup,
  worstGroupText,
} from './aggregate-extremes';
import { adequateGroupsLabel, anyFewLabels, isSetAside, setAsideReason, tooFewRows, setAsideSentence, allGroupsLabel, type SizeRule } from './set-aside';
import { Fairer, metricName, type MetricName } from './metric-names';
import {
  CellModel,
  ColumnModel,
  EXACT_INTERVAL_NOTE,
  EXCLUDED_MARK,
  EXCLUDED_NOTE,
  excludesEstimate,
  figureCell,
  flaggedFigureCell,
  formatFigure,
  TableModel,
} from './table';
import { fileName, formatCount, formatInterval, formatNumber, POSITIVE_MEANS_WORDS, positiveMeaning, positiveWords } from './text';
import { cutWords } from '../positive-outcome';
import { settingsSummary } from './settings';
import { roundSetting, settingText } from './tradeoff';

/** In a comparison, the calibration rows post-processing was fitted on, in the words of the run line ("fitted on ... out-of-fold scores of the training rows"). */
const COMPARISON_CALIBRATION = 'out-of-fold scores of the training rows';

/** The method and the file it ran on: "reject-option on compas.csv" (in a comparison: the user's file, not the base model's scores). */
export function mitigationTitle(report: MitigationReport): string {
  const input = report.comparedIn?.train ?? report.files.inputs['train'] ?? report.files.inputs['data'] ?? Object.values(report.files.inputs)[0];
  return input ? `${report.method} on ${fileName(input)}` : report.method;
}

/**
 * The run in one line: its kind, the rows its rules were fitted on (a calibration file), the rows
 * before and after were measured on, and its time; with `sweepPoint` (a point of the sweep other
 * than the run's own result shown as "after"), the time is said to be the whole run's.
 */
export function runLine(report: MitigationReport, after: OutcomeSummary, sweepPoint = false): string {
  const seconds = `${report.seconds.toFixed(1)} s`;
  return [report.kind, measuredText(report, after), sweepPoint ? `${seconds} for the whole run, not for this point` : seconds].join(' · ');
}

/**
 * Which rows "before" and "after" were both measured on, and how they relate to the rows the
 * method was fitted on (reports written before `measuredOn`: from `evaluatedOn`).
 */
export function measuredText(report: MitigationReport, after: OutcomeSummary = report.after): string {
  const compared = report.comparedIn;
  // in a comparison, post-processing read the base model's score files: said in the user's files
  if (compared && report.measuredOn?.kind === 'data') {
    const fitted = report.measuredOn.calibration
      ? `fitted on the comparison's base model's ${COMPARISON_CALIBRATION} of ${fileName(compared.train)}`
      : 'fitted on the rows it is measured on (in-sample)';
    return `${fitted}; ${measuredText({ ...report, measuredOn: compared.measuredOn }, after)}`;
  }
  const measured = report.measuredOn;
  const rows = (count: number) => `${count.toLocaleString('en-US')} rows`;
  if (!measured) {
    const calibration = report.files.inputs['calibration'];
    const fitted = report.parameters['fittedOn'] === 'calibration' && calibration ? `fitted on the calibration rows of ${fileName(calibration)} · ` : '';
    return `${fitted}evaluated on the ${report.evaluatedOn} rows (${after.rows})`;
  }
  const both = 'before and after both measured on';
  const file = fileName(measured.file);
  // post-processing on held-out rows: the rows its rules were fitted on first
  const fitted = measured.fitted ? `rules fitted on ${rows(measured.fitted.rows)} of ${fileName(measured.fitted.file)}; ` : '';
  switch (measured.kind) {
    case 'test':
      return `${fitted}${both} the ${rows(measured.rows)} of the held-out file ${file}`;
    case 'held-out':
      return `${fitted}${both} the same ${rows(measured.rows)}: ${percent(measured.fraction ?? 0)} of ${file} held out at random (seed ${measured.seed ?? 0}), never fitted on`;
    case 'train':
      return `${both} the ${rows(measured.rows)} of ${file} the models were fitted on (in-sample figures: choose a held-out file or share for out-of-sample ones)`;
    case 'data':
      return measured.calibration
        ? `fitted on the rows of ${fileName(measured.calibration)}; ${both} the ${rows(measured.rows)} of ${file}`
        : `${both} the ${rows(measured.rows)} of ${file}, which it was also fitted on (in-sample: hold out a share of it, or give a held-out or calibration file, for out-of-sample figures)`;
  }
}

/** 0.3 → "30%", 1/3 → "33.3%". */
function percent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(3))}%`;
}

/**
 * The features a model was fitted on, then the columns the default left out, those with one reason
 * together, e.g. "Left out: decile_score (it is the audited model's output); sex, age_cat (listed
 * among the columns not to learn from); score_text (each of its 3 values covers ...)"; for
 * post-processing in a comparison, its base model's; empty for methods that fit no model on
 * features (and reports written before the summary).
 */
export function featureLines(report: MitigationReport): string[] {
  if (!report.features) return [];
  const byReason = new Map<string, string[]>();
  for (const { column, reason } of report.features.leftOut) {
    const why = reason.startsWith(`${column} left out: `) ? reason.slice(`${column} left out: `.length) : reason;
    byReason.set(why, [...(byReason.get(why) ?? []), column]);
  }
  const leftOut = [...byReason].map(([why, columns]) => `${columns.join(', ')} (${why})`);
  // the run's own sensitive attributes are never features: said, so no reader wonders where they went
  const { sensitive } = report.columns;
  const never = sensitive.length > 0 ? ` (never the sensitive attribute${sensitive.length > 1 ? 's' : ''} ${sensitive.join(', ')})` : '';
  // post-processing in a comparison: the features are its base model's, whose scores it reads
  const whose = report.kind === 'post-processing' && report.comparedIn ? " of the comparison's base model, whose scores it post-processes" : '';
  return [`Features${whose}: ${report.features.used.join(', ')}${never}`, ...(leftOut.length > 0 ? [`Left out: ${leftOut.join('; ')}`] : [])];
}

/** The columns the run used, e.g. "Label two_year_recid · Sensitive race · Score decile_score" (columns it added are in report.json). */
export function columnsLine(report: MitigationReport): string {
  const { label, sensitive, prediction, score, positiveMeans, positive } = report.columns;
  return [
    // a cut of the label is said in words, so a reader knows its values were cut
    ...(label === null ? [] : [`Label ${label}${positive && cutWords(label, positive) ? ` (${positiveWords(label, positive)})` : ''}`]),
    `Sensitive ${sensitive.join(', ')}`,
    ...(prediction === null ? [] : [`Prediction ${prediction}`]),
    ...(score === null ? [] : [score === report.comparedIn?.baseScore ? `Score: the comparison's base model (${score})` : `Score ${score}`]),
    // older reports without the positive value: the meaning in the columns line, as before
    ...(positiveMeans && !positiveMeaning(report) ? [`A positive prediction is ${POSITIVE_MEANS_WORDS[positiveMeans]}`] : []),
  ].join(' · ');
}

/**
 * In a comparison, whose "before" this is: the comparison's unmitigated model (the plot's ring),
 * or the method's own unmitigated model (a different learner: FERM's SVM, the representation's
 * network), said so with the ring's figures; null outside a comparison.
 */
export function comparisonLine(report: MitigationReport): string | null {
  const compared = report.comparedIn;
  if (!compared) return null;
  const metric = compared.fairnessMetric;
  const [accuracy, fairness] = [compared.reference.accuracy, compared.reference.aggregates[metric] ?? null];
  const ring = `accuracy ${formatNumber(accuracy)}, ${metricName(metric).label.toLowerCase()} ${formatNumber(fairness)}`;
  const same = (a: number | null | undefined, b: number | null) => a !== undefined && a !== null && b !== null && Math.abs(a - b) < 1e-12;
  return same(report.before.accuracy, accuracy) && same(report.before.aggregates[metric], fairness)
    ? `Part of a comparison: “before” is the comparison's unmitigated model, the ring of its plot (${ring}).`
    : `Part of a comparison: “before” is ${report.method}'s own unmitigated model: ${report.baseline ?? 'see Settings'}. It is not the comparison's unmitigated logistic regression, the ring of its plot (${ring}): the change is measured from ${report.method}'s own.`;
}

/** A line of a mitigation report's header; the panel, the HTML and the Markdown export all draw these. */
export type MitigationHeaderLine =
  | {
      id:
        | 'run'
        | 'shared-rows'
        | 'compared-in'
        | 'columns'
        | 'bins'
        | 'features'
        | 'features-left-out'
        | 'settings'
        | 'after-setting'
        | 'own-files'
        | 'randomized'
        | 'tolerance'
        | 'selection-warning';
      text: string;
    }
  /** `stated`: whether the user said what a positive prediction means (the panel offers Set… or Change…). */
  | { id: 'positive'; text: string; stated: boolean };

export type MitigationHeaderLineId = MitigationHeaderLine['id'];

/**
 * The report's heading and the lines under it, in order: the run, the comparison it is part of,
 * its columns, what a positive prediction means, the features, the plain settings and which
 * setting "after" is. When "after" is a sweep point other than the run's own result, the run's
 * time is the whole run's, the Settings line marks the swept setting and what the fit found (the
 * classifiers a reduction visited) as the run's own, and a line says model.json and
 * predictions.csv are the run's own, so none is read as the point's.
 */
export function mitigationHeader(report: MitigationReport, after: AfterChoice): { title: string; lines: MitigationHeaderLine[] } {
  const comparison = comparisonLine(report);
  const meaning = positiveMeaning(report);
  const [features, leftOut] = featureLines(report);
  const swept = sweptKey(report);
  const point = otherSweepPoint(report, after);
  const own = "for the run's own result";
  const ownKeys = point ? [...(swept ? [swept] : []), ...RUN_RESULT_SETTINGS] : [];
  const settings = settingsSummary(shownParameters(report), Object.fromEntries(ownKeys.map((key) => [key, own])));
  const selection = selectionRateWarning(report, after.summary);
  const randomized = randomizedLine(report, after.summary);
  const tolerance = toleranceLine(report, after.summary);
  const bins = binsLine(report.columns.bins);
  const shared = reportSharedRowsWarning(report);
  const lines: (MitigationHeaderLine | null)[] = [
    { id: 'run', text: runLine(report, after.summary, point !== null) },
    shared ? { id: 'shared-rows', text: shared } : null,
    comparison ? { id: 'compared-in', text: comparison } : null,
    { id: 'columns', text: `Columns: ${columnsLine(report)}` },
    // the groups of a binned numeric column, named as the audit names them
    bins ? { id: 'bins', text: bins } : null,
    meaning ? { id: 'positive', text: meaning.text, stated: meaning.stated } : null,
    features ? { id: 'features', text: features } : null,
    leftOut ? { id: 'features-left-out', text: leftOut } : null,
    settings ? { id: 'settings', text: `Settings: ${settings}` } : null,
    { id: 'after-setting', text: after.description },
    randomized ? { id: 'randomized', text: randomized } : null,
    tolerance ? { id: 'tolerance', text: tolerance } : null,
    point ? { id: 'own-files', text: ownFilesText(report, after, point) } : null,
    selection ? { id: 'selection-warning', text: selection } : null,
  ];
  return { title: `Mitigation: ${mitigationTitle(report)}`, lines: lines.filter((line) => line !== null) };
}

/**
 * The run's settings as the report shows them: as report.json has them, but that a post-processing
 * run of a comparison fitted on "calibration" says what those rows are, as the run line does.
 */
export function shownParameters(report: MitigationReport): Record<string, unknown> {
  const { fittedOn } = report.parameters;
  return report.comparedIn && fittedOn === 'calibration' ? { ...report.parameters, fittedOn: COMPARISON_CALIBRATION } : report.parameters;
}

/** The sweep point shown as "after" when it is not the run's own result, else null. */
function otherSweepPoint(report: MitigationReport, after: AfterChoice): TradeoffPoint | null {
  return after.sweepIndex !== null && after.sweepIndex !== after.chosenIndex ? report.tradeoff[after.sweepIndex]! : null;
}

/** Settings that are what the run's own fit found, not what it was given: a sweep point's are its own (and not kept). */
const RUN_RESULT_SETTINGS = ['classifiersVisited', 'classifiersMixed'];

/** The files written beside report.json are the run's own result's: said when "after" is another sweep point. */
function ownFilesText(report: MitigationReport, after: AfterChoice, point: TradeoffPoint): string {
  const setting = settingText(point.parameter, point.value);
  return `${fileName(report.files.model)} and ${fileName(report.files.predictions)} beside this report are the run's own result (${ownSetting(report, after.chosenIndex)}), not ${setting}'s: run the method again with ${setting} to get its model.`;
}

/**
 * The name of an export of the report, beside report.json: "report.parity.md", or, with a sweep
 * point other than the run's own result as "after", named after it: "report-epsilon-0.05.parity.md".
 */
export function mitigationExportName(report: MitigationReport, sweepIndex: number | null | undefined, extension: string): string {
  const point = otherSweepPoint(report, afterChoice(report, sweepIndex));
  const suffix = point ? `-${point.parameter}-${roundSetting(point.value)}`.replace(/[^\w.-]+/g, '_') : '';
  return `report${suffix}.parity.${extension}`;
}

/** What the panel shows as "after": the run's result, or one point of its sweep. */
export interface AfterChoice {
  summary: OutcomeSummary;
  /** The sweep point shown (chosen in the panel or clicked in a comparison), if any. */
  sweepIndex: number | null;
  /** The sweep point the run's own result equals, if any. */
  chosenIndex: number | null;
  /** One sentence: which setting "after" is. */
  description: string;
}

export function afterChoice(report: MitigationReport, sweepIndex?: number | null): AfterChoice {
  const chosenIndex = runsSweepPoint(report);
  const point = sweepIndex === undefined || sweepIndex === null ? undefined : report.tradeoff[sweepIndex];
  const where = (index: number) => `point ${index + 1} of ${report.tradeoff.length} of the sweep`;
  const own = ownSetting(report, chosenIndex);
  if (point && sweepIndex !== chosenIndex) {
    return {
      // reports written before sweep points carried their groups have aggregates only
      summary: hasGroups(point) ? point : { ...point, groups: [] },
      sweepIndex: sweepIndex!,
      chosenIndex,
      description: `“After” shows ${settingText(point.parameter, point.value)} (${where(sweepIndex!)}), not the run's own result (${own}).`,
    };
  }
  return {
    summary: report.after,
    sweepIndex: point ? sweepIndex! : null,
    chosenIndex,
    description: `“After” is the run's own result: ${own}${chosenIndex !== null ? ` (${where(chosenIndex)})` : ''}.`,
  };
}

/**
 * The sweep point whose figures are the run's own `after`, when the run's setting is one of them.
 * Several settings can give the same figures (grid search picks one model for every ε it meets):
 * the point at the run's own setting wins among them.
 */
export function runsSweepPoint(report: MitigationReport): number | null {
  const figures = (s: OutcomeSummary) => JSON.stringify([s.accuracy ?? null, s.mse ?? null, s.aggregates, s.groups.map((g) => [g.group, g.count, g.metrics])]);
  const after = figures(report.after);
  const matching = report.tradeoff.flatMap((p, index) => (p.groups !== undefined && figures(p) === after ? [index] : []));
  const key = sweptKey(report);
  const own = key === null ? undefined : matching.find((index) => report.tradeoff[index]!.value === report.parameters[key]);
  return own ?? matching[0] ?? null;
}

/** The key in the run's parameters of the setting its sweep varies ("grid-points" → "gridPoints"), when it has a number there. */
function sweptKey(report: MitigationReport): string | null {
  const parameter = report.tradeoff[0]?.parameter;
  if (!parameter) return null;
  const key = parameter.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return typeof report.parameters[key] === 'number' ? key : null;
}

/** The swept parameter's value in the run's settings ("band = 0.0432"), else what the sweep point says. */
function ownSetting(report: MitigationReport, chosenIndex: number | null): string {
  const parameter = report.tradeoff[0]?.parameter;
  const key = sweptKey(report);
  if (parameter && key) return settingText(parameter, report.parameters[key] as number);
  if (parameter && chosenIndex !== null) return settingText(parameter, report.tradeoff[chosenIndex]!.value);
  return 'the settings listed under Settings';
}

/** Sweep points as chooser options: "band = 0.005 (accuracy 0.673)". */
export function sweepOptions(report: MitigationReport): { index: number; label: string }[] {
  const quality = report.task === 'classification' ? 'accuracy' : 'mse';
  return report.tradeoff.map((p, index) => ({
    index,
    label: `${settingText(p.parameter, p.value)} · ${metricName(quality).label.toLowerCase()} ${formatNumber(p[quality] ?? null)}`,
  }));
}

/** Whether a sweep point has per-group figures (reports written before they were added do not). */
export function hasGroups(point: TradeoffPoint | undefined): boolean {
  return Array.isArray(point?.groups) && point.groups.length > 0;
}

const SELECTION_RATE = 'selection_rate';
const R2 = 'r2';
const NOT_FAIRNESS = 'not a fairness measure';
/** The engine's worst-group MSE aggregate (worstGroupAggregate), in regression summaries since it was added. */
const WORST_GROUP_MSE = 'worst_group_mean_squared_error';

/**
 * The share of all rows predicted positive: the summary's own, else (reports before it) the
 * groups' rates weighted by their rows, which is the same figure (every row is in one group).
 */
export function overallSelectionRate(summary: OutcomeSummary): number | null {
  if (summary.selectionRate !== undefined) return summary.selectionRate;
  const rated = summary.groups.filter((g) => typeof g.metrics['selection_rate'] === 'number' && g.count > 0);
  const rows = rated.reduce((sum, g) => sum + g.count, 0);
  if (rated.length === 0 || rated.length !== summary.groups.filter((g) => g.count > 0).length) return null;
  return rated.reduce((sum, g) => sum + g.count * g.metrics['selection_rate']!, 0) / rows;
}

/**
 * A warning when "after" predicts positive for under half, or over 1.5 times, the share of rows
 * "before" did, or leaves unselected under half the share "before" left, while the gap the run is
 * judged on (judgedMetric) got fairer: a gap closes trivially when almost nobody or almost
 * everybody is selected (0.958 → 0.999 selects nearly all, though not 1.5 times as many). Null
 * inside those bands, when the gap did not get fairer (the shift then explains no gain), for
 * regression, or without the rates.
 */
export function selectionRateWarning(report: MitigationReport, after: OutcomeSummary): string | null {
  if (report.task !== 'classification') return null;
  const [before, now] = [overallSelectionRate(report.before), overallSelectionRate(after)];
  if (before === null || now === null || before <= 0) return null;
  const metric = judgedMetric(report, after);
  const gaps = metric ? ([report.before, after].map((s) => judgedGap(s, metric)) as [number | null, number | null]) : null;
  const fairer = gaps && metric ? judge(metricName(metric).fairer, ...gaps) === 'fairer' : true;
  if (!fairer) return null;
  const gapText =
    gaps && metric && gaps[0] !== null
      ? `, and the ${metricName(metric).label.toLowerCase()} moved from ${formatNumber(gaps[0])} to ${formatNumber(gaps[1])}`
      : '';
  const figures = `“After” predicts positive for ${percentOfRows(now)} of rows, against ${percentOfRows(before)} before${gapText}`;
  if (now < before / 2) return `${figures}: a gap can close because almost nobody is selected.`;
  if (now > before * 1.5) return `${figures}: a gap can close because far more rows are selected, not because the decisions are fairer.`;
  if (1 - now < (1 - before) / 2) return `${figures}: a gap can close because almost everybody is selected, not because the decisions are fairer.`;
  return null;
}

/** The aggregate a method's setting bounds, when it is not a gap it names: bounded group loss caps every group's MSE. */
const BOUNDED_BY_METHOD: Record<string, string> = { 'bounded-group-loss': WORST_GROUP_MSE };

/**
 * The fairness gap a run is judged on, among those the summary has: the comparison's measure, the
 * one the run's bound is on, the one its method bounds (bounded group loss: the worst group's MSE),
 * the one its constraint names (reports before bounds), else demographic parity's.
 */
function judgedMetric(report: MitigationReport, summary: OutcomeSummary): string | undefined {
  const constrained = [report.parameters['constraint'], report.parameters['fairness']].find((c) => typeof c === 'string') as string | undefined;
  return [
    report.comparedIn?.fairnessMetric,
    report.onFittingRows?.bound?.metric,
    BOUNDED_BY_METHOD[report.method],
    constrained && `${constrained.replace(/-/g, '_')}_difference`,
    'demographic_parity_difference',
  ].find((name): name is string => typeof name === 'string' && name in summary.aggregates);
}

/**
 * A gap as the before/after table's first row has it: over the adequately sized groups when some
 * are set aside (`over` names them: "4 groups with ≥ 30 rows"), else over all groups (`over` null).
 */
function judgedFigure(summary: OutcomeSummary, metric: string): { value: number | null; interval: Interval | null | undefined; over: string | null } {
  const large = largeGroupsLabel(summary);
  const largeValue = summary.largeGroups?.aggregates[metric];
  return large && typeof largeValue === 'number'
    ? { value: largeValue, interval: summary.largeGroups?.intervals?.[metric], over: large }
    : { value: summary.aggregates[metric] ?? null, interval: summary.aggregateIntervals?.[metric], over: null };
}

function judgedGap(summary: OutcomeSummary, metric: string): number | null {
  return judgedFigure(summary, metric).value;
}

/** judgedGap in words, with the figure over all groups beside it when they differ: "0.154 over the 4 groups with ≥ 30 rows (0.667 over all 6 groups)". */
function judgedGapText(summary: OutcomeSummary, metric: string): string {
  const all = formatNumber(summary.aggregates[metric] ?? null);
  const judged = judgedFigure(summary, metric);
  return judged.over ? `${formatNumber(judged.value)} over the ${judged.over} (${all} over ${allGroupsLabel(summary.groups)})` : all;
}

/** 0.0312 → "3.1%". */
function percentOfRows(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

const SHOWN_AGGREGATES =
  /^(demographic_parity|equal_opportunity|equalized_odds|predictive_parity)_(difference|ratio)$|^(ks|wasserstein)_distance$|^mean_(prediction|error)_difference$|^worst_group_mean_squared_error$/;

const SCORE_DISTANCE = /^(ks|wasserstein)_distance$/;

/**
 * Whether "after" is a decision without scores of its own, so the score distances are not
 * compared: the report says so (decisionOnly), or, in reports before it, the decision is
 * randomized (its "scores" were its chances of a positive decision, or the input's own).
 */
export function scoreDistancesLeftOut(report: MitigationReport): boolean {
  return report.decisionOnly === true || report.draw !== undefined || report.expected !== undefined;
}

/** Why the before/after table has no KS or Wasserstein distance, when it leaves them out (a leading space); empty otherwise. */
export function scoreDistancesNote(report: MitigationReport): string {
  if (!scoreDistancesLeftOut(report)) return '';
  const why =
    report.kind === 'post-processing'
      ? `${report.method} decides from the input's scores and leaves them unchanged, so “after” has no scores of its own`
      : `“after” is a randomized decision whose chance of a positive decision is not a score`;
  return ` No KS or Wasserstein distance: ${why}, and a distance between its groups would compare decisions with the base model's scores (the gaps in selection and error rates compare the decisions).`;
}

/** One row of the before/after table: quality, the selection rate over all rows, an aggregate over all groups, or one over the large groups only. */
interface Measure {
  name: string;
  /** Over the large groups only: which they are ("4 groups with ≥ 30 rows"). */
  large?: string;
  /** Over every group, when the row above is over the large groups only: "all 6 groups". */
  all?: string;
}

/**
 * Quality and the fairness aggregates, before and after, with which way is fairer and whether
 * "after" moved that way; when some groups are small, each aggregate is followed by the same
 * aggregate over the groups of at least minGroupSize rows (labelled as the audit's column is).
 */
export function beforeAfterTable(report: MitigationReport, after: OutcomeSummary): TableModel {
  const quality = report.task === 'classification' ? 'accuracy' : 'mse';
  // the audit's heading of its large-group column, as a badge on those rows (labels are truncated, badges not)
  const large = largeGroupsLabel(report.before);
  // a regression's R² beside its MSE (reports before it have none)
  const r2 = report.task === 'regression' && report.before.r2 !== undefined;
  // the worst group's error first when the method bounds it (bounded group loss is judged on it), else where the engine lists it
  const first = (name: string) => (name === WORST_GROUP_MSE && BOUNDED_BY_METHOD[report.method] === name ? 0 : 1);
  const measures: Measure[] = [
    { name: quality },
    ...(r2 ? [{ name: R2 }] : []),
    ...(report.task === 'classification' ? [{ name: SELECTION_RATE }] : []),
    ...Object.keys(report.after.aggregates)
      .filter((name) => SHOWN_AGGREGATES.test(name) && !(SCORE_DISTANCE.test(name) && scoreDistancesLeftOut(report)))
      .sort((a, b) => first(a) - first(b))
      // the figure over the adequately sized groups first, as the audit's Aggregates tab has it
      .flatMap((name) =>
        large
          ? [
              { name, large },
              { name, all: allGroupsLabel(report.before.groups) },
            ]
          : [{ name }],
      ),
  ];
  // quality (R² too) and the selection rate are over every row: their intervals are the summary's own
  const isQuality = (name: string) => name === quality || name === R2;
  const overAllRows = (name: string) => isQuality(name) || name === SELECTION_RATE;
  const value = (s: OutcomeSummary, { name, large }: Measure) =>
    isQuality(name)
      ? (s[name as typeof quality | typeof R2] ?? null)
      : name === SELECTION_RATE
        ? overallSelectionRate(s)
        : large
          ? (s.largeGroups?.aggregates[name] ?? null)
          : (s.aggregates[name] ?? null);
  const interval = (s: OutcomeSummary, { name, large }: Measure) =>
    (overAllRows(name) ? s.intervals?.[name] : large ? s.largeGroups?.intervals?.[name] : s.aggregateIntervals?.[name]) ?? null;
  const [before, afterSummary] = [report.before, after];
  const { change, draw, expected } = figuresBeside(report, after);
  const changeValue = ({ name, large }: Measure) =>
    (isQuality(name) ? change?.[name as typeof quality | typeof R2] : large ? change?.largeGroups.aggregates[name] : change?.aggregates[name]) ?? null;
  const changeInterval = ({ name, large }: Measure) =>
    (isQuality(name) ? change?.intervals?.[name] : large ? change?.largeGroups.intervals?.[name] : change?.aggregateIntervals?.[name]) ?? null;
  // without paired intervals (no bootstrap, a sweep point of an older report) the column reads the point estimates' direction, said once in its heading and the note
  const paired = !!change?.bootstrap;
  return {
    id: 'before-after',
    label: 'before and after',
    columns: [
      { key: 'measure', label: 'Measure', kind: 'label', sticky: 'start' },
      { key: 'fairer', label: 'Fairer when', kind: 'text', title: 'which direction is fairer (or better, for quality)' },
      { key: 'before', label: 'Before', kind: 'number', ...(report.baseline ? { title: `before: ${report.baseline}` } : {}) },
      {
        key: 'after',
        label: 'After',
        kind: 'number',
        ...(draw
          ? { title: 'the randomized decision in expectation' }
          : expected
            ? { title: 'the seeded draw of the randomized decision (predictions.csv)' }
            : {}),
      },
      ...(expected
        ? [{ key: 'expected', label: 'Expected', kind: 'number' as const, title: 'after in expectation: each row counted as positive with its probability' }]
        : []),
      {
        key: 'change',
        label: 'Change',
        kind: 'number',
        title: change?.bootstrap ? 'after − before, with its paired interval (the same resamples for before and after)' : 'after − before',
      },
      paired
        ? {
            key: 'verdict',
            label: 'Verdict',
            kind: 'text',
            title: 'whether "after" moved in the fairer (or better) direction: only when the paired interval of the change leaves out 0',
          }
        : {
            key: 'verdict',
            label: 'Direction',
            kind: 'text',
            title: 'which way the point estimates moved: there is no interval of the change to say whether the move is clear of noise',
          },
    ],
    rows: measures.map((measure) => {
      // R² over all rows is quality, as MSE: higher is better (the audit's per-group R² has no direction)
      const info: MetricName = measure.name === R2 ? { ...metricName(R2), fairer: 'higher is better' } : metricName(measure.name);
      const [beforeValue, afterValue] = [value(before, measure), value(afterSummary, measure)];
      // not a fairness measure: its change has no paired interval (the report's change holds none) and no verdict
      if (measure.name === SELECTION_RATE)
        return {
          cells: [
            { text: `${info.label} (all rows)`, title: `${info.description}, over all rows; its change has no paired interval (${measure.name})` },
            { text: NOT_FAIRNESS },
            flaggedFigureCell(beforeValue, interval(before, measure)),
            flaggedFigureCell(afterValue, interval(afterSummary, measure)),
            ...(expected ? [figureCell(value(expected, measure), null)] : []),
            changeCell(beforeValue === null || afterValue === null ? null : afterValue - beforeValue, null),
            { text: '—' },
          ],
        };
      const setBy = (s: OutcomeSummary, value: number | null) => groupsSettingCell(s, measure, value, large);
      const direction = judge(info.fairer, beforeValue, afterValue);
      const verdict = paired ? clearVerdict(direction, { value: changeValue(measure), interval: changeInterval(measure) }) : direction;
      // a direction over all groups that a set-aside group's figure sets, before or after, rests on too few rows
      const smallSetters = measure.all
        ? [...new Set([[before, beforeValue] as const, [afterSummary, afterValue] as const].flatMap(([s, v]) => smallSettersOf(s, measure, v)))]
        : [];
      const verdictCell: CellModel =
        smallSetters.length > 0 && VERDICT_CLASS[verdict] !== undefined
          ? {
              text: verdict,
              detail: `rests on ${smallSetters.join(', ')}`,
              title: `set by ${smallSetters.join(', ')}, too few rows to judge: the row “${large}” above is the one to read`,
            }
          : { text: verdict, ...(paired ? { class: VERDICT_CLASS[verdict] } : {}) };
      return {
        // the aggregate and which groups it is over: differenceRatioNote pairs a difference with its ratio by it
        key: `${measure.name}${measure.large ? ' large' : measure.all ? ' all' : ''}`,
        cells: [
          measure.large
            ? { text: info.label, badge: measure.large, title: `${info.description}, over the ${measure.large} only (${measure.name})` }
            : measure.all
              ? { text: info.label, badge: measure.all, title: `${info.description}, over ${measure.all}, the set-aside ones too (${measure.name})` }
              : { text: info.label, title: `${info.description} (${measure.name})` },
          { text: info.fairer ?? '' },
          withDetail(flaggedFigureCell(beforeValue, interval(before, measure)), setBy(before, beforeValue)),
          withDetail(flaggedFigureCell(afterValue, interval(afterSummary, measure)), setBy(afterSummary, afterValue)),
          ...(expected ? [figureCell(value(expected, measure), null)] : []),
          change
            ? changeCell(changeValue(measure), changeInterval(measure))
            : changeCell(beforeValue === null || afterValue === null ? null : afterValue - beforeValue, null),
          verdictCell,
        ],
      };
    }),
  };
}

/**
 * Under an aggregate's figure, the groups that set it (aggregate-extremes.ts): the two of a gap, or
 * the worst one of a worst-group error, from the summary's per-group figures: over every group with
 * rows, or for a large-groups row over the groups of at least minGroupSize rows, as the engine
 * computed it. A small group among them is said so, with a pointer to the row over the adequately
 * sized groups when the table has one.
 */
function groupsSettingCell(
  summary: OutcomeSummary,
  measure: Measure,
  value: number | null,
  largeRow: string | null,
): Pick<CellModel, 'detail' | 'title'> | null {
  const rule = sizeRule(summary);
  const setters = settersOf(summary, measure, value);
  if (!setters) return null;
  const small = setAsideAmong(setters.groups, rule);
  // the cell says only which are too small (a short line); its hover says why
  const pointer = largeRow ? `: see the row “${largeRow}” above` : '';
  const smallText =
    small.length === 0
      ? ''
      : ` · ${small.map((g) => `${g.name}: ${tooFewRows(g, rule) ? `under ${rule.minGroupSize} rows` : `under ${rule.minLabelCount} of a label`}`).join(', ')}`;
  const why = small.length === 0 ? '' : `${setAsideSentence(small, rule, (g) => g.name)}, too few to judge${pointer}`;
  const title = [why, setters.ties].filter(Boolean).join('; ');
  return { detail: `${setters.text}${smallText}`, ...(title ? { title } : {}) };
}

/**
 * The groups that set an aggregate's figure (lowest first for a gap; the worst for a worst-group
 * error), in words and with their ties on hover: over every group with rows, or for a large-groups
 * row over the adequately sized ones.
 */
function settersOf(summary: OutcomeSummary, measure: Measure, value: number | null): { groups: ExtremeCandidate[]; text: string; ties: string } | null {
  const rule = sizeRule(summary);
  const groups = summary.groups.filter((g) => g.count > 0 && (!measure.large || !isSetAside(g, rule))).map(candidate);
  const worst = worstGroup(groups, measure.name, value);
  if (worst)
    return {
      groups: [worst.group],
      text: worstGroupText(worst),
      ties: worst.ties > 0 ? `the worst value is shared with ${worst.ties} other group${worst.ties > 1 ? 's' : ''} (the first listed is named)` : '',
    };
  const extremes: AggregateExtremes | undefined = aggregateExtremes(groups, measure.name, value);
  return extremes ? { groups: [extremes.lowest, extremes.highest], text: extremesText(extremes), ties: tiesText(extremes) } : null;
}

/** The set-aside groups among those that set an aggregate's figure, by name ("Asian (8 rows)"). */
function smallSettersOf(summary: OutcomeSummary, measure: Measure, value: number | null): string[] {
  const setters = settersOf(summary, measure, value);
  return setters ? setAsideAmong(setters.groups, sizeRule(summary)).map((g) => `${g.name} (${formatCount(g.count)} rows)`) : [];
}

/** The set-aside groups among those that set a figure, each once. */
function setAsideAmong(groups: readonly ExtremeCandidate[], rule: SizeRule): ExtremeCandidate[] {
  return groups.filter((g, i, all) => isSetAside(g, rule) && all.indexOf(g) === i);
}

/** A figure cell with the groups that set it under it (their hover joined to the cell's). */
function withDetail(cell: CellModel, detail: Pick<CellModel, 'detail' | 'title'> | null): CellModel {
  if (!detail) return cell;
  const title = [cell.title, detail.title].filter(Boolean).join('; ');
  return { ...cell, ...(detail.detail ? { detail: detail.detail } : {}), ...(title ? { title } : {}) };
}

/**
 * The paired change and the randomized decision's figures that go with the "after" shown: the
 * report's for the run's own result, the sweep point's own for a point (reports since issue 16
 * item 2 that were bootstrapped; older points have none). `draw`: the seeded draw beside "after" in
 * expectation; `expected`: reports of schema version 1, the expectation beside "after" the draw.
 */
function figuresBeside(
  report: MitigationReport,
  after: OutcomeSummary,
): { change?: OutcomeChange | undefined; draw?: SeededDraw | undefined; expected?: OutcomeSummary | undefined } {
  if (after === report.after) return { change: report.change, draw: report.draw, expected: report.expected };
  const point: Partial<TradeoffPoint> = after;
  return { change: point.change, draw: point.draw, expected: point.expected };
}

/**
 * For a randomized decision shown in expectation: that "after" is the expectation, and the seeded
 * draw's accuracy and the gap the run is judged on (judgedMetric; over the adequately sized groups
 * when some are set aside, with all groups' figure beside it), as predictions.csv holds it for the
 * run's own result. Null otherwise.
 */
export function randomizedLine(report: MitigationReport, after: OutcomeSummary): string | null {
  const { draw } = figuresBeside(report, after);
  if (!draw) return null;
  const metric = judgedMetric(report, draw);
  const figures = [
    `accuracy ${formatNumber(draw.accuracy ?? null)}`,
    ...(metric ? [`${metricName(metric).label.toLowerCase()} ${judgedGapText(draw, metric)}`] : []),
  ].join(', ');
  const expectation = 'in expectation (each row counted as positive with its probability)';
  return after === report.after
    ? `“After” is the randomized decision ${expectation}: the figures to quote. predictions.csv holds one seeded draw of it (seed ${draw.seed}), whose figures vary with the seed: its ${figures}.`
    : `“After” is this setting's randomized decision ${expectation}: the figures to quote. One seeded draw of it (seed ${draw.seed}, as predictions.csv holds for the run's own result) varies with the seed: it has ${figures}.`;
}

/**
 * When a run's setting bounds a gap on the rows it was fitted on (report.onFittingRows.bound) but
 * its own "after", measured on other rows, exceeds it: the verdict first, then both gaps, the
 * groups that set the one measured and whether chance explains the miss, e.g. "Bound missed on the
 * rows measured: the tolerance 0.01 bounds … on the 5,050 rows the rules were fitted on (there
 * 0.010, in-sample); on the 2,164 rows measured, not fitted on, it is 0.129 [0.049, 0.231] over
 * the 4 groups with ≥ 30 rows, set by …, and 0.376 over all 6 groups. The interval leaves out
 * 0.01: …". The figure judged is over the adequately sized groups when some are set aside (as the
 * audit's first aggregate column). Null otherwise: the bound is met, the report predates bounds,
 * or "after" is a sweep point (which has no fitting figures of its own).
 */
export function toleranceLine(report: MitigationReport, after: OutcomeSummary): string | null {
  const fitting = report.onFittingRows;
  const bound = fitting?.bound;
  if (!fitting || !bound || after !== report.after) return null;
  const { metric, limit } = bound;
  const fitted = fitting.aggregates[metric];
  const allGroups = after.aggregates[metric];
  // a bound met exactly (the threshold optimizer's linear program) is met up to rounding
  const within = (value: number) => value <= limit + 1e-9;
  if (typeof fitted !== 'number' || typeof allGroups !== 'number' || within(allGroups)) return null;
  const rule = sizeRule(after);
  const shown = after.groups.filter((g) => g.count > 0);
  const gap = judgedFigure(after, metric);
  const judged = {
    value: gap.value ?? allGroups,
    interval: gap.interval,
    over: gap.over ? ` over the ${gap.over}` : '',
    groups: gap.over ? shown.filter((g) => !isSetAside(g, rule)) : shown,
  };
  const extremes = aggregateExtremes(judged.groups.map(candidate), metric, judged.value);
  const figure = (g: ExtremeCandidate, words: string) => `${g.name} (${groupSize(g, extremes!.metric)}: ${words}${formatFigure(g.metrics[extremes!.metric]!)})`;
  const setBy = extremes
    ? `, set by ${figure(extremes.lowest, `${metricName(extremes.metric).label.toLowerCase()} `)} and ${figure(extremes.highest, '')}`
    : '';
  const allText = judged.over ? `, and ${formatFigure(allGroups)} over ${allGroupsLabel(shown)}` : '';
  const interval = judged.interval ? ` ${formatInterval(judged.interval)}` : '';
  const verdict = within(judged.value)
    ? `Bound met${judged.over} on the rows measured, missed over all groups`
    : within(fitted)
      ? 'Bound missed on the rows measured'
      : 'Bound missed, even on the rows fitted on';
  const limitText = roundSetting(limit);
  // the interval as shown (3 decimals): a lower end shown as 0.020 reaches a bound of 0.02
  const reaches = judged.interval != null && Number(formatFigure(judged.interval[0])) <= limit + 1e-9;
  const sizes = extremes ? [extremes.lowest, extremes.highest].map((g) => formatCount(g.count)) : [];
  const chance = within(judged.value)
    ? " The set-aside groups' rates are too uncertain to judge the bound by."
    : !within(fitted)
      ? ' The fit itself did not meet the bound, so no rows measured can be expected to: no setting of the method reached it here; loosen the bound or let the method search further.'
      : !judged.interval
        ? ' Without intervals (no bootstrap) chance cannot be told apart from a real miss.'
        : reaches
          ? ` The interval reaches down to ${limitText}: a miss of this size can come from chance alone (which rows happened to be measured).`
          : ` The interval leaves out ${limitText}, so the rows measured put the gap above the bound; a gap between the highest and lowest of several groups runs high by chance, the more so the smaller they are (here ${sizes.join(' and ')} rows), so this says how far above, not that the fit fails to carry over.`;
  return (
    `${verdict}: ${bound.reason} on the ${formatCount(fitting.rows)} rows ${bound.fittedOn} (there ${formatFigure(fitted)}, in-sample); ` +
    `on the ${formatCount(after.rows)} rows measured, not fitted on, it is ${formatFigure(judged.value)}${interval}${judged.over}${setBy}${allText}.${chance}`
  );
}

/**
 * "5 groups with ≥ 30 rows" (the audit's column heading) when some groups of the summary are
 * smaller than its minGroupSize; null when none is (the aggregates would repeat) or the report
 * predates the large-group aggregates.
 */
function largeGroupsLabel(summary: OutcomeSummary): string | null {
  const large = summary.largeGroups;
  if (!large || large.groups === summary.groups.filter((g) => g.count > 0).length) return null;
  return adequateGroupsLabel(large.groups, large, anyFewLabels(summary.groups, large));
}

/** The summary's rule for the adequate groups (older reports: the default group size alone). */
export function sizeRule(summary: OutcomeSummary): SizeRule {
  return summary.largeGroups ?? { minGroupSize: DEFAULT_MIN_GROUP_SIZE };
}

/** A summary's group as the extremes read it, with what its size says. */
function candidate(g: OutcomeSummary['groups'][number]): ExtremeCandidate {
  return { name: g.group, count: g.count, metrics: g.metrics, ...(g.labels ? { labels: g.labels } : {}), ...(g.fewLabels ? { fewLabels: true } : {}) };
}

/**
 * When every group has at least minGroupSize rows, why the table has no rows over the adequately
 * sized groups (as the audit's single column "All N groups (each ≥ 30 rows)"), and that a rate
 * over a group's few labelled rows is uncertain all the same; empty otherwise.
 */
function everyGroupLarge(summary: OutcomeSummary): string {
  const large = summary.largeGroups;
  const all = summary.groups.filter((g) => g.count > 0).length;
  if (!large || large.groups !== all) return '';
  return ` ${all === 2 ? 'Both' : `All ${all}`} groups have ≥ ${large.minGroupSize} rows, so every figure is also the one over the groups with ≥ ${large.minGroupSize} rows; a rate over a group's few positive or negative labels (the counts under a figure) is uncertain all the same.`;
}

/** What the before/after figures' intervals are, and which rows leave the small groups out. */
export function beforeAfterNote(report: MitigationReport, after: OutcomeSummary): string {
  const bootstrap = report.before.bootstrap;
  const { change, expected: expectedFigures } = figuresBeside(report, after);
  const paired = !!change?.bootstrap;
  const sweepPoint = after !== report.after;
  const intervals = bootstrap
    ? `Intervals: ${Math.round(bootstrap.level * 100)}% bootstrap percentile intervals (${bootstrap.resamples} Poisson resamples of the ${report.comparedIn?.measuredOn.kind ?? report.evaluatedOn} rows, seed ${bootstrap.seed}), each figure on its own` +
      (paired
        ? '; the change’s interval is paired: before and after are computed on the same resamples of the rows, and the interval is that of their differences.'
        : sweepPoint
          ? '.'
          : ' (the change has none: this report predates paired intervals).')
    : 'No intervals: this report was written without the bootstrap (no resamples, or before Parity reported them).';
  const better = report.task === 'classification' ? 'accuracy' : 'MSE';
  const verdicts = paired
    ? ` Verdict: “fairer” or “less fair” (“better” or “worse” for ${better}) only when the change’s paired interval leaves out 0; “${NO_CLEAR_CHANGE}” when it includes 0.`
    : sweepPoint && bootstrap
      ? ` This setting was not bootstrapped (the report predates bootstrapped sweep points: only the run's own result was): its “after” and its change are point estimates, and Direction says which way they moved, not whether the move is clear of noise. Show “the run's own result” for a verdict from paired intervals.`
      : ` Direction: which way the point estimates moved (“fairer”, “less fair”; “better”, “worse” for ${better}), not whether the move is clear of noise: the change has no interval.`;
  const baseline = report.baseline ? `Before: ${report.baseline}, on the same rows as after. ` : '';
  const expected = expectedFigures
    ? ' The decision is randomized: “After” is the seeded draw written to predictions.csv, “Expected” its average over the random choices (each row counted as positive with its probability; reports written before “after” was the expectation).'
    : '';
  const large = largeGroupsLabel(report.before);
  const labels = report.before.largeGroups && anyFewLabels(report.before.groups, report.before.largeGroups);
  const rows = large
    ? ` Rows marked “${large}” leave out the groups under ${report.before.largeGroups!.minGroupSize} rows${labels ? ` or with fewer than ${report.before.largeGroups!.minLabelCount} rows with a positive or with a negative label` : ''}, whose figures are too uncertain to drive an aggregate.`
    : everyGroupLarge(report.before);
  // a gap's own interval never reaches parity: the verdict reads the change's, which can
  const gaps = bootstrap
    ? ' A gap’s or ratio’s own interval says how large it is, not whether there is one (it stays above 0, or below 1, even with no clear gap).'
    : '';
  return baseline + intervals + verdicts + gaps + expected + rows + scoreDistancesNote(report);
}

const VERDICT_CLASS: Record<string, string | undefined> = { fairer: 'good', better: 'good', 'less fair': 'bad', worse: 'bad' };

/**
 * The verdict the table shows when the change has paired intervals: the direction `judge` reads
 * from the point estimates, but only when the change's paired bootstrap interval (report.change,
 * the same resamples for before and after) leaves out 0 on the side of the change; an interval
 * that includes 0 (or that points the other way) is "no clear change", whatever the point
 * estimates did, "unchanged" ones included: only a change that is 0 in every resample reads
 * "unchanged". A measure without an interval among measures with one is marked "(no interval)".
 */
export function clearVerdict(point: string, change: { value: number | null; interval: Interval | null } | undefined): string {
  if (point === '' || point === EQUALLY_FAIR) return point;
  const interval = change?.interval;
  if (!change || change.value === null || !interval) return `${point} (no interval)`;
  if (point === UNCHANGED) return interval[0] === 0 && interval[1] === 0 ? UNCHANGED : NO_CLEAR_CHANGE;
  const clear = (change.value > 0 && interval[0] > 0) || (change.value < 0 && interval[1] < 0);
  return clear ? point : NO_CLEAR_CHANGE;
}

export const NO_CLEAR_CHANGE = 'no clear change';
/** The point estimates before and after are equal. */
export const UNCHANGED = 'unchanged';
/** The point estimates differ but are as far from parity (a difference −0.1 → +0.1, a ratio 0.8 → 1.25). */
export const EQUALLY_FAIR = 'equally fair';

/** Which way "after" moved, read in the metric's fairer direction. */
export function judge(fairer: Fairer | undefined, before: number | null, after: number | null): string {
  if (before === null || after === null || fairer === undefined) return '';
  const distance = (v: number) =>
    fairer === 'closer to 0 is fairer' ? Math.abs(v) : fairer === 'closer to 1 is fairer' ? Math.abs(Math.log(v)) : fairer === 'higher is better' ? -v : v;
  const [d0, d1] = [distance(before), distance(after)];
  if (Number.isNaN(d0) || Number.isNaN(d1)) return '';
  if (before === after || Math.abs(before - after) < 1e-12) return UNCHANGED;
  // a ratio of 0 is infinitely far from 1 (|ln 0|): worse than any positive ratio, as far as another 0
  if (d0 === d1 || Math.abs(d0 - d1) < 1e-12) return EQUALLY_FAIR;
  const improved = d1 < d0;
  return fairer === 'higher is better' || fairer === 'lower is better' ? (improved ? 'better' : 'worse') : improved ? 'fairer' : 'less fair';
}

const GROUP_METRICS = {
  classification: ['selection_rate', 'true_positive_rate', 'false_positive_rate', 'positive_predictive_value', 'accuracy'],
  regression: ['mean_prediction', 'mean_error', 'mean_absolute_error', 'root_mean_squared_error'],
};

/** Per group, each key metric "before → after" (with intervals when the report has them); groups under 30 rows greyed. */
export function perGroupTable(report: MitigationReport, after: OutcomeSummary): TableModel {
  const metrics = GROUP_METRICS[report.task].filter((m) => report.before.groups.some((g) => g.metrics[m] !== undefined));
  const afterGroups = new Map(after.groups.map((g) => [g.group, g]));
  const rule = sizeRule(report.before);
  const figure = (value: number | null | undefined, interval: Interval | null | undefined) =>
    value === null || value === undefined ? '—' : `${formatFigure(value)}${interval ? ` ${formatInterval(interval)}` : ''}`;
  return {
    id: 'per-group',
    label: 'per-group figures before and after',
    columns: [
      { key: 'group', label: report.columns.sensitive.join(' × ') || 'group', kind: 'label', sticky: 'start' },
      { key: 'count', label: 'Rows', kind: 'number' },
      ...metrics.map((m): ColumnModel => {
        const info = metricName(m);
        return { key: m, label: info.label, hint: 'before → after', kind: 'number', title: `${info.description} (${m}); sorted by the value after` };
      }),
    ],
    rows: report.before.groups.map((group) => {
      const other = afterGroups.get(group.group);
      const isSmall = isSetAside(group, rule);
      const badge = group.count < rule.minGroupSize ? 'small' : 'few labels';
      return {
        ...(isSmall ? { class: 'small' } : {}),
        cells: [
          { text: group.group, ...(isSmall ? { badge, title: `${group.group} — ${setAsideReason(group, rule)}: too few to judge` } : {}) },
          { text: formatCount(group.count), sort: group.count },
          ...metrics.map((m): CellModel => {
            const [b, a] = [group.metrics[m], other?.metrics[m]];
            const exact = [group.exactIntervals?.includes(m) ? 'before' : '', other?.exactIntervals?.includes(m) ? 'after' : ''].filter(Boolean);
            return {
              text: `${figure(b, group.intervals?.[m])} → ${figure(a, other?.intervals?.[m])}`,
              sort: a ?? null,
              ...(exact.length > 0 ? { title: `${exact.join(' and ')}: ${EXACT_INTERVAL_NOTE}` } : {}),
            };
          }),
        ],
      };
    }),
  };
}

/** The group size under which summaries without `largeGroups` (older reports) call a group too small: summarizeOutcomes' default. */
const DEFAULT_MIN_GROUP_SIZE = 30;

/** A change, signed ("+0.012", "−0.081"), with its interval when there is one. */
function changeCell(value: number | null, interval: Interval | null): CellModel {
  if (value === null) return { text: '—', sort: null };
  const star = excludesEstimate(value, interval);
  return {
    ...figureCell(value, interval),
    // its interval on one line at every width (styles.ts): "[−0.123, +0.456]" broken after the comma reads as two figures
    class: 'change',
    text: signed(value, true),
    ...(interval ? { interval: `[${signed(interval[0])}, ${signed(interval[1])}]${star ? ` ${EXCLUDED_MARK}` : ''}` } : {}),
    ...(star ? { title: EXCLUDED_NOTE } : {}),
  };
}

/** A signed figure; `firstDigit`: one too small for three decimals keeps its first digit (the change itself, not its interval's bounds). */
function signed(value: number, firstDigit = false): string {
  const size = Math.abs(value);
  // "−0.000 worse" read as no change judged worse (cold try 18); bounds stay at three decimals as every other figure
  const text = firstDigit && size > 0 && size < 0.0005 ? size.toFixed(Math.min(12, -Math.floor(Math.log10(size)))) : formatFigure(size);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}
