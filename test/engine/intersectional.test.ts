// Several sensitive columns: each method works on their intersection (race × sex on COMPAS, 12 groups,
// some of 2 to 4 rows), and its constraint holds across those groups, checked here from the outputs.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fermDecisionValues, fitFerm } from '../../server/src/methods/ferm/ferm';
import { orderGroups } from '../../server/src/methods/ferm/projection';
import { exponentiatedGradient } from '../../server/src/methods/reductions/exponentiated-gradient';
import { mixtureProbabilities } from '../../server/src/methods/reductions/mixture';
import { buildMoments } from '../../server/src/methods/reductions/moments';
import { networkOf, represent } from '../../server/src/methods/representation/model';
import { DEFAULT_PENALTY } from '../../server/src/methods/representation/penalty';
import { toSparse } from '../../server/src/methods/representation/network';
import { trainRepresentation } from '../../server/src/methods/representation/train';
import { fitReweighing, rowWeights } from '../../server/src/methods/reweighing/reweighing';
import { optimizeThresholds, positiveProbability } from '../../server/src/methods/threshold/optimizer';
import { encodeFeatures, fitFeatureEncoding } from '../../server/src/engine/learners/features';
import { binaryColumn, numericColumn } from '../../server/src/engine/table/table';
import { sensitiveGroupColumn } from '../../server/src/engine/audit/sensitive-bins';
import { loadTable } from '../../server/src/io/table';

const COMPAS = path.join(__dirname, '../../../examples/compas/compas-two-years.csv');
const SENSITIVE = ['race', 'sex'];

async function compas() {
  const table = await loadTable(COMPAS);
  const encoding = fitFeatureEncoding(table, ['age', 'juv_fel_count', 'juv_misd_count', 'priors_count', 'c_charge_degree']);
  return {
    rows: encodeFeatures(encoding, table).rows,
    labels: binaryColumn(table, 'two_year_recid', undefined).values,
    groups: sensitiveGroupColumn(table, SENSITIVE, {}),
    scores: numericColumn(table, 'decile_score'),
  };
}

/** Per group, the mean of `values` over the rows `keep` accepts (computed here). */
function groupMeans(values: ArrayLike<number>, groups: string[], keep: (i: number) => boolean = () => true, weights?: ArrayLike<number>): Map<string, number> {
  const sums = new Map<string, [number, number]>();
  for (let i = 0; i < groups.length; i++) {
    if (!keep(i)) continue;
    const w = weights ? weights[i]! : 1;
    const s = sums.get(groups[i]!) ?? [0, 0];
    sums.set(groups[i]!, [s[0] + w * values[i]!, s[1] + w]);
  }
  return new Map([...sums].map(([g, [sum, weight]]) => [g, sum / weight]));
}

const spread = (values: Iterable<number>) => Math.max(...values) - Math.min(...values);

describe('several sensitive columns: the methods constrain their intersection (COMPAS race × sex)', () => {
  it('the groups are the 12 race × sex cells', async () => {
    const { groups } = await compas();
    assert.equal(new Set(groups).size, 12);
    assert.ok(groups.includes('Native American & Female'));
  });

  it('threshold optimizer: equalized odds holds exactly in every cell', async () => {
    const { scores, labels, groups } = await compas();
    const rules = new Map((await optimizeThresholds(scores, labels, groups, 'equalized-odds', 0, 'compas.csv')).map((r) => [r.group, r]));
    assert.equal(rules.size, 12);
    const p = Array.from(scores, (s, i) => positiveProbability(rules.get(groups[i]!)!, s));
    assert.ok(spread(groupMeans(p, groups, (i) => labels[i] === 1).values()) < 1e-9, 'TPR');
    assert.ok(spread(groupMeans(p, groups, (i) => labels[i] === 0).values()) < 1e-9, 'FPR');
  });

  it('exponentiated gradient: demographic parity within ε in every cell (training rows)', async () => {
    const { rows, labels, groups } = await compas();
    const epsilon = 0.05;
    const { mixture } = await exponentiatedGradient(rows, labels, buildMoments('demographic-parity', groups, labels, 'compas.csv'), { epsilon });
    const chance = mixtureProbabilities(mixture, rows);
    const overall = chance.reduce((a, b) => a + b, 0) / chance.length;
    for (const [g, rate] of groupMeans(chance, groups)) assert.ok(Math.abs(rate - overall) <= epsilon + 1e-9, `${g}: ${rate} vs ${overall}`);
  });

  it('reweighing: every cell has the overall base rate under the weights', async () => {
    const { labels, groups } = await compas();
    const weights = rowWeights(fitReweighing(groups, labels, 'compas.csv'), groups, labels);
    const overall = labels.reduce((a: number, b) => a + b, 0) / labels.length;
    for (const [g, rate] of groupMeans(labels, groups, () => true, weights)) assert.ok(Math.abs(rate - overall) < 1e-12, `${g}: ${rate}`);
  });

  it('FERM (linear SVM, equal opportunity): equal mean decision value of positives in every cell', async () => {
    const data = await compas();
    const problem = {
      ...data,
      order: orderGroups(data.groups, data.labels, 'equal-opportunity', 'compas.csv'),
      fairness: 'equal-opportunity' as const,
      learner: 'linear-svm' as const,
    };
    assert.equal(problem.order.length, 12);
    const values = fermDecisionValues(fitFerm(problem, { C: 1 }, true), data.rows);
    assert.ok(spread(groupMeans(values, data.groups, (i) => data.labels[i] === 1).values()) < 1e-8);
  });

  it("representation (MMD): the penalty over the cells narrows the head's selection-rate gap between them (training rows)", async () => {
    const { rows, labels, groups } = await compas();
    const names = [...new Set(groups)].sort();
    const index = Int32Array.from(groups, (g) => names.indexOf(g));
    const sparse = rows.map(toSparse);
    const gapAt = (lambda: number) => {
      const options = {
        dim: 8,
        epochs: 4,
        batchSize: 256,
        lambda,
        penalty: { kind: 'mmd' as const, ...DEFAULT_PENALTY },
        learningRate: 0.01,
        finalLearningRate: 0.001,
        seed: 0,
      };
      const net = trainRepresentation(sparse, rows[0]!.length, [labels], index, names.length, options);
      const state = { encoding: { columns: [] }, tasks: [], penalty: 'mmd' as const, lambda, inputs: rows[0]!.length, dim: 8, params: [...net.params] };
      const selected = Array.from(represent({ ...networkOf(state), tasks: 1 }, sparse).probabilities[0]!, (p) => (p >= 0.5 ? 1 : 0));
      // cells of at least 100 rows: the small ones' rates are mostly noise
      const rates = [...groupMeans(selected, groups)].filter(([g]) => groups.filter((h) => h === g).length >= 100).map(([, rate]) => rate);
      return spread(rates);
    };
    const before = gapAt(0);
    const after = gapAt(10);
    assert.ok(after < 0.5 * before, `selection-rate spread over the cells: ${before} at λ = 0, ${after} at λ = 10`);
  });
});
