// Compare Methods fits each method that has a fairness criterion for the measure compared, or the
// nearest it offers (cold try 17: equalized odds compared, FERM fitted for its default, equal
// opportunity, and nothing said). The criteria each method offers are read from its parameters
// (server/src/methods/*/params.ts): ferm equal opportunity and demographic parity; threshold and the
// reductions all three; reweighing, reject-option and the regression methods none to choose.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ComparisonView } from '../../common/protocol';
import { protocolNote } from '../../common/render/comparison-table';
import { MITIGATIONS } from '../../server/src/methods/registry';
import { criterionFor } from '../../server/src/services/compare';

const method = (name: string) => MITIGATIONS.find((m) => m.name === name)!;

describe('the fairness criterion each method is fitted for in a comparison', () => {
  it("is the measure's own where the method has it", () => {
    for (const [measure, criterion] of [
      ['demographic_parity_difference', 'demographic-parity'],
      ['equal_opportunity_difference', 'equal-opportunity'],
      ['equalized_odds_difference', 'equalized-odds'],
    ] as const) {
      assert.deepEqual(criterionFor(method('threshold'), measure), { key: 'fairness', value: criterion }, measure);
      assert.deepEqual(criterionFor(method('exponentiated-gradient'), measure), { key: 'constraint', value: criterion }, measure);
      assert.deepEqual(criterionFor(method('grid-search'), measure), { key: 'constraint', value: criterion }, measure);
    }
    assert.deepEqual(criterionFor(method('ferm'), 'demographic_parity_difference'), { key: 'fairness', value: 'demographic-parity' });
  });

  it('is the nearest one otherwise: FERM has no equalized odds, so equal opportunity (its true-positive half)', () => {
    assert.deepEqual(criterionFor(method('ferm'), 'equalized_odds_difference'), { key: 'fairness', value: 'equal-opportunity' });
  });

  it('is none for a method without a criterion to choose', () => {
    for (const name of ['reweighing', 'reject-option', 'correlation-remover', 'wasserstein', 'bounded-group-loss'])
      assert.equal(criterionFor(method(name), 'equalized_odds_difference'), undefined, name);
  });

  it("is said in the plot's note, grouped by criterion", () => {
    const view = {
      fittedOn: [{ method: 'threshold', rows: 'train-out-of-fold' }],
      criteria: [
        { method: 'threshold', criterion: 'equalized-odds' },
        { method: 'exponentiated-gradient', criterion: 'equalized-odds' },
        { method: 'ferm', criterion: 'equal-opportunity' },
      ],
    } as ComparisonView;
    assert.match(
      protocolNote(view),
      / Fitted with a fairness criterion: threshold, exponentiated-gradient for equalized odds; ferm for equal opportunity \(a method without the measure’s own criterion has the nearest it offers\)\.$/,
    );
    const one = { ...view, criteria: view.criteria!.slice(0, 2) };
    assert.match(protocolNote(one), / Fitted with a fairness criterion: threshold, exponentiated-gradient for equalized odds\.$/);
  });
});
