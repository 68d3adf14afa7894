import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import Papa from 'papaparse';
import { optimizeThresholds, positiveProbability } from '../../server/src/methods/threshold/optimizer';
import { threshold } from '../../server/src/methods/threshold/command';
import { GroupRanking } from '../../server/src/methods/threshold/roc';
import { SHARED_DATA } from '../support/adult';
import { runWithFlags } from '../support/run-with-flags';
import { runAudit } from '../../server/src/services/audit';
import type { MitigationReport, ThresholdGroupRule } from '../../common/reports/mitigation';

const compas = path.join(SHARED_DATA, 'compas-scores-two-years.csv.gz');

/** Per group: expected selection rate, TPR and FPR of the rows' positive probabilities (computed here, not by the engine). */
function expectedRates(file: string): Map<string, { selection: number; tpr: number; fpr: number }> {
  // papaparse, not the engine's reader: the written CSV keeps COMPAS's quoted charge descriptions
  const rows = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data;
  const sums = new Map<string, number[]>();
  for (const row of rows) {
    const p = Number(row['threshold_probability']);
    const y = Number(row['two_year_recid']);
    const s = sums.get(row['race']!) ?? [0, 0, 0, 0, 0];
    // n, Σp, positives, Σp over positives, Σp over negatives
    s[0]! += 1;
    s[1]! += p;
    s[2]! += y;
    s[3]! += y * p;
    s[4]! += (1 - y) * p;
    sums.set(row['race']!, s);
  }
  return new Map([...sums].map(([g, [n, p, pos, tp, fp]]) => [g, { selection: p! / n!, tpr: tp! / pos!, fpr: fp! / (n! - pos!) }]));
}

const spread = (values: number[]) => Math.max(...values) - Math.min(...values);

describe('threshold optimizer (Hardt et al.)', () => {
  it('meets demographic parity within the tolerance on COMPAS (expected rates), more accurately than chance', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'parity-threshold-'));
    const hash = createHash('sha256').update(readFileSync(compas)).digest('hex');
    const report = await runWithFlags(
      threshold,
      { data: compas, score: 'decile_score', label: 'two_year_recid', sensitive: 'race', fairness: 'demographic-parity', tolerance: '0.02', out },
      {},
    );
    assert.equal(createHash('sha256').update(readFileSync(compas)).digest('hex'), hash, 'input unchanged');
    const rates = expectedRates(path.join(out, 'predictions.csv'));
    assert.equal(rates.size, 6);
    assert.ok(spread([...rates.values()].map((r) => r.selection)) <= 0.02 + 1e-9, `selection rates ${JSON.stringify([...rates])}`);
    // "before" is the rule it names: each group's selection rate under it, counted here from the file
    assert.equal(report.parameters['beforeRule'], 'decile_score > 5');
    const rows = Papa.parse<Record<string, string>>(readFileSync(path.join(out, 'predictions.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    for (const group of report.before.groups) {
      const members = rows.filter((row) => row['race'] === group.group);
      const selected = members.filter((row) => Number(row['decile_score']) > 5).length / members.length;
      assert.ok(Math.abs(group.metrics['selection_rate']! - selected) < 1e-12, `${group.group}: ${group.metrics['selection_rate']} vs ${selected}`);
    }
    // 45.1% of COMPAS rows reoffend: always predicting "no" scores 0.549
    assert.ok(report.after.accuracy! > 0.6, `accuracy ${report.after.accuracy}`);
    // apply with the saved model and seed redraws the same randomized decisions
    const applied = path.join(out, 'applied.csv');
    await threshold.apply!(JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')), compas, { out: applied, csv: {} }, {});
    assert.equal(readFileSync(applied, 'utf8'), readFileSync(path.join(out, 'predictions.csv'), 'utf8'));
  });

  it('takes "before" at a given threshold (--threshold, score ≥ T), leaving the fitted rules as they are', async () => {
    const example = path.resolve(__dirname, '../../../examples/compas/compas-two-years.csv');
    const flags = { data: example, score: 'decile_score', label: 'two_year_recid', sensitive: 'race', tolerance: '0.02' };
    const given = await runWithFlags(threshold, { ...flags, threshold: '5', out: mkdtempSync(path.join(tmpdir(), 'parity-threshold-')) });
    const fitted = await runWithFlags(threshold, { ...flags, out: mkdtempSync(path.join(tmpdir(), 'parity-threshold-')) });
    assert.equal(given.parameters['beforeRule'], 'decile_score ≥ 5');
    assert.equal(given.baseline, "the score's own cut, decile_score ≥ 5, as the audit applies it");
    // each group's selection rate and the accuracy of decile_score ≥ 5, counted here from the file
    const rows = Papa.parse<Record<string, string>>(readFileSync(example, 'utf8'), { header: true, skipEmptyLines: true }).data;
    const correct = rows.filter((row) => Number(row['decile_score']) >= 5 === (row['two_year_recid'] === '1')).length;
    assert.ok(Math.abs(given.before.accuracy! - correct / rows.length) < 1e-12);
    for (const group of given.before.groups) {
      const members = rows.filter((row) => row['race'] === group.group);
      const selected = members.filter((row) => Number(row['decile_score']) >= 5).length / members.length;
      assert.ok(Math.abs(group.metrics['selection_rate']! - selected) < 1e-12, group.group);
    }
    assert.deepEqual(given.after, fitted.after, 'the rules and their decisions do not depend on "before"');
  });

  it("has the audit's before on the COMPAS example with the audit's threshold: each race's selection rate", async () => {
    const example = path.resolve(__dirname, '../../../examples/compas/compas-two-years.csv');
    const audit = await runAudit(example, { roles: { label: 'two_year_recid', score: 'decile_score', sensitive: ['race'] }, threshold: 5, bootstrap: 0 });
    const report = await runWithFlags(threshold, {
      data: example,
      score: 'decile_score',
      label: 'two_year_recid',
      sensitive: 'race',
      threshold: '5',
      bootstrap: '0',
      out: mkdtempSync(path.join(tmpdir(), 'parity-threshold-')),
    });
    const race = audit.groupings.find((grouping) => grouping.by.join() === 'race')!;
    assert.equal(report.before.groups.length, race.groups.length);
    for (const group of report.before.groups) {
      const audited = race.groups.find((g) => g.key['race'] === group.group)!;
      assert.equal(group.metrics['selection_rate'], audited.metrics['selection_rate'], group.group);
    }
  });

  // hand.csv: a = (score, label) (1,0) (2,0) (3,1) (3,0) (4,1); b = (1,0) (2,1) (3,0) (4,1) (5,1); 5 positives, 5 negatives.
  // score ≥ 3: a selects 3 of 5 (0.6), 4 correct; b selects 3 of 5 (0.6), 3 correct; accuracy 7/10.
  // The most accurate cut "score > t" (correct = 5 + 2·positives above − rows above): > 4: 6; > 3: 5 + 6 − 3 = 8;
  // > 2: 5 + 8 − 6 = 7; > 1: 5 + 10 − 8 = 7: score > 3, a selects 1 of 5 (0.2), b 2 of 5 (0.4), accuracy 8/10.
  const handRows = [
    ['a', 1, 0],
    ['a', 2, 0],
    ['a', 3, 1],
    ['a', 3, 0],
    ['a', 4, 1],
    ['b', 1, 0],
    ['b', 2, 1],
    ['b', 3, 0],
    ['b', 4, 1],
    ['b', 5, 1],
  ] as const;
  const writeRows = (name: string, rows: readonly (readonly [string, number, number])[]) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'parity-threshold-hand-')), name);
    writeFileSync(file, ['group,score,y', ...rows.map((row) => row.join(','))].join('\n') + '\n');
    return file;
  };
  const handFlags = (data: string) => ({ data, score: 'score', label: 'y', sensitive: 'group', bootstrap: '0' });
  const selection = (report: MitigationReport) => Object.fromEntries(report.before.groups.map((g) => [g.group, g.metrics['selection_rate']]));

  it('takes before as score ≥ T when given a threshold, else the most accurate cut, on a hand-built file', async () => {
    const data = writeRows('hand.csv', handRows);
    const given = await runWithFlags(threshold, { ...handFlags(data), threshold: '3', out: mkdtempSync(path.join(tmpdir(), 'parity-threshold-')) });
    assert.equal(given.parameters['beforeRule'], 'score ≥ 3');
    assert.equal(given.baseline, "the score's own cut, score ≥ 3, as the audit applies it");
    assert.ok(Math.abs(given.before.accuracy! - 0.7) < 1e-12, `accuracy ${given.before.accuracy}`);
    assert.deepEqual(selection(given), { a: 0.6, b: 0.6 });
    const fitted = await runWithFlags(threshold, { ...handFlags(data), out: mkdtempSync(path.join(tmpdir(), 'parity-threshold-')) });
    assert.equal(fitted.parameters['beforeRule'], 'score > 3');
    assert.equal(fitted.baseline, 'one threshold for everyone, the most accurate: score > 3');
    assert.ok(Math.abs(fitted.before.accuracy! - 0.8) < 1e-12, `accuracy ${fitted.before.accuracy}`);
    assert.deepEqual(selection(fitted), { a: 0.2, b: 0.4 });
  });

  it("records each rule's fitting rows and labels, and warns of a group under --min-group-size", async () => {
    // calibration: a = (1,0) (2,1) (3,1): 3 rows, 2 positive, 1 negative; b = scores 1..6 labelled 0 0 1 0 1 1: 6 rows, 3 and 3.
    // The rules are fitted on it, not on the 5 + 5 rows of the data file.
    const calibration = writeRows('calibration.csv', [
      ['a', 1, 0],
      ['a', 2, 1],
      ['a', 3, 1],
      ['b', 1, 0],
      ['b', 2, 0],
      ['b', 3, 1],
      ['b', 4, 0],
      ['b', 5, 1],
      ['b', 6, 1],
    ]);
    const report = await runWithFlags(threshold, {
      ...handFlags(writeRows('hand.csv', handRows)),
      calibration,
      'min-group-size': '4',
      out: mkdtempSync(path.join(tmpdir(), 'parity-threshold-')),
    });
    const rules = report.parameters['rules'] as ThresholdGroupRule[];
    assert.deepEqual(
      rules.map(({ group, rows, positives, negatives }) => ({ group, rows, positives, negatives })),
      [
        { group: 'a', rows: 3, positives: 2, negatives: 1 },
        { group: 'b', rows: 6, positives: 3, negatives: 3 },
      ],
    );
    assert.equal(report.parameters['minGroupSize'], 4);
    assert.deepEqual(report.warnings, ["a: fitted on 3 rows (2 positive, 1 negative), fewer than 4: this group's cut is unreliable"]);
    const model = JSON.parse(readFileSync(report.files.model, 'utf8')) as { rules: ThresholdGroupRule[] };
    assert.deepEqual(
      model.rules.map((rule) => rule.rows),
      [3, 6],
    );
  });

  it('meets equalized odds exactly in expectation on COMPAS', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'parity-threshold-'));
    const report = await runWithFlags(
      threshold,
      { data: compas, score: 'decile_score', label: 'two_year_recid', sensitive: 'race', fairness: 'equalized-odds', tolerance: '0', out },
      {},
    );
    const rates = [...expectedRates(path.join(out, 'predictions.csv')).values()];
    assert.ok(spread(rates.map((r) => r.tpr)) < 1e-9, `TPRs ${rates.map((r) => r.tpr)}`);
    assert.ok(spread(rates.map((r) => r.fpr)) < 1e-9, `FPRs ${rates.map((r) => r.fpr)}`);
    assert.ok(report.after.accuracy! > 0.6);
  });

  it('picks the accuracy-maximizing common rate on a hand-made case', async () => {
    // a: scores 0.9 (y=1), 0.8 (y=1), 0.2 (y=0), 0.1 (y=0); b: 0.7 (y=1), 0.6 (y=0), 0.5 (y=0), 0.4 (y=0).
    // Demographic parity, tolerance 0: both groups select the same share r. r = 1/2 gives a: 4 correct,
    // b: 3 correct (7 of 8); r = 1/4: a 3, b 4 (7 of 8) too; no rate does better (hand enumeration
    // over r = 0, 1/4, 1/2, 3/4, 1 and the mixtures between them, which are linear in r).
    const scores = [0.9, 0.8, 0.2, 0.1, 0.7, 0.6, 0.5, 0.4];
    const labels = [1, 1, 0, 0, 1, 0, 0, 0];
    const groups = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
    const rules = await optimizeThresholds(scores, labels, groups, 'demographic-parity', 0, 'hand.csv');
    const p = scores.map((s, i) =>
      positiveProbability(
        rules.find((r) => r.group === groups[i])!,
        s,
      ),
    );
    const correct = p.reduce((sum, pi, i) => sum + (labels[i] ? pi : 1 - pi), 0);
    assert.ok(Math.abs(correct - 7) < 1e-9, `expected correct ${correct}`);
    const rate = (g: string) => p.filter((_, i) => groups[i] === g).reduce((a, b) => a + b, 0) / 4;
    assert.ok(Math.abs(rate('a') - rate('b')) < 1e-9);
  });

  it('takes the before rule, the most accurate common cut, with ties across the groups', () => {
    // a: 0.9 (y=1), 0.7 (y=0), 0.5 (y=1); b: 0.9 (y=0), 0.7 (y=1), 0.7 (y=1), 0.3 (y=0). All 7 rows
    // by score: 0.9 {1, 0}, 0.7 {0, 1, 1}, 0.5 {1}, 0.3 {0}; 3 negatives. Correct decisions of
    // "score > t" = negatives + 2·(positives above) − (rows above): t = 0.9: 3; t = 0.7: 3 + 2 − 2 = 3;
    // t = 0.5: 3 + 6 − 5 = 4; t = 0.3: 3 + 8 − 6 = 5. Best: score > 0.3 (5 of 7). With b a single
    // 0.3 (y=0): 0.9 {1}, 0.7 {0}, 0.5 {1}, 0.3 {0}, 2 negatives: t = 0.9: 2, 0.7: 3, 0.5: 2, 0.3: 3;
    // the first of the two best from the top, 0.7, is kept.
    const rank = (scores: number[], labels: number[]) => GroupRanking.ofRows(scores, labels);
    const a = rank([0.9, 0.7, 0.5], [1, 0, 1]);
    assert.deepEqual(GroupRanking.bestCommonCut([a, rank([0.9, 0.7, 0.7, 0.3], [0, 1, 1, 0])]), { threshold: 0.3, tieProbability: 0 });
    assert.deepEqual(GroupRanking.bestCommonCut([a, rank([0.3], [0])]), { threshold: 0.7, tieProbability: 0 });
    assert.deepEqual(GroupRanking.bestCommonCut([]), { threshold: 0, tieProbability: 0 });
  });

  it('refuses equal opportunity for a group without positives', async () => {
    await assert.rejects(
      optimizeThresholds([0.2, 0.4, 0.6], [0, 0, 1], ['a', 'a', 'b'], 'equal-opportunity', 0.01, 'f.csv'),
      /group "a" has no positive label/,
    );
  });
});
