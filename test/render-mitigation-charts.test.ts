// The Charts tab of a mitigation: which score distributions it draws. Hand-made summaries: two
// groups whose quantiles before are scores and after are a mixture's chances of a positive decision.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mitigationCharts } from '../common/render/mitigation-charts';
import type { MitigationReport, OutcomeSummary } from '../common/reports/mitigation';

const summary = (quantiles: number[][]) =>
  ({
    groups: quantiles.map((q, i) => ({ group: `g${i}`, count: 10, metrics: { selection_rate: 0.5 }, quantiles: q })),
  }) as unknown as OutcomeSummary;

const report = (decisionOnly: boolean): MitigationReport =>
  ({
    task: 'classification',
    before: summary([
      [0.1, 0.5, 0.9],
      [0.2, 0.4, 0.8],
    ]),
    after: summary([
      [0, 0.3, 1],
      [0, 0.6, 1],
    ]),
    ...(decisionOnly ? { decisionOnly: true } : {}),
  }) as unknown as MitigationReport;

describe("a mitigation's charts", () => {
  it('draws no "after" distribution when after is a decision without scores (its quantiles are chances)', () => {
    const charts = mitigationCharts(report(true), report(true).after);
    assert.equal(charts.length, 2, 'the bars and the distribution before');
    assert.ok(charts[1]!.includes('Distribution of the score by group, before (after is a decision without scores of its own)'), charts[1]);
  });

  it('draws both distributions when after has scores of its own', () => {
    const charts = mitigationCharts(report(false), report(false).after);
    assert.equal(charts.length, 3);
    assert.ok(charts[2]!.includes('Distribution of the score by group, after'));
  });
});
