import {
  betweenGroupAggregates,
  namedClassificationAggregates,
  referenceDisparities,
  SkippedGroups,
} from '../metrics/aggregates';
import { percentileInterval, replicateWeight } from '../metrics/bootstrap';
import { CLASSIFICATION_RATE_METRICS, classificationMetrics } from '../metrics/classification';
import { DATASET_METRICS, datasetMetrics } from '../metrics/dataset';
import { distributionDistances } from '../metrics/distribution';
import { betweenGroupEntropy, generalizedEntropy } from '../metrics/inequality';
import { MetricSet } from '../metrics/metric-set';
import { REGRESSION_METRICS, regressionMetrics } from '../metrics/regression';
import { RowSample, Weights } from '../metrics/sample';
import { SCORE_METRICS, scoreMetrics } from '../metrics/scores';
import { AuditAccumulator, Cell } from './accumulator';
import { Grouping, GroupResult, Interval, MetricIntervals, MetricValues } from './report';

export interface EvaluationSettings {
  sensitive: readonly string[];
  /** False for a dataset audit without a label column. */
  hasLabel: boolean;
  level: number;
  minGroupSize: number;
}

/** Rows merged from several cells: one group of a grouping, or everything. */
interface MergedGroup {
  key: string[];
  stats: Float64Array;
  replicates: Float64Array;
  sample: RowSample | undefined;
}

/** Everything computed once for the point estimate (replicate -1) or one bootstrap replicate. */
interface Evaluation {
  groups: MetricSet[];
  overall: MetricSet;
  aggregates: MetricSet;
  disparities: MetricSet[];
  flagged: string[][];
  skipped: SkippedGroups;
}

/** One grouping per sensitive column, plus their intersection when there are several. */
export function groupingColumns(sensitiveCount: number): number[][] {
  const single = Array.from({ length: sensitiveCount }, (_, i) => [i]);
  return sensitiveCount > 1 ? [...single, single.map(([i]) => i!)] : single;
}

export function evaluateAudit(accumulator: AuditAccumulator, settings: EvaluationSettings): Grouping[] {
  const cells = [...accumulator.cells.values()];
  for (const cell of cells) cell.sample?.sortByValue();
  const overall = mergeCells(accumulator, [], cells);
  return groupingColumns(settings.sensitive.length).map((columns) =>
    evaluateGrouping(accumulator, settings, columns, overall, cells),
  );
}

function evaluateGrouping(
  accumulator: AuditAccumulator,
  settings: EvaluationSettings,
  columns: number[],
  overall: MergedGroup,
  cells: Cell[],
): Grouping {
  const byKey = new Map<string, Cell[]>();
  for (const cell of cells) {
    const id = columns.map((c) => cell.key[c]).join('\u001f');
    byKey.set(id, [...(byKey.get(id) ?? []), cell]);
  }
  const groups = [...byKey.values()]
    .map((members) => mergeCells(accumulator, columns.map((c) => members[0]!.key[c]!), members))
    .sort((a, b) => count(accumulator, b) - count(accumulator, a) || a.key.join().localeCompare(b.key.join()));

  const point = evaluate(accumulator, settings, groups, overall, -1, 0);
  const referenceIndex = 0; // groups are sorted by size: the largest group is the reference
  const replicates = Array.from({ length: accumulator.bootstrap }, (_, b) =>
    evaluate(accumulator, settings, groups, overall, b, referenceIndex),
  );
  const interval = (pick: (e: Evaluation) => MetricSet, name: string): Interval | null =>
    replicates.length === 0 ? null : percentileInterval(Float64Array.from(replicates, (r) => pick(r).get(name)), settings.level);
  const intervalsOf = (pick: (e: Evaluation) => MetricSet): MetricIntervals =>
    Object.fromEntries(Object.keys(pick(point).values).map((name) => [name, interval(pick, name)]));

  const by = columns.map((c) => settings.sensitive[c]!);
  const keyObject = (key: readonly string[]): Record<string, string> =>
    Object.fromEntries(by.map((column, i) => [column, key[i]!]));
  const groupResults: GroupResult[] = groups.map((group, index) => {
    const metrics = point.groups[index]!;
    return {
      key: keyObject(group.key),
      count: metrics.get('count'),
      metrics: jsonValues(metrics),
      intervals: intervalsOf((e) => e.groups[index]!),
      notes: { ...metrics.reasons },
      disparities: jsonValues(point.disparities[index]!),
      disparityIntervals: intervalsOf((e) => e.disparities[index]!),
      flagged: point.flagged[index]!,
      small: metrics.get('count') < settings.minGroupSize,
    };
  });
  const aggregateNotes: Record<string, string> = { ...point.aggregates.reasons };
  for (const [metric, indices] of Object.entries(point.skipped)) {
    const skippedKeys = indices.map((i) => group(by, groups[i]!.key)).join(', ');
    const note = `groups without a value were left out: ${skippedKeys}`;
    for (const name of Object.keys(point.aggregates.values)) {
      if (name.startsWith(`${metric}_`) && !(name in aggregateNotes)) aggregateNotes[name] = note;
    }
  }
  return {
    by,
    groups: groupResults,
    overall: {
      count: point.overall.get('count'),
      metrics: jsonValues(point.overall),
      intervals: intervalsOf((e) => e.overall),
      notes: { ...point.overall.reasons },
    },
    reference: keyObject(groups[referenceIndex]?.key ?? []),
    aggregates: jsonValues(point.aggregates),
    aggregateIntervals: intervalsOf((e) => e.aggregates),
    aggregateNotes,
    ...(overall.sample ? { distributions: groups.map((g) => quantileLevels(g.sample!)) } : {}),
  };
}

/** Values at the levels 0, 0.01, ..., 1 of a sorted sample (the lower empirical quantile). */
function quantileLevels(sample: RowSample): number[] {
  if (sample.length === 0) return [];
  return Array.from({ length: 101 }, (_, i) => sample.values[Math.min(sample.length - 1, Math.floor((i / 100) * (sample.length - 1)))]!);
}

function group(by: readonly string[], key: readonly string[]): string {
  return by.map((column, i) => `${column}=${key[i]}`).join(' & ');
}

function evaluate(
  accumulator: AuditAccumulator,
  settings: EvaluationSettings,
  groups: readonly MergedGroup[],
  overall: MergedGroup,
  replicate: number,
  referenceIndex: number,
): Evaluation {
  const total = statsOf(accumulator, overall, replicate);
  const totalCount = countIn(accumulator, total.stats, total.offset);
  const weightsOf = (g: MergedGroup): Weights => (g.sample && replicate >= 0 ? sampleWeights(g.sample, replicate) : undefined);
  const groupSets = groups.map((g) => groupMetrics(accumulator, settings, g, replicate, weightsOf(g), totalCount));
  const overallSet = groupMetrics(accumulator, settings, overall, replicate, weightsOf(overall), totalCount);

  const aggregates = new MetricSet();
  const skipped: SkippedGroups = {};
  betweenGroupAggregates(rateMetrics(accumulator), groupSets, overallSet, aggregates, skipped);
  if (accumulator.task === 'classification') {
    namedClassificationAggregates(aggregates);
    const overallEntropy = generalizedEntropy(total.stats, total.offset);
    aggregates.set('generalized_entropy_index', overallEntropy.ge, 'mean benefit is 0');
    aggregates.set('theil_index', overallEntropy.theil, 'mean benefit is 0');
    const groupStats = groups.map((g) => statsOf(accumulator, g, replicate));
    const stacked = new Float64Array(groups.length * accumulator.width);
    groupStats.forEach((s, i) => stacked.set(s.stats.subarray(s.offset, s.offset + accumulator.width), i * accumulator.width));
    const between = betweenGroupEntropy(stacked, groups.map((_, i) => i * accumulator.width));
    aggregates.set('between_group_generalized_entropy_index', between.ge, 'mean benefit is 0');
    aggregates.set('between_group_theil_index', between.theil, 'mean benefit is 0');
  }
  if (overall.sample) {
    const weights = groups.map(weightsOf);
    let ks = Number.NaN;
    let wasserstein = Number.NaN;
    for (let a = 0; a < groups.length; a++) {
      for (let b = a + 1; b < groups.length; b++) {
        const d = distributionDistances(groups[a]!.sample!, weights[a], groups[b]!.sample!, weights[b]);
        if (!(d.ks <= ks)) ks = Number.isNaN(d.ks) ? ks : d.ks;
        if (!(d.wasserstein <= wasserstein)) wasserstein = Number.isNaN(d.wasserstein) ? wasserstein : d.wasserstein;
      }
    }
    aggregates.set('ks_distance', ks, 'fewer than two groups have values');
    aggregates.set('wasserstein_distance', wasserstein, 'fewer than two groups have values');
  }

  const reference = groupSets[referenceIndex];
  const disparities: MetricSet[] = [];
  const flagged: string[][] = [];
  for (const set of groupSets) {
    const disparity = new MetricSet();
    const outside = reference ? referenceDisparities(rateMetrics(accumulator), set, reference, disparity) : [];
    // With a model output, the flags are about its decisions and errors; the base rate is a property of the data.
    flagged.push(accumulator.task === 'classification' ? outside.filter((m) => m !== 'base_rate') : outside);
    disparities.push(disparity);
  }
  return { groups: groupSets, overall: overallSet, aggregates, disparities, flagged, skipped };
}

function groupMetrics(
  accumulator: AuditAccumulator,
  settings: EvaluationSettings,
  merged: MergedGroup,
  replicate: number,
  weights: Weights,
  totalCount: number,
): MetricSet {
  const out = new MetricSet();
  const { stats, offset } = statsOf(accumulator, merged, replicate);
  switch (accumulator.task) {
    case 'classification':
      classificationMetrics(stats, offset, out);
      if (merged.sample) scoreMetrics(merged.sample, weights, out);
      break;
    case 'regression':
      regressionMetrics(stats, offset, out);
      break;
    case 'dataset':
      datasetMetrics(stats, offset, settings.hasLabel, out);
      break;
  }
  out.setRatio('representation', out.get('count'), totalCount, 'no rows');
  return out;
}

/** The per-group metrics compared between groups (all but count). */
function rateMetrics(accumulator: AuditAccumulator): readonly string[] {
  switch (accumulator.task) {
    case 'classification':
      return accumulator.keepSample ? [...CLASSIFICATION_RATE_METRICS, ...SCORE_METRICS] : CLASSIFICATION_RATE_METRICS;
    case 'regression':
      return REGRESSION_METRICS;
    case 'dataset':
      return DATASET_METRICS;
  }
}

function statsOf(accumulator: AuditAccumulator, merged: MergedGroup, replicate: number): { stats: Float64Array; offset: number } {
  return replicate < 0 ? { stats: merged.stats, offset: 0 } : { stats: merged.replicates, offset: replicate * accumulator.width };
}

function countIn(accumulator: AuditAccumulator, stats: Float64Array, offset: number): number {
  if (accumulator.task === 'regression' || accumulator.task === 'dataset') return stats[offset]!;
  let n = 0;
  for (let i = 0; i < accumulator.width; i++) n += stats[offset + i]!;
  return n;
}

function count(accumulator: AuditAccumulator, merged: MergedGroup): number {
  return countIn(accumulator, merged.stats, 0);
}

function mergeCells(accumulator: AuditAccumulator, key: string[], members: readonly Cell[]): MergedGroup {
  const stats = new Float64Array(accumulator.width);
  const replicates = new Float64Array(accumulator.width * accumulator.bootstrap);
  for (const cell of members) {
    for (let i = 0; i < stats.length; i++) stats[i]! += cell.stats[i]!;
    for (let i = 0; i < replicates.length; i++) replicates[i]! += cell.replicates[i]!;
  }
  const sample = accumulator.keepSample ? RowSample.mergeSorted(members.map((c) => c.sample!)) : undefined;
  return { key, stats, replicates, sample };
}

function sampleWeights(sample: RowSample, replicate: number): Float64Array {
  const weights = new Float64Array(sample.length);
  for (let i = 0; i < sample.length; i++) weights[i] = replicateWeight(sample.hashes[i]!, replicate);
  return weights;
}

function jsonValues(set: MetricSet): MetricValues {
  return Object.fromEntries(Object.entries(set.values).map(([name, value]) => [name, Number.isNaN(value) ? null : value]));
}
