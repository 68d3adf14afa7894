import {
  betweenGroupAggregates,
  namedClassificationAggregates,
  referenceDisparities,
  SkippedGroups,
} from '../metrics/aggregates';
import { fillReplicateWeights, percentileInterval } from '../metrics/bootstrap';
import { CLASSIFICATION_RATE_METRICS, classificationMetrics } from '../metrics/classification';
import { DATASET_METRICS, datasetMetrics } from '../metrics/dataset';
import { betweenGroupEntropy, generalizedEntropy } from '../metrics/inequality';
import { MetricSet } from '../metrics/metric-set';
import { REGRESSION_METRICS, regressionMetrics } from '../metrics/regression';
import { SortedSample } from '../metrics/sample';
import { SCORE_METRICS } from '../metrics/scores';
import { Partition, ReplicateSweep, SweepResult, groupQuantiles, sweepSample } from '../metrics/sweep';
import { AuditAccumulator, Cell } from './accumulator';
import { Grouping, GroupResult, Interval, MetricIntervals, MetricValues } from '../../../../common/reports/audit';

export interface EvaluationSettings {
  sensitive: readonly string[];
  /** False for a dataset audit without a label column. */
  hasLabel: boolean;
  level: number;
  minGroupSize: number;
}

/** Counting statistics merged from several cells: one group of a grouping, or everything. */
interface MergedGroup {
  key: string[];
  stats: Float64Array;
  replicates: Float64Array;
}

/** The groups of one grouping, largest first, and which cells make each of them. */
interface GroupingLayout {
  columns: number[];
  groups: MergedGroup[];
  partition: Partition;
}

/** What the sorted sample gives for one grouping: a sweep result per replicate (index replicate + 1). */
interface SampleResults {
  sweeps: SweepResult[];
  distributions: number[][];
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
  const cells = accumulator.cells;
  const overall = mergeCells(accumulator, [], cells);
  const layouts = groupingColumns(settings.sensitive.length).map((columns) => layoutGrouping(accumulator, columns, cells));
  const sample = accumulator.sortedSample();
  let overallScores: (MetricSet | undefined)[] = [];
  let sampled: SampleResults[] | undefined;
  if (sample) ({ overallScores, sampled } = evaluateSample(accumulator, sample, layouts));
  return layouts.map((layout, k) => evaluateGrouping(accumulator, settings, layout, overall, overallScores, sampled?.[k]));
}

function layoutGrouping(accumulator: AuditAccumulator, columns: number[], cells: readonly Cell[]): GroupingLayout {
  const byKey = new Map<string, number[]>();
  cells.forEach((cell, index) => {
    const id = columns.map((c) => cell.key[c]).join('\u001f');
    byKey.set(id, [...(byKey.get(id) ?? []), index]);
  });
  const merged = [...byKey.values()]
    .map((members) => ({
      members,
      group: mergeCells(accumulator, columns.map((c) => cells[members[0]!]!.key[c]!), members.map((i) => cells[i]!)),
    }))
    .sort((a, b) => count(accumulator, b.group) - count(accumulator, a.group) || a.group.key.join().localeCompare(b.group.key.join()));
  const groupOfCell = new Int32Array(cells.length);
  merged.forEach(({ members }, g) => members.forEach((cell) => (groupOfCell[cell] = g)));
  return { columns, groups: merged.map((m) => m.group), partition: { groups: merged.length, groupOfCell } };
}

/**
 * Score metrics and distribution distances for the point estimate and every replicate: each
 * replicate's row weights are computed once and shared by the overall group and all groupings.
 */
function evaluateSample(
  accumulator: AuditAccumulator,
  sample: SortedSample,
  layouts: readonly GroupingLayout[],
): { overallScores: (MetricSet | undefined)[]; sampled: SampleResults[] } {
  const withScores = accumulator.task === 'classification';
  const everything: Partition = { groups: 1, groupOfCell: new Int32Array(accumulator.cells.length) };
  const partitions = [everything, ...layouts.map((layout) => layout.partition)];
  const overallScores: (MetricSet | undefined)[] = [];
  const sampled: SampleResults[] = layouts.map((layout) => ({ sweeps: [], distributions: groupQuantiles(sample, layout.partition) }));
  const keep = ([overall, ...groupings]: SweepResult[]) => {
    overallScores.push(overall!.scores?.[0]);
    groupings.forEach((sweep, k) => sampled[k]!.sweeps.push(sweep));
  };
  const wanted = { scores: withScores, distances: true };
  keep(sweepSample(sample, partitions, wanted));
  if (accumulator.bootstrap > 0) {
    const replicates = new ReplicateSweep(sample, partitions, wanted);
    const weights = new Uint8Array(sample.length);
    for (let replicate = 0; replicate < accumulator.bootstrap; replicate++) {
      fillReplicateWeights(sample.hashes!, replicate, weights);
      keep(replicates.run(weights));
    }
  }
  return { overallScores, sampled };
}

function evaluateGrouping(
  accumulator: AuditAccumulator,
  settings: EvaluationSettings,
  layout: GroupingLayout,
  overall: MergedGroup,
  overallScores: readonly (MetricSet | undefined)[],
  sampled: SampleResults | undefined,
): Grouping {
  const { columns, groups } = layout;
  const evaluateReplicate = (replicate: number, referenceIndex: number) =>
    evaluate(accumulator, settings, groups, overall, replicate, referenceIndex, overallScores[replicate + 1], sampled?.sweeps[replicate + 1]);
  const point = evaluateReplicate(-1, 0);
  const referenceIndex = 0; // groups are sorted by size: the largest group is the reference
  const replicates = Array.from({ length: accumulator.bootstrap }, (_, b) => evaluateReplicate(b, referenceIndex));
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
    ...(sampled ? { distributions: sampled.distributions } : {}),
  };
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
  overallScores: MetricSet | undefined,
  sweep: SweepResult | undefined,
): Evaluation {
  const total = statsOf(accumulator, overall, replicate);
  const totalCount = countIn(accumulator, total.stats, total.offset);
  const groupSets = groups.map((g, i) => groupMetrics(accumulator, settings, g, replicate, sweep?.scores?.[i], totalCount));
  const overallSet = groupMetrics(accumulator, settings, overall, replicate, overallScores, totalCount);

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
  if (sweep) {
    aggregates.set('ks_distance', sweep.ks, 'fewer than two groups have values');
    aggregates.set('wasserstein_distance', sweep.wasserstein, 'fewer than two groups have values');
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
  scores: MetricSet | undefined,
  totalCount: number,
): MetricSet {
  const out = new MetricSet();
  const { stats, offset } = statsOf(accumulator, merged, replicate);
  switch (accumulator.task) {
    case 'classification':
      classificationMetrics(stats, offset, out);
      if (scores) for (const [name, value] of Object.entries(scores.values)) out.set(name, value, scores.reasons[name]);
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
  return { key, stats, replicates };
}

function jsonValues(set: MetricSet): MetricValues {
  return Object.fromEntries(Object.entries(set.values).map(([name, value]) => [name, Number.isNaN(value) ? null : value]));
}
