import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { rejectOption } from '../../server/src/methods/reject-option/command';
import { threshold } from '../../server/src/methods/threshold/command';
import { BOOTSTRAPPED_SWEEP_POINTS } from '../../server/src/methods/framework/split-report';
import type { MitigationReport, OutcomeSummary, TradeoffPoint } from '../../common/reports/mitigation';
import { runWithFlags } from '../support/run-with-flags';
import { percentiles } from '../support/percentiles';
import { seededRandom } from '../../server/src/engine/numerics/random';

const root = path.resolve(__dirname, '../../..');

/** Knuth's Poisson(1) draw. */
function poissonOne(uniform: () => number): number {
  const limit = Math.exp(-1);
  let k = 0;
  let p = uniform();
  while (p > limit) {
    k++;
    p *= uniform();
  }
  return k;
}

interface Rows {
  labels: number[];
  groups: string[];
}

/**
 * A paired Poisson bootstrap row by row: each replicate gives every row a Poisson(1) multiplicity,
 * the same for both decisions, and returns after − before of the accuracy and of the
 * demographic-parity difference (max − min selection rate) over the groups of at least 30 rows.
 * `paired: false` draws each decision's multiplicities separately (the wrong interval, for power).
 */
function handChange(rows: Rows, beforePredictions: number[], afterPredictions: number[], resamples: number, paired = true) {
  const large = [...new Set(rows.groups)].filter((g) => rows.groups.filter((x) => x === g).length >= 30);
  // the engine's plain generator (not the bootstrap's keyed draws), with a seed of the test's own
  const uniform = seededRandom(20261204);
  const figures = (predictions: number[], weights: Float64Array) => {
    let total = 0;
    let correct = 0;
    const selected = new Map(large.map((g) => [g, 0]));
    const counts = new Map(large.map((g) => [g, 0]));
    for (let i = 0; i < predictions.length; i++) {
      const w = weights[i]!;
      total += w;
      if (predictions[i] === rows.labels[i]) correct += w;
      if (counts.has(rows.groups[i]!)) {
        counts.set(rows.groups[i]!, counts.get(rows.groups[i]!)! + w);
        selected.set(rows.groups[i]!, selected.get(rows.groups[i]!)! + w * predictions[i]!);
      }
    }
    const rates = large.map((g) => selected.get(g)! / counts.get(g)!);
    return { accuracy: correct / total, gap: Math.max(...rates) - Math.min(...rates) };
  };
  const draw = () => Float64Array.from(rows.labels, () => poissonOne(uniform));
  const accuracy: number[] = [];
  const gap: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const weights = draw();
    const [before, after] = [figures(beforePredictions, weights), figures(afterPredictions, paired ? weights : draw())];
    accuracy.push(after.accuracy - before.accuracy);
    gap.push(after.gap - before.gap);
  }
  const sd = (values: number[]) => {
    const mean = values.reduce((a, v) => a + v, 0) / values.length;
    return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
  };
  return { accuracy: { interval: percentiles(accuracy), sd: sd(accuracy) }, gap: { interval: percentiles(gap), sd: sd(gap) } };
}

/** A summary's figures as a sweep point keeps them: the groups' score quantiles left out. */
function withoutQuantiles(summary: OutcomeSummary): OutcomeSummary {
  return { ...summary, groups: summary.groups.map(({ quantiles: _quantiles, ...group }) => group) };
}

/** A point's summary fields only (not its setting, change or seeded draw). */
function summaryOf(point: TradeoffPoint): OutcomeSummary {
  const summary: Partial<TradeoffPoint> = { ...point };
  for (const key of ['parameter', 'value', 'change', 'draw'] as const) delete summary[key];
  return summary as OutcomeSummary;
}

describe('sweep points with the run’s intervals and paired change (COMPAS decile scores by race)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-sweep-intervals-'));
  const file = path.join(dir, 'scores.csv');
  const rows: Rows = { labels: [], groups: [] };
  let resampled: MitigationReport;
  const runOnScores = (method: typeof rejectOption, flags: Record<string, string | boolean>) =>
    runWithFlags(method, { data: file, score: 'score', label: 'y', sensitive: 'race', ...flags });

  before(async () => {
    // score = decile_score / 10, cut at 0.5: deciles 5 to 10 positive
    const lines = readFileSync(path.join(root, 'examples/compas/compas-two-years.csv'), 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const [race, decile, label] = ['race', 'decile_score', 'two_year_recid'].map((name) => header.indexOf(name));
    const out = ['score,race,y'];
    for (const line of lines.slice(1)) {
      const fields = line.split(',');
      out.push(`${Number(fields[decile!]) / 10},${fields[race!]},${fields[label!]}`);
      rows.labels.push(Number(fields[label!]));
      rows.groups.push(fields[race!]!);
    }
    writeFileSync(file, out.join('\n') + '\n');
    resampled = await runOnScores(rejectOption, { sweep: true, bootstrap: '500', out: path.join(dir, 'sweep') });
  });

  it('gives a bootstrapped band the paired change interval of a row-by-row paired bootstrap of its written predictions', async () => {
    const bootstrapped = resampled.tradeoff.flatMap((p, k) => (p.change ? [k] : []));
    // 101 bands: every 20th and the chosen one (which may be one of them)
    assert.ok(bootstrapped.length >= BOOTSTRAPPED_SWEEP_POINTS && bootstrapped.length <= BOOTSTRAPPED_SWEEP_POINTS + 1, String(bootstrapped));
    for (const k of [0, 20, 40, 60, 80, 100]) assert.ok(bootstrapped.includes(k), `band ${k} has intervals`);
    const point = resampled.tradeoff[40]!;
    assert.deepEqual(point.change!.bootstrap, { resamples: 500, seed: 0, level: 0.95, method: 'poisson-paired' });
    assert.ok(point.aggregateIntervals && point.groups.every((g) => g.intervals), 'the point’s own figures have intervals');
    // the predictions of that band and of band 0 (before), as the method writes them for that setting
    const predictionsAt = async (band: number, out: string) => {
      await runOnScores(rejectOption, { band: String(band), bootstrap: '0', out: path.join(dir, out) });
      const written = readFileSync(path.join(dir, out, 'predictions.csv'), 'utf8')
        .trim()
        .split('\n');
      const column = written[0]!.split(',').indexOf('reject_option_prediction');
      return written.slice(1).map((line) => Number(line.split(',')[column]));
    };
    const [beforePredictions, afterPredictions] = [await predictionsAt(0, 'band-0'), await predictionsAt(point.value, 'band-40')];
    // the point change, counted by hand
    const accuracyOf = (predictions: number[]) => predictions.filter((p, i) => p === rows.labels[i]).length / predictions.length;
    assert.ok(Math.abs(point.change!.accuracy! - (accuracyOf(afterPredictions) - accuracyOf(beforePredictions))) < 1e-12);
    const hand = handChange(rows, beforePredictions, afterPredictions, 2000);
    // Monte Carlo tolerance: a 2.5% or 97.5% percentile of B draws of a roughly normal statistic of sd σ
    // has a standard error of σ·√(0.025·0.975/B)/φ(1.96) ≈ 2.67σ/√B: 0.119σ at the engine's 500,
    // 0.060σ at the hand 2,000, 0.133σ together; 4 standard errors: 0.53σ
    const tolerance = (sd: number) => 0.53 * sd;
    const engine = { accuracy: point.change!.intervals!['accuracy']!, gap: point.change!.largeGroups.intervals!['demographic_parity_difference']! };
    for (const figure of ['accuracy', 'gap'] as const) {
      for (const end of [0, 1]) {
        const gap = Math.abs(engine[figure][end]! - hand[figure].interval[end]!);
        assert.ok(
          gap < tolerance(hand[figure].sd),
          `${figure} end ${end}: engine ${engine[figure][end]}, hand ${hand[figure].interval[end]}, σ ${hand[figure].sd}`,
        );
      }
    }
    // the test tells paired from unpaired: the unpaired accuracy interval lies outside that tolerance
    const unpaired = handChange(rows, beforePredictions, afterPredictions, 1000, false);
    assert.ok(Math.abs(unpaired.accuracy.interval[0] - engine.accuracy[0]!) > tolerance(hand.accuracy.sd), JSON.stringify(unpaired.accuracy));
  });

  it('gives the chosen band’s point exactly the figures and change of the run’s own result', () => {
    const own = resampled.tradeoff.findIndex((p) => p.value === resampled.parameters['band']);
    assert.ok(own >= 0);
    const point = resampled.tradeoff[own]!;
    assert.deepEqual(summaryOf(point), withoutQuantiles(resampled.after));
    assert.deepEqual(point.change, resampled.change);
  });

  it('gives a randomized decision’s own point its expected figures, its change and its seeded draw, as the run’s own (threshold)', async () => {
    // the default tolerance 0.01 is a setting of the sweep
    const report = await runOnScores(threshold, { sweep: true, bootstrap: '50', out: path.join(dir, 'threshold') });
    const point = report.tradeoff.find((p) => p.value === 0.01)!;
    assert.deepEqual(summaryOf(point), withoutQuantiles(report.after));
    assert.deepEqual(point.change, report.change);
    assert.deepEqual(point.draw, withoutQuantiles(report.draw!));
    assert.ok(
      report.tradeoff.every((p) => p.change?.bootstrap?.resamples === 50 && p.bootstrap?.resamples === 50 && p.draw?.seed === 0),
      'every tolerance is bootstrapped',
    );
  });

  it('keeps sweep points as point estimates without the bootstrap', async () => {
    const report = await runOnScores(rejectOption, { sweep: true, bootstrap: '0', out: path.join(dir, 'plain') });
    assert.ok(report.tradeoff.every((p) => p.change === undefined && p.intervals === undefined && p.groups.every((g) => g.intervals === undefined)));
  });
});
