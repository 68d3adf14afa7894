import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { summarizeOutcomes } from '../../server/src/engine/audit/outcomes';
import { GroupRule, positiveProbability } from '../../server/src/methods/threshold/optimizer';
import type { MitigationReport } from '../../common/reports/mitigation';

const root = path.resolve(__dirname, '../../..');

const close = (actual: number | null | undefined, expected: number, what: string) =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 1e-12, `${what}: ${actual} vs ${expected}`);

/** The expected figures (point estimates) of a decision positive with probability probabilities[i] in row i. */
const expectedSummary = (labels: number[], probabilities: number[], groups: string[]) =>
  summarizeOutcomes({ task: 'classification', labels, predictions: [], probability: (row) => probabilities[row]!, groups }, { bootstrap: 0 });

describe('expected figures of a randomized decision (summarizeOutcomes with probability)', () => {
  it('counts each row as positive with its probability under a mixed-threshold rule (by hand)', () => {
    const rules: GroupRule[] = [
      // A: above 2 with weight 0.25, above 1 with weight 0.75: P(positive) of scores 1, 2, 3, 4 = 0, 0.75, 1, 1
      {
        group: 'A',
        components: [
          { weight: 0.25, threshold: 2, tieProbability: 0 },
          { weight: 0.75, threshold: 1, tieProbability: 0 },
        ],
      },
      // B: a coin flip with rate 0.4 for every row
      { group: 'B', components: [{ weight: 1, rate: 0.4 }] },
      // C: both rows at the threshold, positive with probability 0.3
      { group: 'C', components: [{ weight: 1, threshold: 2, tieProbability: 0.3 }] },
    ];
    const groups = ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'C', 'C'];
    const scores = [1, 2, 3, 4, 1, 2, 3, 2, 2];
    const labels = [0, 1, 0, 1, 1, 0, 1, 1, 0];
    const probabilities = scores.map((s, i) =>
      positiveProbability(
        rules.find((r) => r.group === groups[i])!,
        s,
      ),
    );
    assert.deepEqual(probabilities, [0, 0.75, 1, 1, 0.4, 0.4, 0.4, 0.3, 0.3]);
    const summary = expectedSummary(labels, probabilities, groups);
    // Expected confusion counts (TP, FP, TN, FN):
    //   A: TP 0.75 + 1 = 1.75, FP 0 + 1 = 1, TN 1 + 0 = 1, FN 0.25
    //   B: TP 0.8, FP 0.4, TN 0.6, FN 1.2
    //   C: TP 0.3, FP 0.3, TN 0.7, FN 0.7
    const byGroup = Object.fromEntries(summary.groups.map((g) => [g.group, g]));
    assert.deepEqual(
      summary.groups.map((g) => [g.group, g.count]),
      [
        ['A', 4],
        ['B', 3],
        ['C', 2],
      ],
    );
    close(byGroup['A']!.metrics['selection_rate'], 2.75 / 4, 'A selection rate');
    close(byGroup['B']!.metrics['selection_rate'], 1.2 / 3, 'B selection rate');
    close(byGroup['C']!.metrics['selection_rate'], 0.3, 'C selection rate');
    close(byGroup['A']!.metrics['true_positive_rate'], 1.75 / 2, 'A TPR');
    close(byGroup['B']!.metrics['false_positive_rate'], 0.4, 'B FPR');
    close(summary.accuracy, (1.75 + 1 + 0.8 + 0.6 + 0.3 + 0.7) / 9, 'accuracy');
    // gaps: selection 0.6875 - 0.3; TPR 0.875 - 0.3; FPR 0.5 - 0.3, so equalized odds = max(0.575, 0.2)
    close(summary.aggregates['demographic_parity_difference'], 0.6875 - 0.3, 'DP difference');
    close(summary.aggregates['equal_opportunity_difference'], 0.875 - 0.3, 'EO difference');
    close(summary.aggregates['equalized_odds_difference'], 0.575, 'equalized odds difference');
    assert.equal(summary.intervals, undefined);
  });

  it('equals the counts of a deterministic decision when every probability is 0 or 1', () => {
    const groups = ['A', 'A', 'B', 'B', 'B'];
    const labels = [1, 0, 1, 0, 0];
    const decisions = [1, 1, 0, 1, 0];
    const expected = expectedSummary(labels, decisions, groups);
    // by hand: A selects 2 of 2, TPR 1, FPR 1; B selects 1 of 3, TPR 0, FPR 0.5; rows 1 and 5 are right: accuracy 2 / 5
    close(expected.accuracy, 0.4, 'accuracy');
    close(expected.aggregates['demographic_parity_difference'], 1 - 1 / 3, 'DP difference');
    close(expected.aggregates['equalized_odds_difference'], 1, 'equalized odds difference');
    // and every figure equals the summary of the decisions themselves
    const drawn = summarizeOutcomes({ task: 'classification', labels, predictions: decisions, groups }, { bootstrap: 0 });
    assert.deepEqual(expected.aggregates, drawn.aggregates);
    assert.deepEqual(expected.groups, drawn.groups);
  });

  it("meets the threshold optimizer's constraint in expectation on the rows it was fitted on, where the seeded draw need not (COMPAS by race)", () => {
    const compas = path.join(root, 'examples/compas/compas-two-years.csv');
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'parity-expected-')), 'threshold');
    const flags = ['--data', compas, '--score', 'decile_score', '--label', 'two_year_recid', '--sensitive', 'race'];
    const run = spawnSync(
      process.execPath,
      [path.join(root, 'dist/cli.js'), 'mitigate', 'threshold', ...flags, '--fairness', 'equal-opportunity', '--bootstrap', '0', '--out', out],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as MitigationReport;
    // the rules are fitted on the same rows (no --calibration) with tolerance 0.01: the linear
    // program bounds the expected TPR gap by 0.01, whatever the draw gives
    assert.equal(report.parameters['tolerance'], 0.01);
    assert.equal(report.schemaVersion, 2);
    const gap = report.after.aggregates['equal_opportunity_difference']!;
    assert.ok(gap <= 0.01 + 1e-9, `expected gap ${gap}`);
    const drawnGap = report.draw!.aggregates['equal_opportunity_difference']!;
    assert.ok(drawnGap > gap, 'the draw is not the expectation');
    assert.equal(report.draw!.rows, report.after.rows);
    assert.equal(report.draw!.seed, 0);
    assert.equal(report.expected, undefined);
    // the printed summary says that "after" is the expectation, and gives the draw's gap: over the groups of
    // ≥ 30 rows first, as the table's first row, with the one over all groups beside it
    const largeDrawnGap = report.draw!.largeGroups!.aggregates['equal_opportunity_difference']!;
    assert.match(run.stdout, /^ +before +after +change$/m);
    // COMPAS has a race under 30 rows: the figure over all groups is the second line under the measure's name
    assert.match(
      run.stdout,
      new RegExp(`^equal_opportunity_difference\\n  over \\d+ groups with >= 30 rows .*\\n  over all \\d+ groups +\\S+ +${gap.toFixed(3)} `, 'm'),
    );
    assert.match(
      run.stdout,
      new RegExp(
        `^“After” is the randomized decision in expectation .*: the figures to quote\\. predictions\\.csv holds one seeded draw of it \\(seed 0\\), whose figures vary with the seed: its accuracy ${report.draw!.accuracy!.toFixed(3)}, equal opportunity difference ${largeDrawnGap.toFixed(3)} over the \\d+ groups with ≥ 30 rows \\(${drawnGap.toFixed(3)} over all \\d+ groups\\)\\.$`,
        'm',
      ),
    );
  });
});
