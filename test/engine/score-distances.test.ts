// Which mitigation reports compare the groups' score distances (KS, Wasserstein) before and after:
// only those whose "after" has scores of its own. A reduction's randomized mixture (its "scores"
// were its chances of a positive decision: on Adult the after KS equalled the demographic parity
// difference) and a post-processing rule on the input's unchanged scores leave them out.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { MetricValues } from '../../common/reports/audit';
import type { MitigationReport } from '../../common/reports/mitigation';
import { exponentiatedGradient } from '../../server/src/methods/reductions/exponentiated-gradient-command';
import { rejectOption } from '../../server/src/methods/reject-option/command';
import { reweighing } from '../../server/src/methods/reweighing/command';
import { threshold } from '../../server/src/methods/threshold/command';
import { runWithFlags } from '../support/run-with-flags';

const DISTANCES = ['ks_distance', 'wasserstein_distance'];

/** Every set of aggregates the report compares or quotes: before, after, draw, change, sweep points, with their large-group sets. */
function aggregateSets(report: MitigationReport): MetricValues[] {
  const summaries = [report.before, report.after, ...(report.draw ? [report.draw] : []), ...report.tradeoff];
  const changes = [report.change, ...report.tradeoff.map((p) => p.change)].filter((c) => c !== undefined);
  return [
    ...summaries.flatMap((s) => [s.aggregates, s.aggregateIntervals ?? {}, s.largeGroups?.aggregates ?? {}, s.largeGroups?.intervals ?? {}]),
    ...changes.flatMap((c) => [c.aggregates, c.aggregateIntervals ?? {}, c.largeGroups.aggregates, c.largeGroups.intervals ?? {}]),
  ] as MetricValues[];
}

function assertNoDistances(report: MitigationReport): void {
  assert.equal(report.decisionOnly, true);
  for (const set of aggregateSets(report)) for (const name of DISTANCES) assert.ok(!(name in set), `${report.method}: ${name} left in`);
  // the decisions' own gaps stay
  assert.equal(typeof report.after.aggregates['demographic_parity_difference'], 'number');
  assert.equal(typeof report.change!.aggregates['demographic_parity_difference'], 'number');
}

/** 40 labelled rows per group, a feature x that predicts the label, and a model score from it. */
function files(): { dir: string; train: string; test: string; scored: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-distances-'));
  const lines = (offset: number) =>
    Array.from({ length: 80 }, (_, i) => {
      const group = i % 2 === 0 ? 'a' : 'b';
      const x = ((i * 7 + offset) % 40) / 40 + (group === 'a' ? 0.2 : 0);
      const y = x + ((i * 13) % 10) / 25 > 0.8 ? 1 : 0;
      return { group, x, y };
    });
  const write = (name: string, rows: { group: string; x: number; y: number }[], score: boolean) => {
    const file = path.join(dir, name);
    writeFileSync(file, `${score ? 'score' : 'x'},group,y\n${rows.map((r) => `${r.x.toFixed(3)},${r.group},${r.y}`).join('\n')}\n`);
    return file;
  };
  return { dir, train: write('train.csv', lines(0), false), test: write('test.csv', lines(3), false), scored: write('scored.csv', lines(5), true) };
}

describe('score distances before and after a mitigation', () => {
  const { dir, train, test, scored } = files();
  const out = (name: string) => path.join(dir, name);

  it('exponentiated gradient (a randomized mixture, no scores of its own): left out of every before/after figure and the change', async () => {
    const report = await runWithFlags(exponentiatedGradient, {
      train,
      test,
      label: 'y',
      sensitive: 'group',
      features: 'x',
      epsilon: '0.05',
      bootstrap: '20',
      out: out('eg'),
    });
    assertNoDistances(report);
  });

  it('threshold optimizer and reject option (decisions on the input’s unchanged scores): left out', async () => {
    const flags = { data: scored, score: 'score', label: 'y', sensitive: 'group', bootstrap: '20' };
    assertNoDistances(await runWithFlags(threshold, { ...flags, out: out('threshold') }));
    assertNoDistances(await runWithFlags(rejectOption, { ...flags, out: out('reject') }));
  });

  it('reweighing (a logistic model with scores of its own on both sides): kept, with their change', async () => {
    const report = await runWithFlags(reweighing, { train, test, label: 'y', sensitive: 'group', features: 'x', bootstrap: '20', out: out('reweighing') });
    assert.equal(report.decisionOnly, undefined);
    for (const name of DISTANCES) {
      const [before, after] = [report.before.aggregates[name], report.after.aggregates[name]];
      assert.equal(typeof before, 'number', `${name} before`);
      assert.equal(typeof after, 'number', `${name} after`);
      // the change is after − before (outcomeChange's definition)
      assert.ok(Math.abs(report.change!.aggregates[name]! - (after! - before!)) < 1e-12, name);
    }
  });
});
