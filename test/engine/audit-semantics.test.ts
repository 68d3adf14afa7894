// Audit semantics (issue 17): degenerate outcomes, tasks and multiclass, reference groups,
// groupings and empty intersections, significance tests. Expected values are computed by hand
// from the fixture rows (counts in the comments) or ported from the peers' own test cases, cited
// where used.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runAudit } from '../../server/src/services/audit';
import type { Grouping, GroupResult } from '../../common/reports/audit';
import { evaluateConditions, parseCondition } from '../../server/src/adapters/cli/fail-if';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/audit');

function close(actual: number | null | undefined, expected: number, label: string, tolerance = 1e-12): void {
  assert.ok(actual !== null && actual !== undefined, `${label}: expected ${expected}, got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: expected ${expected}, got ${actual}`);
}

function group(grouping: Grouping, ...values: string[]): GroupResult {
  const found = grouping.groups.find((g) => Object.values(g.key).join('|') === values.join('|'));
  assert.ok(found, `group ${values.join(' & ')}`);
  return found;
}

function byColumns(groupings: readonly Grouping[], ...columns: string[]): Grouping {
  const found = groupings.find((g) => g.by.join() === columns.join());
  assert.ok(found, `grouping ${columns.join(' × ')}`);
  return found;
}

describe('constant predictions are audited, with 0/0 figures null', () => {
  // Ported from Aequitas' tests (dssg/aequitas, tests/test_bias_report.py test_all_1_scores_3, data
  // tests/test_artifacts/test_3.csv, expected tests/test_artifacts/expected_output_test_3.csv):
  // every row predicted positive.
  it('all predicted positive (Aequitas test_all_1_scores_3)', async () => {
    const report = await runAudit(path.join(fixtures, 'aequitas-all-1.csv'), {
      roles: { label: 'label_value', prediction: 'score', sensitive: ['class'] },
      bootstrap: 0,
      minGroupSize: 1,
    });
    const grouping = report.groupings[0]!;
    const high = group(grouping, 'High');
    const low = group(grouping, 'Low');
    // Aequitas: High fpr 1, fnr 0, for NaN, fdr 0.4; Low fdr 0.6; pprev 1.
    close(high.metrics.false_positive_rate, 1, 'High FPR');
    close(high.metrics.false_negative_rate, 0, 'High FNR');
    assert.equal(high.metrics.false_omission_rate, null);
    assert.equal(high.notes.false_omission_rate, 'no predicted negatives in group');
    close(high.metrics.false_discovery_rate, 0.4, 'High FDR');
    close(low.metrics.false_discovery_rate, 0.6, 'Low FDR');
    close(high.metrics.selection_rate, 1, 'High selection');
    // Aequitas (reference High): fnr_disparity NA (0/0), fpr_disparity 1, for_disparity NA,
    // fdr_disparity 1.4999999999999998, ppr and pprev disparity 1.
    assert.deepEqual(grouping.reference, { class: 'High' });
    assert.equal(low.disparities.false_negative_rate, null);
    assert.equal(low.notes.false_negative_rate, undefined);
    close(low.disparities.false_positive_rate, 1, 'fpr disparity');
    assert.equal(low.disparities.false_omission_rate, null);
    close(low.disparities.false_discovery_rate, 1.5, 'fdr disparity', 1e-12);
    close(low.disparities.selection_rate, 1, 'pprev disparity');
    // Between groups: FNR 0 and 0 give no ratio (0/0), never 1.
    assert.equal(grouping.aggregates.false_negative_rate_ratio, null);
    assert.equal(grouping.aggregateNotes.false_negative_rate_ratio, 'both values are 0 (0/0)');
    close(grouping.aggregates.false_negative_rate_difference, 0, 'FNR difference');
  });

  it('all predicted negative (the data of Aequitas test_all_0_scores_4), by hand', async () => {
    const report = await runAudit(path.join(fixtures, 'aequitas-all-0.csv'), {
      roles: { label: 'label_value', prediction: 'score', sensitive: ['class'] },
      bootstrap: 0,
      minGroupSize: 1,
    });
    assert.equal(report.task, 'classification');
    assert.equal(report.columns.positive, '1');
    const grouping = report.groupings[0]!;
    // High: labels 1,1,1,0,0 (rows 1,3,5,7,9): 3 positives; Low: 2 positives.
    const high = group(grouping, 'High');
    const low = group(grouping, 'Low');
    close(high.metrics.selection_rate, 0, 'selection');
    close(high.metrics.false_negative_rate, 1, 'FNR');
    close(high.metrics.false_omission_rate, 3 / 5, 'FOR = base rate');
    close(low.metrics.false_omission_rate, 2 / 5, 'Low FOR');
    assert.equal(high.metrics.false_discovery_rate, null);
    assert.equal(high.notes.false_discovery_rate, 'no predicted positives in group');
    assert.equal(high.metrics.positive_predictive_value, null);
    // Selection rates 0 and 0: the ratio is 0/0, the difference 0.
    assert.equal(grouping.aggregates.demographic_parity_ratio, null);
    close(grouping.aggregates.demographic_parity_difference, 0, 'DP difference');
    close(low.disparities.false_omission_rate, 2 / 5 / (3 / 5), 'FOR disparity');
    assert.equal(low.disparities.selection_rate, null);
  });

  it('a constant sensitive column among several is left out with a warning naming it', async () => {
    const report = await runAudit(path.join(fixtures, 'constant-sex.csv'), {
      roles: { label: 'label', prediction: 'prediction', sensitive: ['race', 'sex'] },
      bootstrap: 0,
    });
    assert.deepEqual(
      report.groupings.map((g) => g.by),
      [['race']],
    );
    const warning = report.warnings.find((w) => w.code === 'constant-sensitive');
    assert.ok(warning);
    assert.equal(warning.column, 'sex');
    assert.match(warning.message, /"sex" has a single value \("F"\)/);
  });
});

describe('tasks', () => {
  it('a label with three word classes and a prediction is multiclass, with one-vs-rest rates per class', async () => {
    const report = await runAudit(path.join(fixtures, 'multiclass.csv'), {
      roles: { label: 'label', prediction: 'prediction', sensitive: ['group'] },
      bootstrap: 0,
      minGroupSize: 1,
    });
    assert.equal(report.task, 'multiclass');
    assert.deepEqual(report.columns.classes, ['bird', 'cat', 'dog']);
    const grouping = report.groupings[0]!;
    // A: (cat,cat) (cat,dog) (dog,dog) (bird,bird) (bird,cat) (dog,dog): 4 of 6 correct.
    const a = group(grouping, 'A').metrics;
    close(a.accuracy, 4 / 6, 'A accuracy');
    close(a['selection_rate[cat]'], 2 / 6, 'A sel cat');
    close(a['true_positive_rate[cat]'], 1 / 2, 'A TPR cat');
    close(a['false_positive_rate[cat]'], 1 / 4, 'A FPR cat');
    close(a['positive_predictive_value[dog]'], 2 / 3, 'A PPV dog');
    close(a['selection_rate[bird]'], 1 / 6, 'A sel bird');
    close(a.macro_true_positive_rate, 2 / 3, 'A macro TPR');
    close(a.macro_false_positive_rate, 1 / 6, 'A macro FPR');
    close(a.macro_positive_predictive_value, 13 / 18, 'A macro PPV');
    // B: (cat,cat) (dog,cat) (bird,bird) (bird,bird): nothing predicted dog.
    const b = group(grouping, 'B');
    close(b.metrics.accuracy, 3 / 4, 'B accuracy');
    close(b.metrics['true_positive_rate[dog]'], 0, 'B TPR dog');
    assert.equal(b.metrics['positive_predictive_value[dog]'], null);
    close(b.metrics.macro_positive_predictive_value, 3 / 4, 'B macro PPV over the two estimable classes');
    // Gaps per class: selection cat 1/6, dog 1/2, bird 1/3; TPR cat 1/2, dog 1, bird 1/2; FPR cat 1/12, dog 1/4, bird 0.
    const agg = grouping.aggregates;
    close(agg.selection_rate_difference, 1 / 2, 'largest selection gap');
    close(agg.selection_rate_difference_macro, 1 / 3, 'mean selection gap');
    close(agg.demographic_parity_difference, 1 / 2, 'DP');
    close(agg.equal_opportunity_difference, 1, 'EO');
    close(agg.true_positive_rate_difference_macro, 2 / 3, 'mean TPR gap');
    close(agg.false_positive_rate_difference, 1 / 4, 'largest FPR gap');
    close(agg.equalized_odds_difference, 1, 'EOdds');
    close(agg.accuracy_difference, 3 / 4 - 4 / 6, 'accuracy gap');
  });

  it('a label with five whole-number values is multiclass unless --task regression, with a warning', async () => {
    const report = await runAudit(path.join(fixtures, 'regression.csv'), {
      roles: { label: 'target', prediction: 'predicted', sensitive: ['group'] },
      bootstrap: 0,
    });
    assert.equal(report.task, 'multiclass');
    assert.ok(report.warnings.some((w) => w.code === 'task' && /set the task to regression/.test(w.message)));
  });
});

describe('reference groups (AIF360 definitions)', () => {
  // Data of AIF360's tests/test_classification_metric.py (Trusted-AI/AIF360),
  // test_generalized_entropy_index: feat 0/1/2, label, and the prediction with rows 3, 9 set to 0
  // and rows 4, 5 set to 1.
  const options = { roles: { label: 'label', prediction: 'prediction', sensitive: ['feat'] }, bootstrap: 0, minGroupSize: 1 };

  it("GE(2) = 0.2, Theil = 4 ln 2 / 10 and the between-all-groups GE, as AIF360's test asserts", async () => {
    const grouping = (await runAudit(path.join(fixtures, 'aif360-entropy.csv'), options)).groupings[0]!;
    close(grouping.aggregates.generalized_entropy_index, 0.2, 'GE(2)', 1e-15);
    close(grouping.aggregates.theil_index, (4 * Math.log(2)) / 10, 'Theil', 1e-15);
    const b = [1, 1, 1.25, 1.25, 1.25, 1.25, 0.75, 0.75, 0.75, 0.75];
    close(grouping.aggregates.between_group_generalized_entropy_index, (1 / 20) * b.reduce((s, v) => s + v * v - 1, 0), 'between GE', 1e-15);
  });

  it('--reference feat=1: signed differences, disparate impact and average odds difference, by hand', async () => {
    const report = await runAudit(path.join(fixtures, 'aif360-entropy.csv'), { ...options, references: { feat: '1' } });
    const grouping = report.groupings[0]!;
    assert.deepEqual(grouping.reference, { feat: '1' });
    assert.equal(grouping.referenceSource, 'given');
    // feat=0: SR 1/2, TPR 1, FPR 0; feat=1: SR 1/2, TPR 0, FPR 2/3; feat=2: SR 1/2, TPR 2/3, FPR 0.
    const zero = group(grouping, '0');
    close(zero.differences.statistical_parity_difference, 0, 'SPD');
    close(zero.disparities.disparate_impact, 1, 'DI');
    close(zero.differences.equal_opportunity_difference, 1, 'EOD');
    close(zero.differences.average_odds_difference, (0 - 2 / 3 + (1 - 0)) / 2, 'AOD');
    close(zero.differences.false_positive_rate, -2 / 3, 'FPR difference');
    const two = group(grouping, '2');
    close(two.differences.equal_opportunity_difference, 2 / 3, 'EOD 2');
    close(two.differences.average_odds_difference, 0, 'AOD 2');
    // Aggregates: the non-reference group farthest from parity.
    close(grouping.aggregates.equal_opportunity_difference_to_reference, 1, 'EOD aggregate');
    close(grouping.aggregates.average_odds_difference, 1 / 6, 'AOD aggregate');
    close(grouping.aggregates.disparate_impact, 1, 'DI aggregate');
    // The max - min aggregates are unchanged: TPR 0 to 1.
    close(grouping.aggregates.equal_opportunity_difference, 1, 'EO max - min');
    // Tests compare each group with the reference, which has none of its own.
    assert.equal(grouping.tests.comparedWith, 'reference');
    assert.deepEqual(group(grouping, '1').tests.selection_rate, { pValue: null, adjustedPValue: null });
  });

  it('an unknown reference value is one clear error', async () => {
    await assert.rejects(
      runAudit(path.join(fixtures, 'aif360-entropy.csv'), { ...options, references: { feat: '7' } }),
      /the reference group "7" is not a group of feat; the groups are .*; pass --reference feat=VALUE with one of them/,
    );
  });
});

describe('groupings, empty intersections and large-group aggregates', () => {
  // groups of 3 rows have under 5 rows of a label value: minLabelCount 0 keeps to the row rule these tests are about
  const options = {
    roles: { label: 'label', prediction: 'prediction', sensitive: ['race', 'sex', 'age'] },
    bootstrap: 0,
    minGroupSize: 3,
    minLabelCount: 0,
  };

  it('each, pairs and full by default; empty combinations listed with count 0 and null metrics', async () => {
    const report = await runAudit(path.join(fixtures, 'intersections.csv'), options);
    assert.deepEqual(
      report.groupings.map((g) => g.by.join('&')),
      ['race', 'sex', 'age', 'race&sex', 'race&age', 'sex&age', 'race&sex&age'],
    );
    // Rows: A-F-young 2, A-F-old 1, A-M-young 2, B-F-young 2, B-F-old 1. Fairlearn 0.9's
    // MetricFrame lists the same three empty combinations, with NaN count and metrics
    // (bench/peers/fairlearn-intersections.py); Parity gives count 0 and null metrics.
    const full = byColumns(report.groupings, 'race', 'sex', 'age');
    const empty = full.groups.filter((g) => g.count === 0).map((g) => Object.values(g.key).join('-'));
    assert.deepEqual(empty, ['A-M-old', 'B-M-old', 'B-M-young']);
    const none = group(full, 'B', 'M', 'old');
    assert.equal(none.metrics.selection_rate, null);
    assert.equal(none.notes.selection_rate, 'no rows in group');
    assert.deepEqual(group(byColumns(report.groupings, 'race', 'sex'), 'B', 'M').count, 0);
    assert.equal(
      byColumns(report.groupings, 'race', 'age').groups.every((g) => g.count > 0),
      true,
    );
  });

  it('--groupings each gives the single columns only', async () => {
    const report = await runAudit(path.join(fixtures, 'intersections.csv'), { ...options, groupings: ['each'] });
    assert.deepEqual(
      report.groupings.map((g) => g.by.join('&')),
      ['race', 'sex', 'age'],
    );
  });

  it('aggregates over every group and over the groups of at least --min-group-size rows', async () => {
    const report = await runAudit(path.join(fixtures, 'intersections.csv'), options);
    const raceSex = byColumns(report.groupings, 'race', 'sex');
    // A-F: predictions 1,0,0 (SR 1/3); B-F: 1,1,1 (SR 1); A-M (2 rows): 0,0 (SR 0).
    close(raceSex.aggregates.demographic_parity_difference, 1, 'all groups');
    assert.equal(raceSex.largeGroups.groups, 2);
    close(raceSex.largeGroups.aggregates.demographic_parity_difference, 1 - 1 / 3, 'groups of 3 rows or more');
    assert.deepEqual(group(raceSex, 'A', 'M').flagged, [], 'a small group gets no four-fifths flag');
  });
});

/** Φ by numerical integration of the normal density (midpoint rule), independent of the engine's erfc. */
function normalCdf(z: number): number {
  let area = 0;
  const steps = 200_000;
  const h = z / steps;
  for (let i = 0; i < steps; i++) {
    const x = (i + 0.5) * h;
    area += Math.exp((-x * x) / 2) * h;
  }
  return 0.5 + area / Math.sqrt(2 * Math.PI);
}

/** Pooled two-proportion z-test: z = (p1 - p2) / sqrt(p(1-p)(1/n1 + 1/n2)), p-value 2(1 - Φ(|z|)). */
function zTestPValue(selected1: number, n1: number, selected2: number, n2: number): number {
  const pooled = (selected1 + selected2) / (n1 + n2);
  const z = Math.abs(selected1 / n1 - selected2 / n2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return 2 * (1 - normalCdf(z));
}

/** Benjamini-Hochberg: sorted p_(i) * m / i, monotone from the top; undefined entries are not tested. */
function benjaminiHochbergByHand(pValues: readonly (number | undefined)[]): (number | undefined)[] {
  const order = pValues.flatMap((p, i) => (p === undefined ? [] : [[p, i] as const])).sort((a, b) => a[0] - b[0]);
  const adjusted: (number | undefined)[] = pValues.map(() => undefined);
  let running = 1;
  for (let rank = order.length; rank >= 1; rank--) {
    running = Math.min(running, (order[rank - 1]![0] * order.length) / rank);
    adjusted[order[rank - 1]![1]] = running;
  }
  return adjusted;
}

describe("significance of each group's gap", () => {
  it('two-proportion z-tests against the reference (the largest group), Benjamini-Hochberg adjusted, by hand', async () => {
    const report = await runAudit(path.join(fixtures, 'weighted.csv'), {
      roles: { label: 'label', prediction: 'prediction', sensitive: ['race'] },
      bootstrap: 0,
    });
    const grouping = report.groupings[0]!;
    assert.equal(grouping.referenceSource, 'largest');
    assert.equal(grouping.tests.comparedWith, 'reference');
    // X: 192 rows, 27 predicted positive (the reference); Y: 80, 35; Z: 28, 22.
    assert.deepEqual(
      grouping.groups.map((g) => [g.key['race'], g.count, Math.round(g.metrics.selection_rate! * g.count)]),
      [
        ['X', 192, 27],
        ['Y', 80, 35],
        ['Z', 28, 22],
      ],
    );
    const pValues = [undefined, zTestPValue(35, 80, 27, 192), zTestPValue(22, 28, 27, 192)];
    const adjusted = benjaminiHochbergByHand(pValues);
    assert.deepEqual(grouping.groups[0]!.tests.selection_rate, { pValue: null, adjustedPValue: null }, 'the reference is not tested');
    grouping.groups.slice(1).forEach((g, i) => {
      close(g.tests.selection_rate!.pValue, pValues[i + 1]!, `p-value ${g.key['race']}`, 1e-6);
      close(g.tests.selection_rate!.adjustedPValue, adjusted[i + 1]!, `adjusted ${g.key['race']}`, 1e-6);
      assert.equal(g.supported.includes('selection_rate'), adjusted[i + 1]! < 0.05);
    });
  });

  it('* tests the gap its flag shows: to the largest group, the same whether it is the default reference or given', async () => {
    // A: 100 rows, 60 predicted positive (0.6); B: 80, 36 (0.45, ratio 0.75); C: 70, 28 (0.4, ratio 0.67).
    // Against A: B z = 0.15 / sqrt(0.5333 · 0.4667 · (1/80 + 1/100)) = 2.004, p = 0.0450; C z = 2.568,
    // p = 0.0102; BH over 2: C 0.0204, B 0.0450: both supported at 0.05.
    // Against the rest (as reports before did): A p = 0.0072, B (0.45 against 88/170) p = 0.318, C
    // (0.4 against 96/180) p = 0.0583; BH over 3: A 0.0217, C 0.0875, B 0.318: neither B nor C supported.
    const directory = mkdtempSync(path.join(tmpdir(), 'parity-significance-'));
    const file = path.join(directory, 'three-groups.csv');
    const counts = { A: [100, 60], B: [80, 36], C: [70, 28] } as const;
    const rows = Object.entries(counts).flatMap(([name, [n, selected]]) =>
      Array.from({ length: n }, (_, i) => `${name},${i < selected ? 1 : 0},${i < selected ? 1 : 0}`),
    );
    writeFileSync(file, ['group,label,prediction', ...rows].join('\n') + '\n');
    const options = { roles: { label: 'label', prediction: 'prediction', sensitive: ['group'] }, bootstrap: 0 };
    let byDefault: Grouping;
    let given: Grouping;
    try {
      byDefault = (await runAudit(file, options)).groupings[0]!;
      given = (await runAudit(file, { ...options, references: { group: 'A' } })).groupings[0]!;
    } finally {
      rmSync(directory, { recursive: true });
    }
    assert.equal(byDefault.referenceSource, 'largest');
    assert.equal(given.referenceSource, 'given');

    const pValues = [undefined, zTestPValue(36, 80, 60, 100), zTestPValue(28, 70, 60, 100)];
    const adjusted = benjaminiHochbergByHand(pValues);
    close(pValues[1]!, 0.04502, 'B against A, as in the comment', 5e-6);
    close(pValues[2]!, 0.010218, 'C against A, as in the comment', 5e-7);
    const rest = [zTestPValue(60, 100, 64, 150), zTestPValue(36, 80, 88, 170), zTestPValue(28, 70, 96, 180)];
    const adjustedRest = benjaminiHochbergByHand(rest);
    assert.deepEqual(
      adjustedRest.map((p) => p! < 0.05),
      [true, false, false],
      'against the rest, B and C would not be supported',
    );
    for (const grouping of [byDefault, given]) {
      assert.deepEqual(grouping.reference, { group: 'A' });
      assert.equal(grouping.tests.comparedWith, 'reference');
      assert.deepEqual(
        grouping.groups.map((g) => g.key['group']),
        ['A', 'B', 'C'],
      );
      assert.deepEqual(grouping.groups[0]!.tests.selection_rate, { pValue: null, adjustedPValue: null }, 'the reference is not tested');
      assert.deepEqual(grouping.groups[0]!.supported, []);
      for (const g of [1, 2]) {
        const test = grouping.groups[g]!.tests.selection_rate!;
        close(test.pValue, pValues[g]!, `p-value ${g}`, 1e-6);
        close(test.adjustedPValue, adjusted[g]!, `adjusted ${g}`, 1e-6);
        assert.ok(grouping.groups[g]!.flagged.includes('selection_rate'), 'the flag the * sits beside');
        assert.ok(grouping.groups[g]!.supported.includes('selection_rate'), `group ${g}: supported against A`);
      }
    }
    assert.deepEqual(
      given.groups.map((g) => [g.tests, g.supported]),
      byDefault.groups.map((g) => [g.tests, g.supported]),
      'every test the same whether the largest group is given or the default',
    );
  });
});

describe('--fail-if on the large groups', () => {
  it('large.METRIC reads the aggregate over the groups of at least --min-group-size rows', async () => {
    const report = await runAudit(path.join(fixtures, 'intersections.csv'), {
      roles: { label: 'label', prediction: 'prediction', sensitive: ['race', 'sex'] },
      bootstrap: 0,
      minGroupSize: 3,
      // the row rule alone (groups of 3 rows have under 5 of a label value: test/engine/min-label-count.test.ts)
      minLabelCount: 0,
      groupings: ['full'],
    });
    // race × sex: A-F SR 1/3, B-F SR 1 (3 rows each), A-M SR 0 (2 rows): all 1 - 0, large 2/3.
    const [all, large] = evaluateConditions(report, [
      parseCondition('demographic_parity_difference>0.9'),
      parseCondition('race&sex:large.demographic_parity_difference>0.9'),
    ]);
    assert.deepEqual(all!.failures, ['demographic_parity_difference by race × sex = 1.0000 > 0.9']);
    assert.deepEqual(large!.failures, []);
    const [largeLow] = evaluateConditions(report, [parseCondition('large.demographic_parity_difference>0.6')]);
    assert.deepEqual(largeLow!.failures, ['large.demographic_parity_difference by race × sex (groups of at least 3 rows) = 0.6667 > 0.6']);
  });
});
