// comparison.json's figures over the groups of adequate size (issue 16): recounted from the files
// the comparison wrote (the base model's scores, a method's predictions.csv) on a COMPAS split by
// race, where Native American and Asian defendants are fewer than 30 test rows.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Comparison } from '../../common/reports/comparison';
import type { MitigationReport } from '../../common/reports/mitigation';
import { runAudit } from '../../server/src/services/audit';
import { compasRaceComparison } from '../support/compas-split';
import { formatComparison } from '../../server/src/adapters/cli/format/comparison';
import { renderComparisonHtml } from '../../common/render/comparison-html';
import { comparisonView } from '../../common/render/comparison-view';
import { afterChoice, mitigationHeader } from '../../common/render/mitigation-model';
import { renderMitigationHtml } from '../../common/render/mitigation-html';

/** A CSV without quoted fields as header-keyed rows. */
function csvRows(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split(/\r?\n/);
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i]!, cell])));
}

/** The race groups' sizes and the selection-rate gap (max − min) over the groups of at least `minimum` rows. */
function largeGap(
  rows: Record<string, string>[],
  decide: (row: Record<string, string>) => boolean,
  minimum: number,
): { gap: number; groups: Map<string, number> } {
  const byRace = new Map<string, { n: number; selected: number }>();
  for (const row of rows) {
    const group = byRace.get(row['race']!) ?? { n: 0, selected: 0 };
    group.n++;
    if (decide(row)) group.selected++;
    byRace.set(row['race']!, group);
  }
  const rates = [...byRace.values()].filter((g) => g.n >= minimum).map((g) => g.selected / g.n);
  return { gap: Math.max(...rates) - Math.min(...rates), groups: new Map([...byRace].map(([race, g]) => [race, g.n])) };
}

describe("parity compare's figures over the groups of adequate size", () => {
  let dir: string;
  let comparison: Comparison;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-large-'));
    comparison = await compasRaceComparison(dir);
  });

  it('counts the groups of at least 30 test rows', () => {
    const { groups } = largeGap(csvRows(path.join(dir, 'test.csv')), () => false, 30);
    const sizes = [...groups.values()];
    assert.ok(
      sizes.some((n) => n < 30),
      `some race has fewer than 30 test rows: ${JSON.stringify([...groups])}`,
    );
    assert.deepEqual(comparison.largeGroups, { minGroupSize: 30, groups: sizes.filter((n) => n >= 30).length, allGroups: sizes.length });
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'out/comparison.json'), 'utf8')), comparison);
  });

  it("gives a point the selection-rate gap over those groups of its run's predictions.csv", () => {
    // reweighing's own result (strength 1) is the decisions its predictions.csv holds
    const point = comparison.points.find((p) => p.method === 'reweighing' && p.value === 1)!;
    const report = JSON.parse(readFileSync(point.report, 'utf8')) as MitigationReport;
    const written = csvRows(report.files.predictions);
    const large = largeGap(written, (row) => row['reweighing_prediction'] === '1', 30);
    const all = largeGap(written, (row) => row['reweighing_prediction'] === '1', 0);
    assert.ok(Math.abs(point.largeGroups!.fairness! - large.gap) < 1e-12, `${point.largeGroups!.fairness} vs ${large.gap} recounted`);
    assert.ok(Math.abs(point.fairness! - all.gap) < 1e-12, `${point.fairness} vs ${all.gap} over every group`);
    assert.ok(Math.abs(large.gap - all.gap) > 1e-3, `the small groups change the gap: ${large.gap} vs ${all.gap}`);
    assert.equal(point.largeGroups!.aggregates['demographic_parity_difference'], point.largeGroups!.fairness);
    // the unmitigated model: the base model's scores of the test rows cut at 0.5
    const scored = csvRows(path.join(dir, 'out/base/test.scored.csv'));
    const reference = largeGap(scored, (row) => Number(row['base_score']) >= 0.5, 30);
    assert.ok(
      Math.abs(comparison.reference.largeGroups!.fairness! - reference.gap) < 1e-12,
      `${comparison.reference.largeGroups!.fairness} vs ${reference.gap}`,
    );
  });

  it('marks the Pareto front of accuracy against the large-group gap, and gives its points intervals', async () => {
    const points = comparison.points;
    for (const p of points) {
      const beaten = points.some(
        (q) =>
          q !== p &&
          q.accuracy! >= p.accuracy! &&
          q.largeGroups!.fairness! <= p.largeGroups!.fairness! &&
          (q.accuracy! > p.accuracy! || q.largeGroups!.fairness! < p.largeGroups!.fairness!),
      );
      assert.equal(p.largeGroups!.pareto, !beaten, `${p.method} ${p.parameter}=${p.value}`);
      assert.equal(p.largeGroups!.intervals !== undefined, p.largeGroups!.pareto, `${p.method} ${p.value}: intervals on that front only`);
      const interval = p.largeGroups!.intervals?.fairness;
      if (interval) assert.ok(interval[0] <= interval[1], JSON.stringify(interval));
    }
    // the unmitigated model's interval: the audit's bootstrap of the same decisions, the same draws (50 resamples, seed 0)
    const audit = await runAudit(path.join(dir, 'out/base/test.scored.csv'), {
      roles: { label: 'two_year_recid', score: 'base_score', sensitive: ['race'] },
      threshold: 0.5,
      bootstrap: 50,
      seed: 0,
    });
    const grouping = audit.groupings[0]!;
    assert.deepEqual(comparison.reference.largeGroups!.intervals!.fairness, grouping.largeGroups.intervals['demographic_parity_difference']);
    assert.equal(comparison.reference.largeGroups!.fairness, grouping.largeGroups.aggregates['demographic_parity_difference']);
  });

  it('shows both gaps, each labelled with its groups, in the CLI table and the HTML export (comparison.json unchanged)', async () => {
    const { groups } = largeGap(csvRows(path.join(dir, 'test.csv')), () => false, 30);
    const [all, large] = [groups.size, [...groups.values()].filter((n) => n >= 30).length];
    const point = comparison.points.find((p) => p.method === 'reweighing' && p.value === 1)!;
    const written = csvRows((JSON.parse(readFileSync(point.report, 'utf8')) as MitigationReport).files.predictions);
    const decided = (row: Record<string, string>) => row['reweighing_prediction'] === '1';
    // the two gaps recounted from predictions.csv, to 3 decimals
    const [gapAll, gapLarge] = [largeGap(written, decided, 0).gap.toFixed(3), largeGap(written, decided, 30).gap.toFixed(3)];
    const table = formatComparison(comparison).split('\n');
    const header = table[0]!.split(/ {2,}/);
    assert.deepEqual(header, [
      'method',
      'setting',
      'accuracy',
      `demographic_parity_difference (all ${all} groups)`,
      `demographic_parity_difference (${large} groups with >= 30 rows)`,
      'Pareto (all)',
      'Pareto (n >= 30)',
    ]);
    const row = table.find((line) => line.startsWith('reweighing') && / strength=1 /.test(line))!;
    // the figures (each maybe with an interval) in the order of the header: the all-groups gap, then the large-groups one
    const gaps = row
      .replace(/\[[^\]]*\]/g, '')
      .trim()
      .split(/ +/)
      .slice(3, 5);
    assert.deepEqual(gaps, [gapAll, gapLarge], row);
    // the unmitigated row: the base model's scores cut at 0.5, over both sets of groups
    const scored = csvRows(path.join(dir, 'out/base/test.scored.csv'));
    const base = (row: Record<string, string>) => Number(row['base_score']) >= 0.5;
    const unmitigated = table[1]!
      .replace(/\[[^\]]*\]/g, '')
      .trim()
      .split(/ +/);
    assert.deepEqual(unmitigated.slice(4, 6), [largeGap(scored, base, 0).gap.toFixed(3), largeGap(scored, base, 30).gap.toFixed(3)], table[1]);

    const html = await renderComparisonHtml(comparisonView(comparison));
    for (const heading of [`Demographic parity difference, all ${all} groups`, `Demographic parity difference, ${large} groups with ≥ 30 rows`])
      assert.ok(html.includes(`>${heading}`), heading);
    assert.ok(html.includes(`>${gapAll}<`) && html.includes(`>${gapLarge}<`), 'both gaps of reweighing strength 1');
    // the unmitigated model in the note under the plot: both gaps, as recounted above
    const [refAll, refLarge] = unmitigated.slice(4, 6);
    const interval = ' \\[\\d\\.\\d{3}, \\d\\.\\d{3}\\]';
    assert.match(
      html,
      new RegExp(
        `Unmitigated model: accuracy [\\d.]+${interval}, Demographic parity difference over all ${all} groups ${refAll}${interval}, over ${large} groups with ≥ 30 rows ${refLarge}${interval}\\.`,
      ),
    );
  });

  it("the threshold optimizer's report: fitted on the base model's out-of-fold scores in one wording, and that model's features", async () => {
    const point = comparison.points.find((p) => p.method === 'threshold')!;
    const report = JSON.parse(readFileSync(point.report, 'utf8')) as MitigationReport;
    // what the method did: its rules were fitted on the calibration file, the base model's out-of-fold scores of train.csv
    assert.equal(report.parameters['fittedOn'], 'calibration');
    assert.equal(path.basename(report.files.inputs['calibration']!), 'train.scored.csv');
    const lines = new Map(mitigationHeader(report, afterChoice(report)).lines.map((line) => [line.id, line.text]));
    assert.match(lines.get('run')!, /fitted on the comparison's base model's out-of-fold scores of the training rows of train\.csv; /);
    assert.match(lines.get('settings')!, / · Fitted on out-of-fold scores of the training rows( ·|$)/);
    assert.doesNotMatch(lines.get('settings')!, /Fitted on calibration/);
    const html = await renderMitigationHtml(report);
    assert.ok(html.includes('<span class="setting-text">out-of-fold scores of the training rows</span>'), 'the Settings table in the same words');
    assert.doesNotMatch(html, /setting-text">calibration</);
    // the base model's features: compasSplit's columns less the label and race, none left out (as reweighing's own)
    assert.equal(
      lines.get('features'),
      "Features of the comparison's base model, whose scores it post-processes: sex, age, juv_fel_count, juv_misd_count, priors_count, c_charge_degree (never the sensitive attribute race)",
    );
    assert.equal(lines.get('features-left-out'), undefined);
    const reweighing = JSON.parse(readFileSync(comparison.points.find((p) => p.method === 'reweighing')!.report, 'utf8')) as MitigationReport;
    assert.deepEqual(report.features, reweighing.features);
  });
});
