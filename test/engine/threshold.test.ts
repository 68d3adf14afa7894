import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import Papa from 'papaparse';
import { optimizeThresholds, positiveProbability } from '../../server/src/methods/threshold/optimizer';
import { threshold } from '../../server/src/methods/threshold/command';
import { GroupRanking } from '../../server/src/methods/threshold/roc';
import { SHARED_DATA } from '../support/adult';
import { runWithFlags } from '../support/run-with-flags';

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
