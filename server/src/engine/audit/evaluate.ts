import {
  aif360Aggregates,
  aif360Figures,
  betweenGroupAggregates,
  namedClassificationAggregates,
  namedSelectionAggregates,
  referenceComparisons,
  SkippedGroups,
} from '../metrics/aggregates';
import { percentileInterval } from '../metrics/bootstrap';
import { CLASSIFICATION_RATE_METRICS, classificationMetrics, FN, FP, TN, TP } from '../metrics/classification';
import { DATASET_METRICS, DECISION_METRICS, datasetMetrics } from '../metrics/dataset';
import { LABEL_MEAN_METRICS, labelMeanMetrics, SUM_WY } from '../metrics/label-mean';
import { betweenGroupEntropy, generalizedEntropy } from '../metrics/inequality';
import { MetricSet } from '../metrics/metric-set';
import { multiclassAggregates, multiclassMetrics, multiclassRateMetrics } from '../metrics/multiclass';
import { REGRESSION_WIDTH, addRegressionRow, regressionMetrics, worstGroupAggregate } from '../metrics/regression';
import { coarsenSegments, ValueSegments } from '../metrics/sample';
import { SCORE_METRICS } from '../metrics/scores';
import { Partition, SweepResult, groupQuantiles, sweepSegments } from '../metrics/sweep';
import { drawOutcomes, SegmentDraws } from './replicates';
import { AuditStatistics, OUTCOME_FIELDS } from './statistics';
import { groupTests } from './tests';
import { exactGroupIntervals } from './exact-intervals';
import { rateRows } from './rate-rows';
import { EmptyGroups, emptyIntersections, GroupingLayout, hasFewLabels, layoutGroupings } from './groupings';
import {
  Grouping,
  GroupResult,
  Interval,
  LABEL_CONDITIONED_METRICS,
  MetricIntervals,
  MetricValues,
  REGRESSION_METRICS,
} from '../../../../common/reports/audit';
import type { CellVectors, EvaluationSettings } from './vectors';

export type { CellVectors, EvaluationSettings };

/** Everything computed for one grouping, for the point estimate or one bootstrap replicate. */
interface Evaluation {
  groups: MetricSet[];
  overall: MetricSet;
  aggregates: MetricSet;
  largeAggregates: MetricSet;
  disparities: MetricSet[];
  differences: MetricSet[];
  flagged: string[][];
  skipped: SkippedGroups;
  largeSkipped: SkippedGroups;
}

/** Score metrics and distances of one replicate, and of the point estimate, per partition. */
type SweepResults = SweepResult[];

export function evaluateAudit(statistics: AuditStatistics, settings: EvaluationSettings): Grouping[] {
  const layout = statistics.layout;
  const segments = statistics.segments();
  const point = pointVectors(statistics, segments);
  const layouts = layoutGroupings(statistics, point, settings);
  const everything: Partition = { groups: 1, groupOfCell: new Int32Array(statistics.cells.length) };
  // A grouping's large groups need a sweep of their own only when it has small groups.
  const partitions = [everything, ...layouts.map((l) => l.partition)];
  const largeSweepIndex = layouts.map((l, k) => (l.large.length === l.groups.length ? 1 + k : partitions.push(l.largePartition) - 1));
  const wantScores = layout.task === 'classification' && segments !== undefined;
  const sweepOf = (values: ValueSegments, weights: Float64Array, exact: boolean): SweepResults | undefined =>
    segments && sweepSegments(values, partitions, { scores: wantScores, distances: true, exactDistances: exact }, weights);
  const pointSweep = segments && sweepOf(segments, segments.weights, true);

  const evaluateAll = (vectors: CellVectors, sweep: SweepResults | undefined): Evaluation[] =>
    layouts.map((grouping, k) => evaluateGrouping(statistics, grouping, vectors, sweep, k, largeSweepIndex[k]!, settings.worstGroupError === true));
  const pointEvaluations = evaluateAll(point, pointSweep);

  const replicates = pointEvaluations.map((point) => new ReplicateFigures(point, settings.bootstrap));
  if (settings.bootstrap > 0) {
    const cellHashes = statistics.cells.map((c) => c.hash);
    const classHashes = statistics.classHashes();
    const custom = settings.draws;
    const drawn = custom ? custom.drawn : drawnSegments(statistics, settings.replicateValueBins);
    const coarsePoint = drawn && drawn !== segments ? sweepOf(drawn, drawn.weights, false) : undefined;
    const segmentDraws = !custom && drawn ? new SegmentDraws(drawn) : undefined;
    for (let b = 0; b < settings.bootstrap; b++) {
      const paired = custom?.draw(b);
      const weights = paired ? paired.segmentWeights : segmentDraws?.draw(settings.seed, b);
      const vectors =
        layout.task === 'regression'
          ? regressionVectors(statistics, drawn!, weights!)
          : (paired?.vectors ?? drawOutcomes(statistics, point, settings.seed, b, cellHashes, classHashes));
      let sweep = drawn && sweepOf(drawn, weights!, false);
      if (sweep && coarsePoint) sweep = shiftSweep(sweep, coarsePoint, pointSweep!);
      evaluateAll(vectors, sweep).forEach((evaluation, k) => {
        replicates[k]!.add(evaluation);
        settings.onReplicate?.(k, evaluation);
      });
    }
  }
  return layouts.map((grouping, k) =>
    report(statistics, settings, grouping, pointEvaluations[k]!, replicates[k]!, point, segments, emptyIntersections(grouping, settings.maxGroups)),
  );
}

/**
 * The value segments a replicate draws: for classification scores, many distinct values are drawn
 * per pooled quantile bin, and the replicate figures shifted by (exact - binned) point estimates
 * (docs/design.md). `binOfRun` receives the bin of each exact run.
 */
export function drawnSegments(statistics: AuditStatistics, maxBins: number, binOfRun?: Uint32Array): ValueSegments | undefined {
  const segments = statistics.segments();
  if (!segments || statistics.layout.task !== 'classification') {
    binOfRun?.forEach((_, r) => (binOfRun[r] = r));
    return segments;
  }
  return coarsenSegments(
    segments,
    maxBins,
    statistics.cells.map((c) => c.hash),
    statistics.classHashes(),
    binOfRun,
  );
}

/** The point estimate's cell vectors: outcome weights per slot, or regression sums. */
function pointVectors(statistics: AuditStatistics, segments: ValueSegments | undefined): CellVectors {
  if (statistics.layout.task === 'regression') return regressionVectors(statistics, segments!, segments!.weights);
  const slots = statistics.labelSlots * statistics.predictionSlots;
  const width = vectorWidth(statistics);
  const cells = statistics.cells;
  const values = new Float64Array(cells.length * width);
  const squares = new Float64Array(cells.length * width);
  const rows = new Float64Array(cells.length);
  cells.forEach((cell, c) => {
    for (let s = 0; s < slots; s++) {
      rows[c]! += cell.outcomes[s * OUTCOME_FIELDS]!;
      values[c * width + s] = cell.outcomes[s * OUTCOME_FIELDS + 1]!;
      squares[c * width + s] = cell.outcomes[s * OUTCOME_FIELDS + 2]!;
    }
    if (width > slots) values[c * width + slots] = cell.moments[SUM_WY]!;
  });
  return { width, values, squares, rows };
}

/** A counting vector: the outcome slots' weights, then Σwy of a numeric label (dataset audits). */
function vectorWidth(statistics: AuditStatistics): number {
  return statistics.labelSlots * statistics.predictionSlots + (statistics.layout.labelMoments ? 1 : 0);
}

/** Regression sums per cell from the (prediction, target) segments under the given weights. */
function regressionVectors(statistics: AuditStatistics, segments: ValueSegments, weights: Float64Array): CellVectors {
  const cells = statistics.cells.length;
  const values = new Float64Array(cells * REGRESSION_WIDTH);
  const rows = new Float64Array(cells);
  const targets = segments.targets!;
  for (let r = 0; r < segments.runValues.length; r++) {
    const prediction = segments.runValues[r]!;
    for (let s = segments.runStart[r]!; s < segments.runStart[r + 1]!; s++) {
      const cell = segments.cells[s]!;
      if (weights[s] === 0) continue;
      addRegressionRow(values, cell * REGRESSION_WIDTH, targets[s]!, prediction, weights[s]!);
      rows[cell]! += weights === segments.weights ? segments.counts[s]! : weights[s]!;
    }
  }
  return { width: REGRESSION_WIDTH, values, squares: undefined, rows };
}

/**
 * Replicate figures from binned values, moved by the exact minus the binned point estimate, then
 * kept in the metric's range: the move can carry a figure at its bound past it (a KS distance of
 * 1 in the binned replicate, plus a positive move, gave 1.0007), which no resample can reach.
 * AUC, Brier score, calibration error and KS lie in [0, 1], the Wasserstein distance in [0, ∞).
 */
function shiftSweep(replicate: SweepResults, coarsePoint: SweepResults, exactPoint: SweepResults): SweepResults {
  const shift = (value: number, coarse: number, exact: number, upper = 1) => Math.min(Math.max(value + (exact - coarse), 0), upper);
  return replicate.map((result, p) => {
    const coarse = coarsePoint[p]!;
    const exact = exactPoint[p]!;
    const scores = result.scores?.map((set, g) => {
      const out = new MetricSet();
      for (const name of Object.keys(set.values))
        out.set(name, shift(set.get(name), coarse.scores![g]!.get(name), exact.scores![g]!.get(name)), set.reasons[name]);
      return out;
    });
    return {
      scores,
      ks: shift(result.ks, coarse.ks, exact.ks),
      wasserstein: shift(result.wasserstein, coarse.wasserstein, exact.wasserstein, Number.POSITIVE_INFINITY),
    };
  });
}

/** The summed vector and rows of a list of cells. */
function mergeCells(vectors: CellVectors, members: readonly number[], target = new Float64Array(vectors.width)): { vector: Float64Array; rows: number } {
  let rows = 0;
  for (const c of members) {
    rows += vectors.rows[c]!;
    for (let i = 0; i < vectors.width; i++) target[i]! += vectors.values[c * vectors.width + i]!;
  }
  return { vector: target, rows };
}

/** Binary confusion counts [TP, FP, TN, FN] from a vector of (label, prediction) slots. */
function confusion(vector: Float64Array): Float64Array {
  const out = new Float64Array(4);
  out[TP] = vector[3]!;
  out[FP] = vector[1]!;
  out[TN] = vector[0]!;
  out[FN] = vector[2]!;
  return out;
}

function metricsOf(statistics: AuditStatistics, vector: Float64Array, rows: number, totalWeight: number, scores: MetricSet | undefined): MetricSet {
  const out = new MetricSet();
  const { task, hasLabel, weighted } = statistics.layout;
  let weight = 0;
  switch (task) {
    case 'classification': {
      const counts = confusion(vector);
      classificationMetrics(counts, 0, out);
      weight = out.get('count');
      if (scores) for (const [name, value] of Object.entries(scores.values)) out.set(name, value, scores.reasons[name]);
      else if (statistics.layout.values) for (const name of SCORE_METRICS) out.set(name, Number.NaN, 'no rows in group');
      break;
    }
    case 'multiclass':
      multiclassMetrics(vector, 0, statistics.classes, out);
      weight = out.get('count');
      break;
    case 'regression':
      regressionMetrics(vector, 0, out);
      weight = out.get('count');
      break;
    case 'dataset': {
      const slots = statistics.labelSlots;
      const total = vector.subarray(0, slots).reduce((a, b) => a + b, 0);
      datasetMetrics([total, hasLabel ? vector[1]! : 0], 0, hasLabel, out, statistics.layout.decisions);
      if (statistics.layout.labelMoments) labelMeanMetrics(total, vector[slots]!, out);
      weight = total;
      break;
    }
  }
  out.set('count', rows);
  if (weighted) out.set('weight', weight);
  out.setRatio('representation', weight, totalWeight, 'no rows');
  return out;
}

/** The per-group metrics compared between groups (all but count, weight and representation). */
export function rateMetrics(statistics: AuditStatistics): readonly string[] {
  switch (statistics.layout.task) {
    case 'classification':
      return statistics.layout.values ? [...CLASSIFICATION_RATE_METRICS, ...SCORE_METRICS] : CLASSIFICATION_RATE_METRICS;
    case 'multiclass':
      return multiclassRateMetrics(statistics.classes);
    case 'regression':
      return REGRESSION_METRICS;
    case 'dataset':
      // without a label only sizes are compared: no rate, so no gap or ratio of one
      if (statistics.layout.labelMoments) return LABEL_MEAN_METRICS;
      if (!statistics.layout.hasLabel) return [];
      return statistics.layout.decisions ? DECISION_METRICS : DATASET_METRICS;
  }
}

function evaluateGrouping(
  statistics: AuditStatistics,
  layout: GroupingLayout,
  vectors: CellVectors,
  sweep: SweepResults | undefined,
  index: number,
  largeSweepIndex: number,
  worstGroupError: boolean,
): Evaluation {
  const task = statistics.layout.task;
  const all = mergeCells(
    vectors,
    Array.from(vectors.rows, (_, c) => c),
  );
  const totalWeight = metricsOf(statistics, all.vector, all.rows, 1, undefined).get(statistics.layout.weighted ? 'weight' : 'count');
  const groupVectors = layout.groups.map((g) => mergeCells(vectors, g.cells));
  const groupSweep = sweep?.[1 + index];
  const largeSweep = sweep?.[largeSweepIndex];
  const groups = groupVectors.map((g, i) => metricsOf(statistics, g.vector, g.rows, totalWeight, groupSweep?.scores?.[i]));
  const overall = metricsOf(statistics, all.vector, all.rows, totalWeight, sweep?.[0]?.scores?.[0]);
  const metrics = rateMetrics(statistics);

  const aggregatesOver = (members: readonly number[], distances: SweepResult | undefined, skipped: SkippedGroups): MetricSet => {
    const out = new MetricSet();
    const sets = members.map((i) => groups[i]!);
    const local: SkippedGroups = {};
    betweenGroupAggregates(metrics, sets, overall, out, local);
    for (const [metric, positions] of Object.entries(local)) skipped[metric] = positions.map((p) => members[p]!);
    if (task === 'classification') {
      namedClassificationAggregates(out);
      const overallEntropy = generalizedEntropy(confusion(all.vector), 0);
      out.set('generalized_entropy_index', overallEntropy.ge, 'mean benefit is 0');
      out.set('theil_index', overallEntropy.theil, 'mean benefit is 0');
      const stacked = new Float64Array(members.length * 4);
      members.forEach((m, i) => stacked.set(confusion(groupVectors[m]!.vector), i * 4));
      const between = betweenGroupEntropy(
        stacked,
        members.map((_, i) => i * 4),
      );
      out.set('between_group_generalized_entropy_index', between.ge, 'mean benefit is 0');
      out.set('between_group_theil_index', between.theil, 'mean benefit is 0');
    }
    if (task === 'multiclass') multiclassAggregates(statistics.classes, out);
    if (task === 'regression' && worstGroupError) worstGroupAggregate(sets, out);
    if (statistics.layout.decisions) namedSelectionAggregates(out);
    if (distances) {
      out.set('ks_distance', distances.ks, 'fewer than two groups have values');
      out.set('wasserstein_distance', distances.wasserstein, 'fewer than two groups have values');
    }
    return out;
  };
  const skipped: SkippedGroups = {};
  const aggregates = aggregatesOver(layout.observed, groupSweep, skipped);
  const largeSkipped: SkippedGroups = {};
  const largeAggregates = aggregatesOver(layout.large, largeSweep, largeSkipped);

  const reference = groups[layout.referenceIndex];
  const disparities: MetricSet[] = [];
  const differences: MetricSet[] = [];
  const flagged: string[][] = [];
  groups.forEach((set, i) => {
    const disparity = new MetricSet();
    const difference = new MetricSet();
    const outside = reference ? referenceComparisons(metrics, set, reference, disparity, difference) : [];
    if (task === 'classification') aif360Figures(difference, disparity);
    // With a model output, the flags are about its decisions and errors; the base rate is a
    // property of the data. A group under the minimum size gets no flag; one with few rows of a
    // label value none on the rates conditioned on the label (its selection rate rests on every row).
    const group = layout.groups[i]!;
    const fewLabels = hasFewLabels(group, layout.minLabelCount);
    const judged = group.rows < layout.minGroupSize ? [] : fewLabels ? outside.filter((m) => !LABEL_CONDITIONED_METRICS.includes(m)) : outside;
    flagged.push(task === 'classification' || task === 'multiclass' ? judged.filter((m) => !m.startsWith('base_rate')) : judged);
    disparities.push(disparity);
    differences.push(difference);
  });
  if (task === 'classification') {
    // The point estimate chooses the groups; replicates report the same groups' figures.
    layout.aif360Choice = aif360Aggregates(differences, disparities, layout.referenceIndex, aggregates, layout.aif360Choice);
    layout.largeAif360Choice = aif360Aggregates(
      layout.large.map((i) => differences[i]!),
      layout.large.map((i) => disparities[i]!),
      layout.large.indexOf(layout.referenceIndex),
      largeAggregates,
      layout.largeAif360Choice,
    );
  }
  return { groups, overall, aggregates, largeAggregates, disparities, differences, flagged, skipped, largeSkipped };
}

function report(
  statistics: AuditStatistics,
  settings: EvaluationSettings,
  layout: GroupingLayout,
  point: Evaluation,
  replicates: ReplicateFigures,
  vectors: CellVectors,
  segments: ValueSegments | undefined,
  empty: EmptyGroups,
): Grouping {
  const intervalsOf = (place: SetPlace): MetricIntervals =>
    Object.fromEntries(Object.keys(setAt(point, place).values).map((name) => [name, replicates.interval(place, name, settings.level)]));
  const by = layout.columns.map((c) => statistics.layout.sensitive[c]!);
  const keyObject = (key: readonly string[]): Record<string, string> => Object.fromEntries(by.map((column, i) => [column, key[i]!]));
  const tests = groupTests(statistics, layout, vectors, settings.level);

  const groupResults: GroupResult[] = layout.groups.map((group, index) => {
    const metrics = point.groups[index]!;
    // a rate at 0 or 1 has a point for its bootstrap interval: its exact binomial interval replaces it
    const exact = settings.bootstrap > 0 ? exactGroupIntervals(statistics, group.cells, settings.level) : {};
    const behind = rateRows(statistics, group.cells);
    return {
      key: keyObject(group.key),
      count: group.rows,
      metrics: jsonValues(metrics),
      intervals: { ...intervalsOf({ list: 'groups', index }), ...exact },
      ...(Object.keys(exact).length > 0 ? { exactIntervals: Object.keys(exact) } : {}),
      ...(Object.keys(behind).length > 0 ? { rateRows: behind } : {}),
      notes: { ...metrics.reasons },
      disparities: jsonValues(point.disparities[index]!),
      disparityIntervals: intervalsOf({ list: 'disparities', index }),
      differences: jsonValues(point.differences[index]!),
      differenceIntervals: intervalsOf({ list: 'differences', index }),
      flagged: point.flagged[index]!,
      small: group.rows < settings.minGroupSize,
      ...(group.labels ? { labels: group.labels } : {}),
      ...(group.rows >= settings.minGroupSize && hasFewLabels(group, settings.minLabelCount) ? { fewLabels: true } : {}),
      tests: tests.byGroup[index]!,
      supported: tests.supported[index]!,
    };
  });
  const emptyMetrics = metricsOf(statistics, new Float64Array(vectors.width), 0, 1, undefined);
  for (const key of empty.keys) {
    groupResults.push({
      key: keyObject(key),
      count: 0,
      metrics: jsonValues(emptyMetrics),
      intervals: {},
      notes: { ...emptyMetrics.reasons },
      disparities: {},
      disparityIntervals: {},
      differences: {},
      differenceIntervals: {},
      flagged: [],
      small: true,
      tests: {},
      supported: [],
    });
  }
  const notesOf = (set: MetricSet, skipped: SkippedGroups): Record<string, string> => {
    const notes: Record<string, string> = { ...set.reasons };
    for (const [metric, indices] of Object.entries(skipped)) {
      const note = `groups without a value were left out: ${indices.map((i) => describe(by, layout.groups[i]!.key)).join(', ')}`;
      for (const name of Object.keys(set.values)) if (name.startsWith(`${metric}_`) && !(name in notes)) notes[name] = note;
    }
    return notes;
  };
  const distributionPartition = layout.partition;
  return {
    by,
    groups: groupResults,
    ...(empty.unlisted > 0 ? { emptyIntersectionsNotListed: empty.unlisted } : {}),
    overall: {
      count: point.overall.get('count'),
      metrics: jsonValues(point.overall),
      intervals: intervalsOf('overall'),
      notes: { ...point.overall.reasons },
    },
    reference: keyObject(layout.groups[layout.referenceIndex]?.key ?? []),
    referenceSource: layout.referenceSource,
    aggregates: jsonValues(point.aggregates),
    aggregateIntervals: intervalsOf('aggregates'),
    aggregateNotes: notesOf(point.aggregates, point.skipped),
    largeGroups: {
      minGroupSize: settings.minGroupSize,
      ...(statistics.layout.task === 'classification' ? { minLabelCount: settings.minLabelCount } : {}),
      groups: layout.large.length,
      aggregates: jsonValues(point.largeAggregates),
      intervals: intervalsOf('largeAggregates'),
      notes: notesOf(point.largeAggregates, point.largeSkipped),
    },
    tests: {
      comparedWith: 'reference',
      method: 'two-proportion z-test, Benjamini-Hochberg across the groups',
      level: Math.round((1 - settings.level) * 1e12) / 1e12,
    },
    ...(segments ? { distributions: groupQuantiles(segments, distributionPartition) } : {}),
  };
}

/** Where a metric set with intervals sits in an Evaluation. */
type SetPlace = 'overall' | 'aggregates' | 'largeAggregates' | { list: 'groups' | 'disparities' | 'differences'; index: number };

function setAt(evaluation: Evaluation, place: SetPlace): MetricSet {
  return typeof place === 'string' ? evaluation[place] : evaluation[place.list][place.index]!;
}

function placeKey(place: SetPlace): string {
  return typeof place === 'string' ? place : `${place.list} ${place.index}`;
}

/**
 * The bootstrap's figures of one grouping, kept as numbers: for each metric set of the point
 * estimate, its figures' values in each replicate (a replicate's evaluation, a MetricSet object
 * per group and kind, is dropped once read: 200 of them held 4-5 MB of heap while a summary's
 * intervals were taken). Only the point estimate's figures are kept: they alone get intervals.
 */
class ReplicateFigures {
  private readonly places: SetPlace[];
  /** By placeKey. */
  private readonly figures = new Map<string, { names: string[]; values: Float64Array }>();
  private count = 0;

  constructor(
    point: Evaluation,
    private readonly replicates: number,
  ) {
    const lists = (['groups', 'disparities', 'differences'] as const).flatMap((list) => point[list].map((_, index) => ({ list, index })));
    this.places = ['overall', 'aggregates', 'largeAggregates', ...lists];
    for (const place of this.places) {
      const names = Object.keys(setAt(point, place).values);
      this.figures.set(placeKey(place), { names, values: new Float64Array(replicates > 0 ? names.length * replicates : 0) });
    }
  }

  add(evaluation: Evaluation): void {
    for (const place of this.places) {
      const set = setAt(evaluation, place);
      const { names, values } = this.figures.get(placeKey(place))!;
      names.forEach((name, i) => (values[i * this.replicates + this.count] = set.get(name)));
    }
    this.count++;
  }

  /** The percentile interval of a figure of the point estimate's set at `place`; null without replicates. */
  interval(place: SetPlace, name: string, level: number): Interval | null {
    if (this.count === 0) return null;
    const { names, values } = this.figures.get(placeKey(place))!;
    const i = names.indexOf(name);
    return percentileInterval(values.subarray(i * this.replicates, i * this.replicates + this.count), level);
  }
}

function describe(by: readonly string[], key: readonly string[]): string {
  return by.map((column, i) => `${column}=${key[i]}`).join(' & ');
}

export function jsonValues(set: MetricSet): MetricValues {
  return Object.fromEntries(Object.entries(set.values).map(([name, value]) => [name, Number.isNaN(value) ? null : value]));
}
