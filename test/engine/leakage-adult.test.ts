// UCI Adult (adult.data, 32,561 rows), sensitive attribute `sex`, label `income`. The reference
// is the known structure of the data (algorithms.md section 6): `relationship` (Husband / Wife)
// and `marital-status` carry sex. The figures are recorded in docs/leakage.md.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeTable } from '../../server/src/engine/leakage/analyze';
import type { LeakageResult } from '../../common/reports/leakage';
import { textColumn } from '../../server/src/engine/table/table';
import { adultTables } from '../support/adult';

describe('UCI Adult, sensitive sex', () => {
  let result: LeakageResult;
  /** phi = sqrt(chi2 / n) of relationship x sex, counted here from the raw rows (13,192 male husbands, 1 female...). */
  let referencePhi = 0;
  before(async () => {
    const { train } = await adultTables();
    const relationship = textColumn(train, 'relationship');
    const sex = textColumn(train, 'sex');
    const cell = new Map<string, number>();
    const count = (key: string) => cell.set(key, (cell.get(key) ?? 0) + 1);
    relationship.forEach((r, i) => {
      count(`${r}|${sex[i]}`);
      count(`${r}|*`);
      count(`*|${sex[i]}`);
    });
    const n = relationship.length;
    let chi2 = 0;
    for (const r of new Set(relationship))
      for (const s of new Set(sex)) {
        const expected = (cell.get(`${r}|*`)! * cell.get(`*|${s}`)!) / n;
        chi2 += ((cell.get(`${r}|${s}`) ?? 0) - expected) ** 2 / expected;
      }
    referencePhi = Math.sqrt(chi2 / n);
    result = analyzeTable(train, { sensitive: ['sex'], label: 'income', seed: 0 });
  });

  it('flags relationship and marital-status as strong proxies of sex', () => {
    const strong = result.flagged.filter((f) => f.severity === 'strong' && f.sensitive === 'sex').map((f) => f.column);
    assert.ok(strong.includes('relationship'), `strong: ${strong}`);
    assert.ok(strong.includes('marital-status'), `strong: ${strong}`);
    const relationship = result.columns.find((c) => c.column === 'relationship')!;
    assert.ok(Math.abs(relationship.cramersVPlugIn - referencePhi) < 1e-9, `${relationship.cramersVPlugIn} vs ${referencePhi}`);
  });

  it('does not flag the columns without a known link to sex', () => {
    const flagged = new Set(result.flagged.map((f) => f.column));
    for (const column of ['fnlwgt', 'education', 'native-country', 'capital-loss']) assert.ok(!flagged.has(column), `${column} flagged`);
    assert.ok(!result.candidates.includes('income') && !result.candidates.includes('sex'));
  });

  it('reports the joint model: at least as predictive as the best single column, led by the household columns', () => {
    const joint = result.joint.find((j) => j.sensitive === 'sex')!;
    const bestSingle = Math.max(...result.columns.map((c) => c.auc));
    assert.ok(joint.auc >= bestSingle - 0.01, `joint ${joint.auc} vs best single ${bestSingle}`);
    assert.ok(joint.leaks);
    assert.ok(['relationship', 'marital-status'].includes(joint.contributions[0]!.column), `top contribution ${joint.contributions[0]!.column}`);
    assert.equal(result.sample.rows, 32561);
    assert.equal(result.sample.sampled, false);
  });
});
