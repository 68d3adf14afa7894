import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { optimizeThresholds, positiveProbability } from '../../server/src/engine/methods/group-thresholds/optimizer';
import { threshold } from '../../server/src/mitigations/threshold';

const compas = path.join(__dirname, '../../../examples/compas/compas-two-years.csv');

/** Per group: expected selection rate, TPR and FPR of the rows' positive probabilities (computed here, not by the engine). */
function expectedRates(file: string): Map<string, { selection: number; tpr: number; fpr: number }> {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const columns = header!.split(',');
  const [race, label, probability] = ['race', 'two_year_recid', 'threshold_probability'].map((c) => columns.indexOf(c));
  const sums = new Map<string, number[]>();
  for (const line of lines) {
    const cells = line.split(',');
    const p = Number(cells[probability!]);
    const y = Number(cells[label!]);
    const s = sums.get(cells[race!]!) ?? [0, 0, 0, 0, 0];
    // n, Σp, positives, Σp over positives, Σp over negatives
    s[0]! += 1;
    s[1]! += p;
    s[2]! += y;
    s[3]! += y * p;
    s[4]! += (1 - y) * p;
    sums.set(cells[race!]!, s);
  }
  return new Map([...sums].map(([g, [n, p, pos, tp, fp]]) => [g, { selection: p! / n!, tpr: tp! / pos!, fpr: fp! / (n! - pos!) }]));
}

const spread = (values: number[]) => Math.max(...values) - Math.min(...values);

describe('threshold optimizer (Hardt et al.)', () => {
  it('meets demographic parity within the tolerance on COMPAS (expected rates), more accurately than chance', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'parity-threshold-'));
    const hash = createHash('sha256').update(readFileSync(compas)).digest('hex');
    const report = await threshold.run({ data: compas, score: 'decile_score', label: 'two_year_recid', sensitive: 'race', fairness: 'demographic-parity', tolerance: '0.02', out }, {});
    assert.equal(createHash('sha256').update(readFileSync(compas)).digest('hex'), hash, 'input unchanged');
    const rates = expectedRates(path.join(out, 'predictions.csv'));
    assert.equal(rates.size, 6);
    assert.ok(spread([...rates.values()].map((r) => r.selection)) <= 0.02 + 1e-9, `selection rates ${JSON.stringify([...rates])}`);
    // 45.1% of COMPAS rows reoffend: always predicting "no" scores 0.549
    assert.ok(report.after.accuracy! > 0.6, `accuracy ${report.after.accuracy}`);
  });

  it('meets equalized odds exactly in expectation on COMPAS', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'parity-threshold-'));
    const report = await threshold.run({ data: compas, score: 'decile_score', label: 'two_year_recid', sensitive: 'race', fairness: 'equalized-odds', out }, {});
    const rates = [...expectedRates(path.join(out, 'predictions.csv')).values()];
    assert.ok(spread(rates.map((r) => r.tpr)) < 1e-9, `TPRs ${rates.map((r) => r.tpr)}`);
    assert.ok(spread(rates.map((r) => r.fpr)) < 1e-9, `FPRs ${rates.map((r) => r.fpr)}`);
    assert.ok(report.after.accuracy! > 0.6);
  });

  it('picks the accuracy-maximizing common rate on a hand-made case', () => {
    // a: scores 0.9 (y=1), 0.8 (y=1), 0.2 (y=0), 0.1 (y=0); b: 0.7 (y=1), 0.6 (y=0), 0.5 (y=0), 0.4 (y=0).
    // Demographic parity, tolerance 0: both groups select the same share r. r = 1/2 gives a: 4 correct,
    // b: 3 correct (7 of 8); r = 1/4: a 3, b 4 (7 of 8) too; no rate does better (hand enumeration
    // over r = 0, 1/4, 1/2, 3/4, 1 and the mixtures between them, which are linear in r).
    const scores = [0.9, 0.8, 0.2, 0.1, 0.7, 0.6, 0.5, 0.4];
    const labels = [1, 1, 0, 0, 1, 0, 0, 0];
    const groups = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
    const rules = optimizeThresholds(scores, labels, groups, 'demographic-parity', 0, 'hand.csv');
    const p = scores.map((s, i) => positiveProbability(rules.find((r) => r.group === groups[i])!, s));
    const correct = p.reduce((sum, pi, i) => sum + (labels[i] ? pi : 1 - pi), 0);
    assert.ok(Math.abs(correct - 7) < 1e-9, `expected correct ${correct}`);
    const rate = (g: string) => p.filter((_, i) => groups[i] === g).reduce((a, b) => a + b, 0) / 4;
    assert.ok(Math.abs(rate('a') - rate('b')) < 1e-9);
  });

  it('refuses equal opportunity for a group without positives', () => {
    assert.throws(() => optimizeThresholds([0.2, 0.4, 0.6], [0, 0, 1], ['a', 'a', 'b'], 'equal-opportunity', 0.01, 'f.csv'), /group "a" has no positive label/);
  });
});
