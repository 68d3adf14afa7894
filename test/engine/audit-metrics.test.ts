// Every expected value below was computed by hand from the fixture rows (test/fixtures/audit/);
// the comments show the counts each one comes from.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runAudit } from '../../server/src/services/audit';
import type { AuditReport, Grouping, GroupResult } from '../../common/reports/audit';
import { groupId, referenceGroup, shownFlags } from '../../common/render/audit-model';
import { formatMarkdown } from '../../common/render/markdown';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/audit');

function close(actual: number | null | undefined, expected: number, label: string): void {
  assert.ok(actual !== null && actual !== undefined, `${label}: expected ${expected}, got ${actual}`);
  assert.ok(Math.abs(actual - expected) < 1e-12, `${label}: expected ${expected}, got ${actual}`);
}

function group(grouping: Grouping, value: string): GroupResult {
  const found = grouping.groups.find((g) => Object.values(g.key)[0] === value);
  assert.ok(found, `group ${value}`);
  return found;
}

function expectMetrics(result: { metrics: Record<string, number | null> }, expected: Record<string, number | null>, label: string): void {
  for (const [name, value] of Object.entries(expected)) {
    if (value === null) assert.equal(result.metrics[name], null, `${label} ${name} should be not estimable`);
    else close(result.metrics[name], value, `${label} ${name}`);
  }
}

describe('classification metrics on a hand-checked fixture', async () => {
  const report: AuditReport = await runAudit(path.join(fixtures, 'classification.csv'), {
    roles: { label: 'label', prediction: 'prediction', score: 'score', sensitive: ['group'] },
    bootstrap: 0,
  });
  const grouping = report.groupings[0]!;

  it('resolves the task and the roles', () => {
    assert.equal(report.task, 'classification');
    assert.equal(report.rows, 14);
    assert.equal(report.columns.positive, '1');
    assert.deepEqual(grouping.by, ['group']);
    assert.deepEqual(
      grouping.groups.map((g) => g.key.group),
      ['A', 'D', 'B', 'C'],
    ); // by size 6, 4, 3, 1
  });

  it('group A: TP 2, FN 1, FP 1, TN 2', () => {
    expectMetrics(
      group(grouping, 'A'),
      {
        count: 6,
        base_rate: 3 / 6,
        selection_rate: 3 / 6,
        true_positive_rate: 2 / 3,
        false_positive_rate: 1 / 3,
        true_negative_rate: 2 / 3,
        false_negative_rate: 1 / 3,
        positive_predictive_value: 2 / 3,
        negative_predictive_value: 2 / 3,
        false_discovery_rate: 1 / 3,
        false_omission_rate: 1 / 3,
        accuracy: 4 / 6,
        balanced_accuracy: 2 / 3,
        error_rate: 2 / 6,
        // positives 0.9, 0.4, 0.8 against negatives 0.6, 0.2, 0.1: 8 of 9 pairs ordered
        roc_auc: 8 / 9,
        // squared errors .01 + .36 + .36 + .04 + .01 + .04 = .82
        brier_score: 0.82 / 6,
        // one row per calibration bin: mean |score - label| = (.1 + .6 + .6 + .2 + .1 + .2) / 6
        expected_calibration_error: 1.8 / 6,
      },
      'A',
    );
  });

  it('group B: TP 1, FP 1, TN 1, FN 0', () => {
    expectMetrics(
      group(grouping, 'B'),
      {
        count: 3,
        base_rate: 1 / 3,
        selection_rate: 2 / 3,
        true_positive_rate: 1,
        false_positive_rate: 1 / 2,
        false_negative_rate: 0,
        positive_predictive_value: 1 / 2,
        negative_predictive_value: 1,
        false_omission_rate: 0,
        accuracy: 2 / 3,
        balanced_accuracy: 0.75,
        roc_auc: 1,
        brier_score: (0.09 + 0.3025 + 0.09) / 3,
        expected_calibration_error: (0.3 + 0.55 + 0.3) / 3,
      },
      'B',
    );
  });

  it('group C has one row (a true positive): rates over negatives are not estimable', () => {
    const c = group(grouping, 'C');
    expectMetrics(
      c,
      {
        count: 1,
        base_rate: 1,
        selection_rate: 1,
        true_positive_rate: 1,
        false_negative_rate: 0,
        positive_predictive_value: 1,
        false_discovery_rate: 0,
        accuracy: 1,
        error_rate: 0,
        false_positive_rate: null,
        true_negative_rate: null,
        negative_predictive_value: null,
        false_omission_rate: null,
        balanced_accuracy: null,
        roc_auc: null,
      },
      'C',
    );
    assert.equal(c.notes.false_positive_rate, 'no actual negatives in group');
    assert.equal(c.notes.negative_predictive_value, 'no predicted negatives in group');
    assert.equal(c.small, true);
  });

  it('group D has no positives: TPR and FNR are not estimable, never 0', () => {
    const d = group(grouping, 'D');
    expectMetrics(
      d,
      {
        count: 4,
        base_rate: 0,
        selection_rate: 2 / 4,
        false_positive_rate: 2 / 4,
        true_negative_rate: 2 / 4,
        positive_predictive_value: 0,
        negative_predictive_value: 1,
        false_discovery_rate: 1,
        false_omission_rate: 0,
        accuracy: 2 / 4,
        true_positive_rate: null,
        false_negative_rate: null,
        balanced_accuracy: null,
        roc_auc: null,
      },
      'D',
    );
    assert.equal(d.notes.true_positive_rate, 'no actual positives in group');
  });

  it('overall: TP 4, FP 4, TN 5, FN 1', () => {
    expectMetrics(
      grouping.overall,
      {
        count: 14,
        selection_rate: 8 / 14,
        true_positive_rate: 4 / 5,
        false_positive_rate: 4 / 9,
        accuracy: 9 / 14,
      },
      'overall',
    );
  });

  it('aggregates skip groups without a value', () => {
    const a = grouping.aggregates;
    // selection rates A 1/2, B 2/3, C 1, D 1/2
    close(a.demographic_parity_difference, 0.5, 'DP difference');
    close(a.demographic_parity_ratio, 0.5, 'DP ratio');
    // overall 4/7: largest gap C (3/7); smallest ratio C (4/7)
    close(a.selection_rate_difference_to_overall, 3 / 7, 'to overall');
    close(a.selection_rate_ratio_to_overall, 4 / 7, 'ratio to overall');
    // TPR A 2/3, B 1, C 1, D skipped
    close(a.equal_opportunity_difference, 1 / 3, 'EO difference');
    close(a.equal_opportunity_ratio, 2 / 3, 'EO ratio');
    // FPR A 1/3, B 1/2, D 1/2, C skipped
    close(a.false_positive_rate_difference, 1 / 6, 'FPR difference');
    close(a.equalized_odds_difference, 1 / 3, 'EOdds difference');
    close(a.equalized_odds_ratio, 2 / 3, 'EOdds ratio');
    assert.match(grouping.aggregateNotes.true_positive_rate_difference ?? '', /group=D/);
    // KS: C's only score (0.95) lies above every score of A, so F_A - F_C reaches 1
    close(a.ks_distance, 1, 'KS');
    // W1 largest between C (point mass at .95) and D (mean .4125): .95 - .4125
    close(a.wasserstein_distance, 0.5375, 'Wasserstein');
  });

  it('generalized entropy of the benefit b = ŷ - y + 1', () => {
    // b = 0 for 1 FN, 1 for 9 correct rows, 2 for 4 FP; mean 17/14
    const mu = 17 / 14;
    close(grouping.aggregates.generalized_entropy_index, ((1 * 0 + 9 * 1 + 4 * 4) / (mu * mu) - 14) / (14 * 2), 'GE(2)');
    const theil = (9 * (1 / mu) * Math.log(1 / mu) + 4 * (2 / mu) * Math.log(2 / mu)) / 14;
    close(grouping.aggregates.theil_index, theil, 'Theil');
    // group mean benefits: A (4 + 2) / 6 = 1, B (2 + 2) / 3, C 1, D (2 + 4) / 4
    const means = [
      [6, 1],
      [3, 4 / 3],
      [1, 1],
      [4, 6 / 4],
    ] as const;
    const between = means.reduce((sum, [n, m]) => sum + n * ((m / mu) ** 2 - 1), 0) / (14 * 2);
    close(grouping.aggregates.between_group_generalized_entropy_index, between, 'between-group GE(2)');
  });

  it('disparities against the largest group, with four-fifths flags only on groups of at least the minimum size', async () => {
    // Every group is under 30 rows: no flag at all.
    assert.deepEqual(
      grouping.groups.map((g) => g.flagged),
      [[], [], [], []],
    );
    const judged = await runAudit(path.join(fixtures, 'classification.csv'), {
      roles: { label: 'label', prediction: 'prediction', score: 'score', sensitive: ['group'] },
      bootstrap: 0,
      minGroupSize: 1,
    });
    const all = judged.groupings[0]!;
    // reference A: selection 1/2; B 2/3 → 4/3, C 1 → 2, D 1/2 → 1
    assert.deepEqual(all.reference, { group: 'A' });
    close(group(all, 'B').disparities.selection_rate, 4 / 3, 'B disparity');
    close(group(all, 'C').disparities.selection_rate, 2, 'C disparity');
    close(group(all, 'D').disparities.selection_rate, 1, 'D disparity');
    assert.ok(group(all, 'B').flagged.includes('selection_rate'));
    assert.ok(!group(all, 'D').flagged.includes('selection_rate'));
  });
});

describe('regression metrics on a hand-checked fixture', async () => {
  // The target has five whole-number values: without --task it would be audited as multiclass.
  const report = await runAudit(path.join(fixtures, 'regression.csv'), {
    roles: { label: 'target', prediction: 'predicted', sensitive: ['group'] },
    bootstrap: 0,
    task: 'regression',
  });
  const grouping = report.groupings[0]!;

  it('audits a numeric label as regression when asked', () => {
    assert.equal(report.task, 'regression');
  });

  it('per-group errors and R²', () => {
    // X: y 1 2 3, ŷ 2 2 5 → errors 1 0 2; SST 2
    expectMetrics(
      group(grouping, 'X'),
      {
        count: 3,
        mean_target: 2,
        mean_prediction: 3,
        mean_absolute_error: 1,
        mean_squared_error: 5 / 3,
        root_mean_squared_error: Math.sqrt(5 / 3),
        r2: 1 - 5 / 2,
      },
      'X',
    );
    // Y: y 0 4, ŷ 1 3 → errors 1 -1; SST 8
    expectMetrics(
      group(grouping, 'Y'),
      {
        count: 2,
        mean_target: 2,
        mean_prediction: 2,
        mean_absolute_error: 1,
        mean_squared_error: 1,
        r2: 1 - 2 / 8,
      },
      'Y',
    );
  });

  it('KS and Wasserstein-1 between the prediction distributions', () => {
    // F_X jumps 2/3 at 2 and 1/3 at 5; F_Y jumps 1/2 at 1 and at 3. |F_X - F_Y| = 1/2 on [1,2), 1/6 on [2,3), 1/3 on [3,5)
    close(grouping.aggregates.ks_distance, 0.5, 'KS');
    close(grouping.aggregates.wasserstein_distance, 0.5 + 1 / 6 + (1 / 3) * 2, 'W1');
    close(grouping.aggregates.r2_difference, 0.75 - -1.5, 'R² difference');
    assert.equal(grouping.aggregates.r2_ratio, undefined, 'no ratio for a signed metric');
  });
});

describe('dataset audit (label only) on a hand-checked fixture', async () => {
  const report = await runAudit(path.join(fixtures, 'dataset.csv'), {
    roles: { label: 'approved', sensitive: ['region'] },
    bootstrap: 0,
  });
  const grouping = report.groupings[0]!;

  it('representation, base rates and label imbalance', () => {
    assert.equal(report.task, 'dataset');
    assert.equal(report.columns.positive, 'yes');
    // north 2 of 4 approved; south 1 of 5
    expectMetrics(group(grouping, 'north'), { count: 4, representation: 4 / 9, base_rate: 0.5, label_imbalance: 0 }, 'north');
    expectMetrics(group(grouping, 'south'), { count: 5, representation: 5 / 9, base_rate: 0.2, label_imbalance: 3 / 5 }, 'south');
    expectMetrics(grouping.overall, { base_rate: 1 / 3, label_imbalance: 1 / 3 }, 'overall');
    close(grouping.aggregates.base_rate_difference, 0.3, 'base rate difference');
    close(grouping.aggregates.base_rate_ratio, 0.4, 'base rate ratio');
  });
});

describe('dataset audit: four-fifths flags on base rates, never on label imbalance', async () => {
  // a: 200 rows, 184 approved (base rate 0.92, imbalance |184 − 16| / 200 = 0.84), the reference (largest);
  // b: 100 rows, 63 approved (base rate 0.63, imbalance |63 − 37| / 100 = 0.26).
  // b / a: base rate 0.63 / 0.92 = 0.685 (outside [0.8, 1.25]); imbalance 0.26 / 0.84 = 0.310 is no rate's ratio.
  const rows = (region: string, yes: number, no: number) => [...Array<string>(yes).fill(`${region},yes`), ...Array<string>(no).fill(`${region},no`)];
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'parity-flags-')), 'labels.csv');
  writeFileSync(file, ['region,approved', ...rows('a', 184, 16), ...rows('b', 63, 37), ''].join('\n'));
  const report = await runAudit(file, { roles: { label: 'approved', sensitive: ['region'] }, bootstrap: 0 });
  const grouping = report.groupings[0]!;

  it("the report flags b's base rate and not its label imbalance", () => {
    expectMetrics(group(grouping, 'b'), { base_rate: 0.63, label_imbalance: 0.26 }, 'b');
    expectMetrics(group(grouping, 'a'), { base_rate: 0.92, label_imbalance: 0.84 }, 'a');
    close(group(grouping, 'b').disparities.base_rate, 0.63 / 0.92, 'b base rate ratio');
    assert.deepEqual(group(grouping, 'b').flagged, ['base_rate']);
    assert.deepEqual(group(grouping, 'a').flagged, []);
  });

  it('a reference chosen in the panel and the Markdown export follow the same rule', () => {
    // against b: a's base rate ratio 0.92 / 0.63 = 1.460, imbalance 0.84 / 0.26 = 3.23
    const againstB = shownFlags(report, grouping, group(grouping, 'a'), referenceGroup(grouping, groupId(group(grouping, 'b'))));
    assert.deepEqual(againstB.flags, ['base_rate']);
    const markdown = formatMarkdown(report);
    assert.match(markdown, /0\.630 \(×0\.68\)/, 'the base rate flag');
    assert.doesNotMatch(markdown, /0\.260 \(×/, 'no label imbalance flag');
    // a report written before the rule left label imbalance out: its flag is not shown either
    const older: AuditReport = structuredClone(report);
    older.groupings[0]!.groups.find((g) => g.key.region === 'b')!.flagged.push('label_imbalance');
    assert.doesNotMatch(formatMarkdown(older), /0\.260 \(×/);
  });
});
