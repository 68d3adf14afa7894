// The sufficient-statistics interface (docs/design.md): the same audit, intervals included, from
// aggregated records (as a SQL GROUP BY returns them, in any order) as from the CSV rows.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RowEncoder } from '../../server/src/engine/audit/encoder';
import { evaluateAudit, EvaluationSettings } from '../../server/src/engine/audit/evaluate';
import { groupingColumns } from '../../server/src/engine/audit/groupings';
import { planAudit } from '../../server/src/engine/audit/plan';
import { AuditStatistics, StatisticsLayout } from '../../server/src/engine/audit/statistics';
import { assertClose, readAll } from '../support/audit-rows';
import { profileColumns } from '../../server/src/engine/schema/profile';
import { resolveRoles } from '../../server/src/engine/schema/roles';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/audit');

/** A seeded shuffle, so the records arrive in another order than the rows. */
function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed;
  for (let i = items.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

describe('aggregated records give the audit of the rows', () => {
  for (const valueBins of [1000, 40]) {
    it(`weighted classification with a score, two columns, 120 resamples (${valueBins === 40 ? 'scores drawn per pooled bin' : 'every distinct score drawn'})`, async () => {
      const file = path.join(fixtures, 'weighted.csv');
      const { columns, batch } = await readAll(file);
      const profiles = profileColumns(columns, batch.rows);
      const options = { roles: { label: 'label', prediction: 'prediction', score: 'score', sensitive: ['race', 'sex'] }, weight: 'weight' };
      const plan = planAudit(file, columns, profiles, resolveRoles(file, profiles, options.roles), options, batch.rows, batch.lines);
      const layout: StatisticsLayout = {
        task: 'classification',
        sensitive: ['race', 'sex'],
        classes: ['0', '1'],
        hasLabel: true,
        hasPrediction: true,
        weighted: true,
        values: true,
      };
      const settings: EvaluationSettings = {
        file,
        groupings: groupingColumns([0, 1]),
        groupValue: [undefined, undefined],
        references: { race: 'Y' },
        level: 0.9,
        minGroupSize: 30,
        minLabelCount: 5,
        bootstrap: 120,
        seed: 11,
        maxGroups: 1000,
        replicateValueBins: valueBins,
      };
      const fromRows = new AuditStatistics(layout);
      new RowEncoder(plan, fromRows).add(batch);

      // GROUP BY race, sex, label, prediction (and, for the values, label and score), by brute force.
      const outcomes = new Map<string, { cell: string[]; label: number; prediction: number; count: number; weight: number; weightSquared: number }>();
      const values = new Map<string, { cell: string[]; label: number; value: number; count: number; weight: number; weightSquared: number }>();
      const at = (name: string) => columns.indexOf(name);
      for (const row of batch.rows) {
        const cell = [row[at('race')]!, row[at('sex')]!];
        const label = Number(row[at('label')]);
        const prediction = Number(row[at('prediction')]);
        const score = Number(row[at('score')]);
        const w = Number(row[at('weight')]);
        const o = outcomes.get(`${cell}|${label}|${prediction}`) ?? { cell, label, prediction, count: 0, weight: 0, weightSquared: 0 };
        o.count++;
        o.weight += w;
        o.weightSquared += w * w;
        outcomes.set(`${cell}|${label}|${prediction}`, o);
        const v = values.get(`${cell}|${label}|${score}`) ?? { cell, label, value: score, count: 0, weight: 0, weightSquared: 0 };
        v.count++;
        v.weight += w;
        v.weightSquared += w * w;
        values.set(`${cell}|${label}|${score}`, v);
      }
      const fromRecords = new AuditStatistics(layout);
      for (const record of shuffle([...outcomes.values()], 3)) fromRecords.addOutcome(record);
      for (const record of shuffle([...values.values()], 4)) fromRecords.addValue({ ...record, target: Number.NaN });
      assert.ok(values.size < batch.rows.length, 'some records combine several rows');

      const expected = evaluateAudit(fromRows, settings);
      assert.ok(expected[0]!.groups[0]!.intervals.roc_auc !== null);
      assertClose(evaluateAudit(fromRecords, settings), expected, 1e-9);
    });
  }
});

describe('scores drawn per pooled quantile bin', () => {
  it('give the intervals of drawing every distinct score, to Monte Carlo noise (20,000 rows, 200 resamples)', () => {
    const build = () => {
      const statistics = new AuditStatistics({
        task: 'classification',
        sensitive: ['g'],
        classes: ['0', '1'],
        hasLabel: true,
        hasPrediction: true,
        weighted: false,
        values: true,
      });
      let state = 99;
      const random = () => {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        return state / 4294967296;
      };
      for (let i = 0; i < 20_000; i++) {
        const g = random() < 0.6 ? 'a' : random() < 0.7 ? 'b' : 'c';
        const label = random() < 0.4 ? 1 : 0;
        const score = Math.min(1, Math.max(0, 0.25 * label + (g === 'c' ? 0.1 : 0) + 0.6 * random()));
        statistics.addRow(statistics.cell([g]), label, score >= 0.5 ? 1 : 0, 1, Number(score.toFixed(6)));
      }
      return statistics;
    };
    const settings = (valueBins: number): EvaluationSettings => ({
      file: '',
      groupings: [[0]],
      groupValue: [undefined],
      references: {},
      level: 0.95,
      minGroupSize: 30,
      minLabelCount: 5,
      bootstrap: 200,
      seed: 2,
      maxGroups: 1000,
      replicateValueBins: valueBins,
    });
    const [fine] = evaluateAudit(build(), settings(1_000_000));
    const [binned] = evaluateAudit(build(), settings(200));
    assertClose(
      binned!.groups.map((g) => g.metrics),
      fine!.groups.map((g) => g.metrics),
      0,
    );
    const compare = (a: [number, number] | null, b: [number, number] | null, what: string) => {
      assert.ok(a && b, what);
      const width = b[1] - b[0];
      assert.ok(Math.abs(a[0] - b[0]) < 0.25 * width && Math.abs(a[1] - b[1]) < 0.25 * width, `${what}: [${a}] vs [${b}]`);
    };
    binned!.groups.forEach((g, i) => {
      for (const metric of ['roc_auc', 'brier_score', 'expected_calibration_error'])
        compare(g.intervals[metric]!, fine!.groups[i]!.intervals[metric]!, `${g.key.g} ${metric}`);
    });
    for (const metric of ['ks_distance', 'wasserstein_distance', 'roc_auc_difference'])
      compare(binned!.aggregateIntervals[metric]!, fine!.aggregateIntervals[metric]!, metric);
  });
});
