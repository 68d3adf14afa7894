import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { summarizeOutcomes } from '../../server/src/engine/audit/outcomes';
import { boundaryInterval } from '../../server/src/engine/metrics/clopper-pearson';
import { runAudit } from '../../server/src/services/audit';
import type { GroupResult, Interval } from '../../common/reports/audit';
import type { MitigationReport } from '../../common/reports/mitigation';
import { groupsTable } from '../../common/render/audit-tables';
import { perGroupTable } from '../../common/render/mitigation-model';
import { EXACT_INTERVAL_NOTE } from '../../common/render/table';

/**
 * Expected intervals by hand from the Clopper–Pearson closed forms at the boundary, α = 0.05:
 * k = n → [0.025^(1/n), 1], k = 0 → [0, 1 − 0.025^(1/n)].
 *   n = 1: [0.025, 1] and [0, 0.975];  n = 2: 0.025^(1/2) = 0.158114;  n = 3: 1 − 0.025^(1/3) = 1 − 0.292402 = 0.707598;
 *   n = 5: 0.025^(1/5) = 0.478176 (what a weight of 5 on one row would give if it were counted as 5 rows).
 */
const ONE_OF_ONE: Interval = [0.025, 1];
const NONE_OF_ONE: Interval = [0, 0.975];
const TWO_OF_TWO: Interval = [0.158114, 1];
const NONE_OF_THREE: Interval = [0, 0.707598];

function closeInterval(actual: Interval | null | undefined, expected: Interval, label: string): void {
  assert.ok(actual, `${label}: no interval`);
  assert.ok(
    Math.abs(actual[0] - expected[0]) < 1e-6 && Math.abs(actual[1] - expected[1]) < 1e-6,
    `${label}: [${actual.join(', ')}], expected [${expected.join(', ')}]`,
  );
}

/**
 * Group A: 2 rows, both label 1, one predicted 1 (TP) and one 0 (FN).
 * Group B: 1 row, label 1, predicted 1 (TP).
 * Group C: 40 rows, 10 TP, 10 FN, 5 FP, 15 TN: every rate strictly between 0 and 1.
 */
function csv(weightOfB = 1): string {
  const lines = ['group,label,prediction,weight', 'A,1,1,1', 'A,1,0,1', `B,1,1,${weightOfB}`];
  const c = [...Array(10).fill('1,1'), ...Array(10).fill('1,0'), ...Array(5).fill('0,1'), ...Array(15).fill('0,0')];
  for (const row of c) lines.push(`C,${row},1`);
  return lines.join('\n') + '\n';
}

const dir = mkdtempSync(path.join(tmpdir(), 'parity-exact-'));
function file(name: string, content: string): string {
  const location = path.join(dir, name);
  writeFileSync(location, content);
  return location;
}

async function groups(location: string, weight?: string): Promise<Record<string, GroupResult>> {
  const report = await runAudit(location, {
    roles: { label: 'label', prediction: 'prediction', sensitive: ['group'] },
    bootstrap: 200,
    seed: 3,
    ...(weight ? { weight } : {}),
  });
  return Object.fromEntries(report.groupings[0]!.groups.map((g) => [g.key.group!, g]));
}

describe('exact binomial intervals of per-group rates at 0 or 1', () => {
  it('the closed forms: n = 2, k = 2 gives [0.158, 1]; n = 1 gives [0.025, 1] and [0, 0.975]; inside, none', () => {
    closeInterval(boundaryInterval(2, 2, 0.95), TWO_OF_TWO, 'k = n = 2');
    closeInterval(boundaryInterval(1, 1, 0.95), ONE_OF_ONE, 'k = n = 1');
    closeInterval(boundaryInterval(0, 1, 0.95), NONE_OF_ONE, 'k = 0, n = 1');
    closeInterval(boundaryInterval(0, 3, 0.95), NONE_OF_THREE, 'k = 0, n = 3');
    assert.equal(boundaryInterval(1, 2, 0.95), null);
    assert.equal(boundaryInterval(0, 0, 0.95), null);
  });

  it('an audit gives a 2-row all-positive group and a 1-row group exact intervals, and lists them', async () => {
    const byGroup = await groups(file('tiny.csv', csv()));
    const [a, b] = [byGroup['A']!, byGroup['B']!];
    // A: base rate 2 of 2; PPV 1 of 1 predicted positive, FDR 0 of 1; NPV 0 of 1 predicted negative, FOR 1 of 1
    closeInterval(a.intervals.base_rate, TWO_OF_TWO, 'A base rate');
    closeInterval(a.intervals.positive_predictive_value, ONE_OF_ONE, 'A PPV');
    closeInterval(a.intervals.false_discovery_rate, NONE_OF_ONE, 'A FDR');
    closeInterval(a.intervals.negative_predictive_value, NONE_OF_ONE, 'A NPV');
    closeInterval(a.intervals.false_omission_rate, ONE_OF_ONE, 'A FOR');
    assert.deepEqual([...a.exactIntervals!].sort(), [
      'base_rate',
      'false_discovery_rate',
      'false_omission_rate',
      'negative_predictive_value',
      'positive_predictive_value',
    ]);
    // A's 1-of-2 rates (selection rate, TPR, accuracy) keep a bootstrap interval, which spreads
    const [low, high] = a.intervals.selection_rate!;
    assert.ok(low < 0.5 && high > 0.5, `A selection rate [${low}, ${high}]`);
    // B: one TP row; TPR 1 of 1, FNR 0 of 1, and no negatives or predicted negatives (those rates are null, no interval)
    for (const metric of ['base_rate', 'selection_rate', 'true_positive_rate', 'positive_predictive_value', 'accuracy'])
      closeInterval(b.intervals[metric], ONE_OF_ONE, `B ${metric}`);
    for (const metric of ['false_negative_rate', 'false_discovery_rate', 'error_rate']) closeInterval(b.intervals[metric], NONE_OF_ONE, `B ${metric}`);
    assert.equal(b.metrics.false_positive_rate, null);
    assert.ok(!b.exactIntervals!.includes('false_positive_rate') && !b.exactIntervals!.includes('balanced_accuracy'));
    assert.equal(byGroup['C']!.exactIntervals, undefined);
  });

  it('a group whose rates lie inside (0, 1) keeps its bootstrap intervals: the same beside other groups', async () => {
    // the Poisson draws are keyed per cell and class, so group C's resamples do not depend on A and B;
    // beside a group Z of one TN row instead, C's intervals are the bootstrap's as before
    const all = (await groups(file('all.csv', csv())))['C']!;
    const beside = csv()
      .split('\n')
      .filter((line) => !/^[AB],/.test(line))
      .concat('Z,0,0,1')
      .join('\n');
    const alone = (await groups(file('beside.csv', beside)))['C']!;
    // (its representation, a share of all rows, does depend on the other groups)
    const rates = (g: GroupResult) => Object.fromEntries(Object.entries(g.intervals).filter(([metric]) => metric !== 'representation'));
    assert.deepEqual(rates(all), rates(alone));
    // and they are not a closed form: the base rate 20/40 is not at the boundary
    const [low, high] = all.intervals.base_rate!;
    assert.ok(low < 0.5 && 0.5 < high);
  });

  it("with --weight, n is the unweighted row count: a single row of weight 5 gets [0.025, 1], not 5 rows' [0.478, 1]", async () => {
    const b = (await groups(file('weighted.csv', csv(5)), 'weight'))['B']!;
    closeInterval(b.intervals.base_rate, ONE_OF_ONE, 'B base rate (weighted)');
  });

  it('no bootstrap, no interval: the exact ones are not added to point estimates', async () => {
    const report = await runAudit(file('point.csv', csv()), { roles: { label: 'label', prediction: 'prediction', sensitive: ['group'] }, bootstrap: 0 });
    const b = report.groupings[0]!.groups.find((g) => g.key.group === 'B')!;
    assert.equal(b.exactIntervals, undefined);
    assert.equal(b.intervals.base_rate ?? null, null);
  });
});

describe('exact intervals in a mitigation summary (summarizeOutcomes)', () => {
  // group "missed": 39 rows, 3 with label 1, all predicted 0 (TPR 0 of 3); group "other": 40 rows, 20 positives, 10 caught
  const labels = [...Array(3).fill(1), ...Array(36).fill(0), ...Array(20).fill(1), ...Array(20).fill(0)];
  const predictions = [...Array(39).fill(0), ...Array(10).fill(1), ...Array(10).fill(0), ...Array(5).fill(1), ...Array(15).fill(0)];
  const groupsOfRows = [...Array(39).fill('missed'), ...Array(40).fill('other')];

  it('a TPR of 0 on 3 positives gets [0, 1 − 0.025^(1/3)] = [0, 0.708]', () => {
    const summary = summarizeOutcomes({ task: 'classification', labels, predictions, groups: groupsOfRows });
    const missed = summary.groups.find((g) => g.group === 'missed')!;
    assert.equal(missed.metrics['true_positive_rate'], 0);
    closeInterval(missed.intervals!['true_positive_rate'], NONE_OF_THREE, 'missed TPR');
    // selection rate 0 of 39: 1 − 0.025^(1/39) = 1 − exp(ln 0.025 / 39) = 1 − exp(−0.0945866) = 0.090251
    closeInterval(missed.intervals!['selection_rate'], [0, 0.090251], 'missed selection rate');
    assert.ok(missed.exactIntervals!.includes('true_positive_rate'));
    assert.equal(summary.groups.find((g) => g.group === 'other')!.exactIntervals, undefined);
  });

  it('a randomized decision: exact only where the rate is a count of rows (probability 0 or 1 on every row it counts)', () => {
    // "missed" rows get probability 0, "other" rows 0.5: missed's TPR and selection rate are 0 exactly, of 3 and 39 rows
    const probability = (row: number) => (row < 39 ? 0 : 0.5);
    const summary = summarizeOutcomes({ task: 'classification', labels, predictions, groups: groupsOfRows, probability });
    const missed = summary.groups.find((g) => g.group === 'missed')!;
    closeInterval(missed.intervals!['true_positive_rate'], NONE_OF_THREE, 'missed TPR in expectation');
    closeInterval(missed.intervals!['selection_rate'], [0, 0.090251], 'missed selection rate in expectation');
    // NPV 36 of 39 expected predicted negatives: a denominator the decision sets, and not at the boundary anyway
    assert.ok(!missed.exactIntervals!.includes('negative_predictive_value'));
    // "other" in expectation: every rate strictly inside, the bootstrap's
    assert.equal(summary.groups.find((g) => g.group === 'other')!.exactIntervals, undefined);
  });
});

describe('the tables say which intervals are exact', () => {
  it("the audit's groups table: an exact interval's cell says so on hover, a bootstrap one's does not", async () => {
    const report = await runAudit(file('table.csv', csv()), { roles: { label: 'label', prediction: 'prediction', sensitive: ['group'] }, bootstrap: 200 });
    const grouping = report.groupings[0]!;
    const table = groupsTable(report, grouping, undefined, 'panel');
    const column = table.columns.findIndex((c) => c.key === 'base_rate');
    assert.ok(column >= 0, 'a base rate column');
    const rowOf = (name: string) => table.rows[grouping.groups.findIndex((g) => g.key.group === name)]!;
    const exact = rowOf('B').cells[column]!;
    assert.equal(exact.interval, '[0.025, 1.000]');
    assert.equal(exact.title, EXACT_INTERVAL_NOTE);
    assert.equal(rowOf('C').cells[column]!.title, undefined);
  });

  it("the mitigation's per-group table: the hover names the side (before, after) whose interval is exact", () => {
    const labels = [1, 1, 1, ...Array(37).fill(0), ...Array(20).fill(1), ...Array(20).fill(0)];
    const groupsOfRows = [...Array(40).fill('missed'), ...Array(40).fill('other')];
    const other = [...Array(10).fill(1), ...Array(10).fill(0), ...Array(5).fill(1), ...Array(15).fill(0)];
    // before: the 3 positives of "missed" all missed (TPR 0 of 3); after: 2 of them caught (TPR 2/3, inside)
    const before = summarizeOutcomes({ task: 'classification', labels, predictions: [...Array(40).fill(0), ...other], groups: groupsOfRows });
    const after = summarizeOutcomes({ task: 'classification', labels, predictions: [1, 1, ...Array(38).fill(0), ...other], groups: groupsOfRows });
    const report = { task: 'classification', columns: { sensitive: ['group'] }, before, after } as unknown as MitigationReport;
    const table = perGroupTable(report, after);
    const column = table.columns.findIndex((c) => c.key === 'true_positive_rate');
    const missed = table.rows.find((r) => r.cells[0]!.text === 'missed')!.cells[column]!;
    assert.match(missed.text, /^0\.000 \[0\.000, 0\.708\] → 0\.667 /);
    assert.equal(missed.title, `before: ${EXACT_INTERVAL_NOTE}`);
  });
});
