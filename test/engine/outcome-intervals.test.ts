import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ClassificationOutcomes, summarizeOutcomes } from '../../server/src/engine/audit/outcomes';
import { runAudit } from '../../server/src/services/audit';
import type { MitigationReport } from '../../common/reports/mitigation';

const root = path.resolve(__dirname, '../../..');

/** Rows of one group: `positives` of `n` predicted positive, and which of them (and of the rest) have label 1. */
type Rows = ClassificationOutcomes & { groups: string[] };

function groupRows(name: string, n: number, positives: number, truePositives: number, falseNegatives: number): Rows {
  const predictions = Array.from({ length: n }, (_, i) => (i < positives ? 1 : 0));
  const labels = predictions.map((p, i) => (p === 1 ? (i < truePositives ? 1 : 0) : i - positives < falseNegatives ? 1 : 0));
  return { task: 'classification', labels, predictions, groups: predictions.map(() => name) };
}

function joined(...parts: Rows[]): Rows {
  return {
    task: 'classification',
    labels: parts.flatMap((p) => Array.from(p.labels)),
    predictions: parts.flatMap((p) => Array.from(p.predictions)),
    groups: parts.flatMap((p) => [...p.groups]),
  };
}

describe('intervals of a mitigation summary (summarizeOutcomes)', () => {
  // A group of n = 2000 with selection rate p = 0.3 (600 predicted positive), beside a second group.
  const outcomes = joined(groupRows('large', 2000, 600, 400, 300), groupRows('other', 1000, 500, 300, 100));
  const [n, p] = [2000, 0.3];
  // The normal-approximation 95% interval, by hand: 0.3 ± 1.96 · sqrt(0.3 · 0.7 / 2000) = 0.3 ± 0.02008.
  const half = 1.959963984540054 * Math.sqrt((p * (1 - p)) / n);
  const sigma = half / 1.959963984540054;
  /**
   * Monte-Carlo tolerance of a percentile endpoint from B resamples: its standard error is
   * sqrt(q (1 - q) / B) / f(x_q), with q = 0.025 and f the bootstrap density there, φ(1.96) / σ
   * for a normal (σ = 0.010247: f = 5.70); 4 standard errors, plus the lattice step 1/n of a rate
   * of n rows (the binomial's skew moves a 95% endpoint by about 1e-4, under that step).
   */
  const tolerance = (resamples: number) => (4 * Math.sqrt((0.025 * 0.975) / resamples)) / (0.05844 / sigma) + 1 / n;

  for (const resamples of [200, 2000]) {
    it(`gives a group's selection rate the normal-approximation interval p ± 1.96·sqrt(p(1-p)/n) (${resamples} resamples)`, () => {
      const summary = summarizeOutcomes(outcomes, resamples === 200 ? {} : { bootstrap: resamples });
      const group = summary.groups.find((g) => g.group === 'large')!;
      assert.equal(group.metrics['selection_rate'], p);
      const [low, high] = group.intervals!['selection_rate']!;
      assert.ok(low <= p && p <= high, `[${low}, ${high}] contains ${p}`);
      const allowed = tolerance(resamples); // 0.0083 at 200 resamples, 0.0029 at 2000
      assert.ok(Math.abs(low - (p - half)) < allowed, `low ${low} vs ${p - half} (± ${allowed})`);
      assert.ok(Math.abs(high - (p + half)) < allowed, `high ${high} vs ${p + half} (± ${allowed})`);
      assert.deepEqual(summary.bootstrap, { resamples, seed: 0, level: 0.95, method: 'poisson-statistics' });
      // accuracy and the aggregates get theirs too, each containing its point estimate
      const [accuracyLow, accuracyHigh] = summary.intervals!['accuracy']!;
      assert.ok(accuracyLow <= summary.accuracy! && summary.accuracy! <= accuracyHigh);
      const dp = summary.aggregates['demographic_parity_difference']!;
      const [dpLow, dpHigh] = summary.aggregateIntervals!['demographic_parity_difference']!;
      assert.ok(dpLow <= dp && dp <= dpHigh);
    });
  }

  it('reports the share of all rows predicted positive, with its interval when bootstrapped', () => {
    // by hand: 600 of 2000 and 500 of 1000 predicted positive, 1100 of 3000 rows
    const summary = summarizeOutcomes(outcomes);
    const overall = 1100 / 3000;
    assert.ok(Math.abs(summary.selectionRate! - overall) < 1e-12, `${summary.selectionRate}`);
    const [low, high] = summary.intervals!['selection_rate']!;
    // p ± 1.96·sqrt(p(1-p)/n) for n = 3000: ± 0.0173; the percentile interval within 0.006 of it at 200 resamples
    const spread = 1.959963984540054 * Math.sqrt((overall * (1 - overall)) / 3000);
    assert.ok(Math.abs(low - (overall - spread)) < 0.006 && Math.abs(high - (overall + spread)) < 0.006, `[${low}, ${high}]`);
    assert.equal(summarizeOutcomes(outcomes, { bootstrap: 0 }).selectionRate, summary.selectionRate);
    // regression has none
    const regression = summarizeOutcomes(
      { task: 'regression', targets: [1, 2, 3, 4], predictions: [1, 2, 2, 4], groups: ['a', 'a', 'b', 'b'] },
      { bootstrap: 0 },
    );
    assert.equal('selectionRate' in regression, false);
  });

  it('draws with the seed, as the audit does, and reports point estimates only at 0 resamples', () => {
    const interval = (seed: number) => summarizeOutcomes(outcomes, { seed }).groups[0]!.intervals!['selection_rate'];
    assert.deepEqual(interval(0), interval(0));
    assert.notDeepEqual(interval(0), interval(1));
    const point = summarizeOutcomes(outcomes, { bootstrap: 0 });
    assert.equal(point.intervals, undefined);
    assert.equal(point.aggregateIntervals, undefined);
    assert.equal(point.bootstrap, undefined);
    assert.equal(point.groups[0]!.intervals, undefined);
    assert.equal(point.groups[0]!.metrics['selection_rate'], p);
    assert.throws(() => summarizeOutcomes(outcomes, { bootstrap: 10_001 }), /from 0 to 10000/);
  });

  it('leaves a 5-row group out of the large-group aggregates', () => {
    // By hand: A (40 rows) selects 10, 5 of them positive; B (50 rows) selects 30, 24 positive;
    // C (5 rows) selects all 5, all positive. Selection rates 0.25, 0.6, 1; precisions 0.5, 0.8, 1.
    const summary = summarizeOutcomes(joined(groupRows('A', 40, 10, 5, 6), groupRows('B', 50, 30, 24, 4), groupRows('C', 5, 5, 5, 0)));
    assert.deepEqual(
      summary.groups.map((g) => [g.group, g.metrics['selection_rate'], g.metrics['positive_predictive_value']]),
      [
        ['B', 0.6, 0.8],
        ['A', 0.25, 0.5],
        ['C', 1, 1],
      ],
    );
    const close = (actual: number | null | undefined, expected: number) => assert.ok(Math.abs(actual! - expected) < 1e-12, `${actual} vs ${expected}`);
    // over all three groups C drives both gaps: 1 - 0.25 and 1 - 0.5
    close(summary.aggregates['demographic_parity_difference'], 0.75);
    close(summary.aggregates['predictive_parity_difference'], 0.5);
    // over the groups of at least 30 rows: 0.6 - 0.25, 0.8 - 0.5, and the ratio 0.25 / 0.6
    const large = summary.largeGroups!;
    assert.equal(large.minGroupSize, 30);
    assert.equal(large.groups, 2);
    close(large.aggregates['demographic_parity_difference'], 0.35);
    close(large.aggregates['predictive_parity_difference'], 0.3);
    close(large.aggregates['demographic_parity_ratio'], 0.25 / 0.6);
    const [low, high] = large.intervals!['demographic_parity_difference']!;
    assert.ok(low <= 0.35 && 0.35 <= high);
  });

  it('keeps score-distance intervals within their range when binned replicates are shifted (KS of two separated groups)', () => {
    // Group A's 1500 scores lie in [0, 0.55), B's in [0.55, 1): the exact KS distance is 1. With
    // more distinct scores than replicateValueBins (1000), replicates are drawn on pooled bins, one
    // of which holds both groups' scores near 0.55, and shifted by (exact - binned) point estimates;
    // before the shift was clamped, this interval's upper end was 1.00067.
    const n = 3000;
    const rows = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? { score: 0.55 * (i / n), group: 'A' } : { score: 0.55 + 0.45 * (i / n), group: 'B' }));
    const summary = summarizeOutcomes({
      task: 'classification',
      labels: rows.map((_, i) => (i % 3 === 0 ? 1 : 0)),
      predictions: rows.map((r) => (r.score > 0.5 ? 1 : 0)),
      scores: rows.map((r) => r.score),
      groups: rows.map((r) => r.group),
    });
    assert.equal(summary.aggregates['ks_distance'], 1);
    const [low, high] = summary.aggregateIntervals!['ks_distance']!;
    assert.ok(low < 1, `the interval is not degenerate: [${low}, ${high}]`);
    assert.equal(high, 1);
    for (const group of summary.groups) {
      const [aucLow, aucHigh] = group.intervals!['roc_auc']!;
      assert.ok(aucLow >= 0 && aucHigh <= 1, `${group.group} AUC [${aucLow}, ${aucHigh}]`);
    }
  });

  it("equals `parity audit --bootstrap N --seed S` of the run's predictions.csv (the same draws)", async () => {
    // a consistency check across code paths: the CLI run's report against an audit that reads the written file
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'parity-outcome-intervals-')), 'reject-option');
    const compas = path.join(root, 'examples/compas/compas-two-years.csv');
    const flags = ['--data', compas, '--score', 'decile_score', '--label', 'two_year_recid', '--sensitive', 'race'];
    const run = spawnSync(
      process.execPath,
      // a deterministic decision (a randomized one's figures are in expectation, not of predictions.csv)
      [path.join(root, 'dist/cli.js'), 'mitigate', 'reject-option', ...flags, '--threshold', '5', '--band', '1', '--bootstrap', '60', '--out', out],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as MitigationReport;
    const audit = await runAudit(path.join(out, 'predictions.csv'), {
      roles: { label: 'two_year_recid', prediction: 'reject_option_prediction', score: 'decile_score', sensitive: ['race'] },
      bootstrap: 60,
      seed: 0,
      groupings: ['each'],
    });
    const grouping = audit.groupings[0]!;
    const after = report.after;
    // reject-option decides on the input's scores unchanged: its report leaves out the score
    // distances (decisionOnly), which the audit of the file measures on decile_score; the rest is the same
    assert.equal(report.decisionOnly, true);
    const decisionFigures = <T>(figures: Record<string, T>) =>
      Object.fromEntries(Object.entries(figures).filter(([name]) => name !== 'ks_distance' && name !== 'wasserstein_distance'));
    assert.equal(after.aggregateIntervals!['ks_distance'], undefined);
    assert.deepEqual(after.bootstrap, { resamples: 60, seed: 0, level: 0.95, method: 'poisson-statistics' });
    assert.deepEqual(after.intervals!['accuracy'], grouping.overall.intervals['accuracy']);
    assert.deepEqual(after.aggregateIntervals, decisionFigures(grouping.aggregateIntervals));
    assert.deepEqual(after.largeGroups, {
      minGroupSize: grouping.largeGroups.minGroupSize,
      minLabelCount: grouping.largeGroups.minLabelCount,
      groups: grouping.largeGroups.groups,
      aggregates: decisionFigures(grouping.largeGroups.aggregates),
      intervals: decisionFigures(grouping.largeGroups.intervals),
    });
    for (const group of grouping.groups) assert.deepEqual(after.groups.find((g) => g.group === group.key['race'])!.intervals, group.intervals);
    // the printed table: each figure with its interval, each aggregate also over the large groups
    const [low, high] = after.intervals!['accuracy']!;
    // then the change after − before, with its paired interval
    const change = report.change!;
    const [changeLow, changeHigh] = change.intervals!['accuracy']!;
    assert.equal(change.accuracy, after.accuracy! - report.before.accuracy!);
    assert.match(
      run.stdout,
      new RegExp(
        `^accuracy +\\S+ \\[[^\\]]+\\] +${after.accuracy!.toFixed(3)} \\[${low.toFixed(3)}, ${high.toFixed(3)}\\] +${change.accuracy!.toFixed(3)} \\[${changeLow.toFixed(3)}, ${changeHigh.toFixed(3)}\\]$`,
        'm',
      ),
    );
    const dp = after.largeGroups!.aggregates['demographic_parity_difference']!;
    assert.match(run.stdout, new RegExp(`^  over ${grouping.largeGroups.groups} groups with >= 30 rows .* ${dp.toFixed(3)} \\[`, 'm'));
    assert.match(run.stdout, /^intervals: 95% bootstrap percentile, 60 resamples, seed 0; change: paired/m);
  });
});
