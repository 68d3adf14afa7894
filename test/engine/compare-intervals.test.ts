// The intervals of a comparison's Pareto points and of the unmitigated model, against an
// independent computation: `parity audit` of each point's test predictions, written by its own
// `parity mitigate` run (or the comparison's predictions.csv), with the same seed and resamples.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Interval } from '../../common/reports/audit';
import type { Comparison } from '../../common/reports/comparison';
import type { MitigationReport } from '../../common/reports/mitigation';
import { rowsOfGroups } from '../../server/src/engine/compare/intervals';
import { runComparison } from '../../server/src/services/compare';
import { runAudit } from '../../server/src/services/audit';
import { runMethodInWorker } from '../../server/src/adapters/worker/method-runner';
import { compasSplit } from '../support/compas-split';

const root = path.resolve(__dirname, '../../..');
const [RESAMPLES, SEED] = [60, 7];
const LABEL = 'two_year_recid';

function close(actual: Interval | null | undefined, expected: Interval | null | undefined, what: string): void {
  assert.ok(actual && expected, `${what}: ${JSON.stringify(actual)} and ${JSON.stringify(expected)}`);
  assert.ok(
    Math.abs(actual[0] - expected[0]) < 1e-9 && Math.abs(actual[1] - expected[1]) < 1e-9,
    `${what}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`,
  );
}

/** The audit's accuracy and demographic-parity intervals of a predictions file by race (one grouping, the same draws). */
async function auditIntervals(
  file: string,
  roles: { prediction?: string; score?: string },
  threshold?: number,
): Promise<{ accuracy: Interval | null; fairness: Interval | null }> {
  const audit = await runAudit(file, {
    roles: { label: LABEL, sensitive: ['race'], ...roles },
    ...(threshold !== undefined ? { threshold } : {}),
    bootstrap: RESAMPLES,
    seed: SEED,
    groupings: ['each'],
  });
  const grouping = audit.groupings[0]!;
  return { accuracy: grouping.overall.intervals['accuracy'] ?? null, fairness: grouping.aggregateIntervals['demographic_parity_difference'] ?? null };
}

describe('intervals of the comparison (COMPAS by race, threshold and reweighing)', () => {
  let dir: string;
  let comparison: Comparison;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-intervals-'));
    const { train, test } = compasSplit(dir);
    comparison = await runComparison(
      {
        train,
        test,
        label: LABEL,
        sensitive: ['race'],
        methods: ['threshold', 'reweighing'],
        fairnessMetric: 'demographic_parity_difference',
        bootstrap: RESAMPLES,
        seed: SEED,
        out: path.join(dir, 'out'),
      },
      runMethodInWorker,
    );
  });

  it('gives the Pareto points and only them intervals, and says how they were drawn', () => {
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'out/comparison.json'), 'utf8')), comparison);
    assert.deepEqual(comparison.bootstrap, { resamples: RESAMPLES, seed: SEED, level: 0.95, method: 'poisson-statistics' });
    const front = comparison.points.filter((p) => p.pareto);
    assert.ok(front.length >= 2);
    for (const p of comparison.points) {
      const what = `${p.method} ${p.parameter}=${p.value}`;
      if (!p.pareto) {
        assert.equal(p.intervals, undefined, `${what} is off the front: no intervals`);
        continue;
      }
      const { accuracy, fairness } = p.intervals!;
      assert.ok(accuracy![0] <= p.accuracy! && p.accuracy! <= accuracy![1], `${what}: accuracy inside its interval`);
      assert.ok(fairness![0] <= p.fairness! && p.fairness! <= fairness![1], `${what}: gap inside its interval`);
    }
  });

  it('gives each threshold Pareto point the intervals of `parity mitigate threshold` at that tolerance (a randomized decision: in expectation, with the same resamples)', async () => {
    const points = comparison.points.filter((p) => p.pareto && p.method === 'threshold');
    assert.ok(points.length > 0, 'threshold has a point on the front');
    const base = path.join(dir, 'out/base');
    for (const p of points) {
      // the comparison's protocol: fitted on the training rows' out-of-fold scores, scored on the test rows' (docs/comparison-json.md)
      const out = path.join(dir, `threshold-${p.value}`);
      const args = ['--data', path.join(base, 'test.scored.csv'), '--calibration', path.join(base, 'train.scored.csv'), '--score', 'base_score'];
      const run = spawnSync(
        process.execPath,
        [
          path.join(root, 'dist/cli.js'),
          'mitigate',
          'threshold',
          ...args,
          '--label',
          LABEL,
          '--sensitive',
          'race',
          '--tolerance',
          String(p.value),
          '--seed',
          String(SEED),
          '--bootstrap',
          String(RESAMPLES),
          '--out',
          out,
        ],
        { encoding: 'utf8' },
      );
      assert.equal(run.status, 0, run.stderr);
      // its figures in expectation are not whole rows (no audit of predictions.csv gives them): the run's own intervals
      const own = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as MitigationReport;
      assert.equal(rowsOfGroups(own.after.groups), null);
      assert.ok(Math.abs(own.after.aggregates['demographic_parity_difference']! - p.fairness!) < 1e-12, `threshold ${p.value} gap`);
      close(p.intervals!.accuracy, own.after.intervals!['accuracy'], `threshold ${p.value} accuracy`);
      close(p.intervals!.fairness, own.after.aggregateIntervals!['demographic_parity_difference'], `threshold ${p.value} gap`);
    }
  });

  it("equals `parity audit` of reweighing's predictions.csv for its own setting (full weights), a point of the front", async () => {
    const full = comparison.points.find((p) => p.method === 'reweighing' && p.value === 1)!;
    assert.ok(full.pareto, 'full reweighing is on the front of this split');
    const audit = await auditIntervals(path.join(dir, 'out/reweighing/predictions.csv'), { prediction: 'reweighing_prediction' });
    close(full.intervals!.accuracy, audit.accuracy, 'reweighing accuracy');
    close(full.intervals!.fairness, audit.fairness, 'reweighing gap');
  });

  it('gives the unmitigated model the intervals of `parity audit` of its test scores cut at 0.5', async () => {
    const audit = await auditIntervals(path.join(dir, 'out/base/test.scored.csv'), { score: 'base_score' }, 0.5);
    close(comparison.reference.intervals!.accuracy, audit.accuracy, 'unmitigated accuracy');
    close(comparison.reference.intervals!.fairness, audit.fairness, 'unmitigated gap');
  });

  it("rebuilds whole rows from a point's figures, not from a randomized decision's expected figures", () => {
    const report = JSON.parse(readFileSync(path.join(dir, 'out/threshold/report.json'), 'utf8')) as MitigationReport;
    // the seeded draw: its rows, recounted, give back each group's selection rate and accuracy
    const rows = rowsOfGroups(report.draw!.groups)!;
    for (const group of report.draw!.groups) {
      const mine = rows.groups.flatMap((g, i) => (g === group.group ? [i] : []));
      assert.equal(mine.length, group.count);
      const selected = mine.filter((i) => rows.predictions[i] === 1).length;
      const correct = mine.filter((i) => rows.predictions[i] === rows.labels[i]).length;
      assert.ok(Math.abs(selected / group.count - group.metrics['selection_rate']!) < 1e-12, group.group);
      assert.ok(Math.abs(correct / group.count - group.metrics['accuracy']!) < 1e-12, group.group);
    }
    // a randomized rule's expected counts are not whole numbers of rows
    assert.equal(rowsOfGroups(report.after.groups), null);
  });

  it('draws none with --bootstrap 0', async () => {
    const file = path.join(dir, 'out/base/test.scored.csv');
    // the same rows as the held-out file (a comparison refuses the training file itself as its held-out file)
    const copy = path.join(dir, 'copy.csv');
    cpSync(file, copy);
    const none = await runComparison(
      {
        train: file,
        test: copy,
        label: LABEL,
        sensitive: ['sex'],
        methods: ['threshold'],
        fairnessMetric: 'demographic_parity_difference',
        bootstrap: 0,
        out: path.join(dir, 'none'),
      },
      runMethodInWorker,
    );
    assert.ok(none.points.some((p) => p.pareto));
    assert.equal(none.bootstrap, undefined);
    assert.equal(none.reference.intervals, undefined);
    assert.ok(none.points.every((p) => p.intervals === undefined));
  });
});
