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
import { fourFifthsFlag, hasFourFifthsFlags } from '../../common/four-fifths';
import { REGRESSION_METRICS } from '../../common/reports/audit';

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
        // over-predicted by 1 on average: (1 + 0 + 2) / 3
        mean_error: 1,
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
        // errors +1 and −1 cancel in the mean, not in the absolute error
        mean_error: 0,
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
    for (const signed of ['r2', 'mean_target', 'mean_prediction', 'mean_error'])
      assert.equal(grouping.aggregates[`${signed}_ratio`], undefined, `no ratio for a signed metric: ${signed}`);
    close(grouping.aggregates.mean_error_difference, 1, 'mean error: X over-predicted by 1, Y by 0');
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

describe('dataset audit of a numeric label on a hand-checked fixture', async () => {
  // numeric-label.csv: north -1.5, 0.5, 2.5, 0.5 (sum 2, mean 0.5); south -2, 1, -0.5 (sum -1.5, mean -0.5).
  const file = path.join(fixtures, 'numeric-label.csv');
  const report = await runAudit(file, { roles: { label: 'grade', sensitive: ['region'] }, bootstrap: 0 });
  const grouping = report.groupings[0]!;

  it('keeps the label, with no positive value and no warning about it', () => {
    assert.equal(report.task, 'dataset');
    assert.equal(report.columns.label, 'grade');
    assert.equal(report.columns.positive, null);
    assert.deepEqual(
      report.warnings.filter((w) => w.column === 'grade'),
      [],
    );
  });

  it('per-group means, the difference to the reference (north, the largest) and between groups', () => {
    expectMetrics(group(grouping, 'north'), { count: 4, representation: 4 / 7, label_mean: 0.5 }, 'north');
    expectMetrics(group(grouping, 'south'), { count: 3, representation: 3 / 7, label_mean: -0.5 }, 'south');
    // overall: (2 − 1.5) / 7
    expectMetrics(grouping.overall, { label_mean: 0.5 / 7 }, 'overall');
    assert.deepEqual(grouping.reference, { region: 'north' });
    close(group(grouping, 'south').differences.label_mean, -1, 'south − north');
    close(grouping.aggregates.label_mean_difference, 1, 'largest − smallest');
    // farthest from the overall 1/14: south, |−0.5 − 1/14| = 4/7
    close(grouping.aggregates.label_mean_difference_to_overall, 4 / 7, 'largest gap to overall');
  });

  it('no ratio and no four-fifths flag for a mean (it can be negative)', () => {
    for (const g of grouping.groups) {
      assert.equal(g.disparities.label_mean, undefined);
      assert.deepEqual(g.flagged, []);
    }
    assert.equal(grouping.aggregates.label_mean_ratio, undefined);
  });

  it('weighted by w: south (2 · −2 + 1 − 0.5) / 4 = −0.875', async () => {
    const weighted = (await runAudit(file, { roles: { label: 'grade', sensitive: ['region'] }, weight: 'w', bootstrap: 0 })).groupings[0]!;
    expectMetrics(group(weighted, 'north'), { label_mean: 0.5 }, 'north');
    expectMetrics(group(weighted, 'south'), { label_mean: -0.875 }, 'south');
    close(group(weighted, 'south').differences.label_mean, -1.375, 'south − north');
  });

  it('a label that is neither binary nor numeric is still left out, with a warning', async () => {
    const words = path.join(mkdtempSync(path.join(tmpdir(), 'parity-words-')), 'words.csv');
    writeFileSync(words, ['region,grade', 'n,low', 'n,mid', 's,high', 's,low', ''].join('\n'));
    const wordsReport = await runAudit(words, { roles: { label: 'grade', sensitive: ['region'] }, bootstrap: 0 });
    assert.equal(wordsReport.columns.label, null);
    assert.ok(wordsReport.warnings.some((w) => w.column === 'grade' && /neither binary nor numeric/.test(w.message)));
  });
});

describe('numeric label: bootstrap intervals against normal theory', async () => {
  // a: 400 rows, 200 × −1 and 200 × +1 (mean 0, SD 1); b: 100 rows, 50 × 0 and 50 × 2 (mean 1, SD 1).
  // Standard errors: a 1/√400 = 0.05, b 1/√100 = 0.1, b − a √(0.05² + 0.1²) = 0.1118; 95% half-widths
  // 1.96 × SE = 0.098, 0.196 and 0.219. 1000 resamples put the percentiles within a few per cent of
  // those (Monte Carlo error); 15% is the margin allowed.
  const rows = (g: string, values: number[], times: number) => values.flatMap((v) => Array<string>(times).fill(`${g},${v}`));
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'parity-mean-ci-')), 'means.csv');
  writeFileSync(file, ['g,y', ...rows('a', [-1, 1], 200), ...rows('b', [0, 2], 50), ''].join('\n'));
  const report = await runAudit(file, { roles: { label: 'y', sensitive: ['g'] }, bootstrap: 1000, seed: 7 });
  const grouping = report.groupings[0]!;

  const halfWidth = (interval: [number, number] | null | undefined, centre: number, expected: number, label: string) => {
    assert.ok(interval, `${label}: an interval`);
    assert.ok(interval[0] < centre && centre < interval[1], `${label}: ${centre} in [${interval.join(', ')}]`);
    const half = (interval[1] - interval[0]) / 2;
    assert.ok(Math.abs(half / expected - 1) < 0.15, `${label}: half-width ${half}, normal theory ${expected}`);
  };

  it('each mean and the difference b − a', () => {
    halfWidth(group(grouping, 'a').intervals.label_mean, 0, 1.96 * 0.05, 'a');
    halfWidth(group(grouping, 'b').intervals.label_mean, 1, 1.96 * 0.1, 'b');
    close(group(grouping, 'b').differences.label_mean, 1, 'b − a');
    halfWidth(group(grouping, 'b').differenceIntervals.label_mean, 1, 1.96 * Math.sqrt(0.05 ** 2 + 0.1 ** 2), 'b − a');
  });

  it('weighted: the linearised standard error of a ratio of sums', async () => {
    // a: 200 × (y −1, w 1) and 200 × (y +1, w 3): W = 800, mean (−200 + 600) / 800 = 0.5,
    // SE = √(Σ w²(y − m)²) / W = √(200 · 1.5² + 200 · 9 · 0.5²) / 800 = √900 / 800 = 0.0375;
    // b: 100 × (0, 1) and 100 × (2, 1): mean 1, SE √200 / 200 = 0.0707.
    const weighted = path.join(path.dirname(file), 'weighted.csv');
    writeFileSync(
      weighted,
      ['g,y,w', ...Array<string>(200).fill('a,-1,1'), ...Array<string>(200).fill('a,1,3'), ...rows('b', [0, 2], 100).map((r) => `${r},1`), ''].join('\n'),
    );
    const groups = (await runAudit(weighted, { roles: { label: 'y', sensitive: ['g'] }, weight: 'w', bootstrap: 1000, seed: 7 })).groupings[0]!;
    close(group(groups, 'a').metrics.label_mean, 0.5, 'a');
    halfWidth(group(groups, 'a').intervals.label_mean, 0.5, 1.96 * 0.0375, 'weighted a');
    halfWidth(group(groups, 'b').intervals.label_mean, 1, (1.96 * Math.sqrt(200)) / 200, 'weighted b');
  });
});

describe('regression metrics carry no four-fifths flags', async () => {
  // X (5 rows): every ŷ − y = 1 → MAE 1, MSE 1; Y (6 rows, the reference): every ŷ − y = 3 → MAE 3, MSE 9.
  // X / Y: MAE 1/3, MSE 1/9: far outside [0.8, 1.25], but neither is a selection rate.
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'parity-regression-flags-')), 'errors.csv');
  writeFileSync(file, ['g,y,p', ...Array<string>(4).fill('X,0,1'), ...Array<string>(5).fill('Y,0,3'), 'X,0.5,1.5', 'Y,0.5,3.5', ''].join('\n'));
  const report = await runAudit(file, { roles: { label: 'y', prediction: 'p', sensitive: ['g'] }, task: 'regression', bootstrap: 0 });
  const grouping = report.groupings[0]!;

  it('the ratios are reported, the flags are not', () => {
    assert.equal(report.task, 'regression');
    close(group(grouping, 'X').disparities.mean_absolute_error, 1 / 3, 'MAE ratio');
    close(group(grouping, 'X').disparities.mean_squared_error, 1 / 9, 'MSE ratio');
    for (const g of grouping.groups) assert.deepEqual(g.flagged, [], Object.values(g.key)[0]);
  });

  it('the one rule exempts every regression metric and the label mean, and still flags rates', () => {
    for (const metric of [...REGRESSION_METRICS, 'label_mean']) {
      assert.equal(hasFourFifthsFlags(metric), false, metric);
      assert.equal(fourFifthsFlag(metric, 1 / 3), false, metric);
    }
    assert.equal(fourFifthsFlag('selection_rate', 1 / 3), true);
  });

  it('a report written before the exemption does not show its regression flags', () => {
    const older: AuditReport = structuredClone(report);
    const x = older.groupings[0]!.groups.find((g) => g.key.g === 'X')!;
    x.flagged.push('mean_absolute_error', 'mean_squared_error');
    assert.deepEqual(shownFlags(older, older.groupings[0]!, x, referenceGroup(older.groupings[0]!)).flags, []);
    // a reference chosen in the panel computes flags from the rates: none either
    const againstX = shownFlags(older, older.groupings[0]!, group(older.groupings[0]!, 'Y'), referenceGroup(older.groupings[0]!, groupId(x)));
    assert.deepEqual(againstX.flags, []);
  });
});
