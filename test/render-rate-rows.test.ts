// Cold try 13 read a report's figures without what they rest on: "1.000 [0.478, 1.000]" on 5
// predicted positives with no count, "0.000 [0.000, 0.106]" under an "Intervals: percentile
// bootstrap" line, and a base rate ratio whose interval differed from the disparate impact's of the
// same figure. Expected counts below are hand counts of the CSVs written here.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { AuditReport } from '../common/reports/audit';
import { aggregatesNote, aggregatesTable, BOUNDED_NOTE, groupsNote, groupsTable } from '../common/render/audit-tables';
import { rowsBehindSentence } from '../common/render/rate-rows';
import { renderAuditHtml } from '../common/render/html';
import { formatMarkdown } from '../common/render/markdown';
import { describeRun, EXACT_INTERVALS, RESAMPLE_CELLS } from '../common/render/text';
import { runAudit } from '../server/src/services/audit';

const dir = mkdtempSync(path.join(tmpdir(), 'parity-rate-rows-'));

function file(name: string, lines: string[]): string {
  const location = path.join(dir, name);
  writeFileSync(location, ['group,label,prediction,weight', ...lines].join('\n') + '\n');
  return location;
}

const rows = (group: string, label: 0 | 1, prediction: 0 | 1, n: number, weight = 1) => Array<string>(n).fill(`${group},${label},${prediction},${weight}`);

/**
 * C: 40 rows, 10 TP, 10 FN, 5 FP, 15 TN: 20 with a positive label, 20 with a negative one, 15
 * predicted positive, 25 predicted negative; every rate inside (0, 1).
 * D: 60 rows, 20 TP, 5 FN, 35 TN, no FP: FPR 0 of 35 (exact interval, 35 ≥ 30 rows), PPV 20 of 20
 * (exact), TPR 20 of 25, NPV 35 of 40.
 * A: 2 rows, a TP and an FN: a group under 30 rows.
 */
const LINES = [
  ...rows('C', 1, 1, 10),
  ...rows('C', 1, 0, 10),
  ...rows('C', 0, 1, 5),
  ...rows('C', 0, 0, 15),
  ...rows('D', 1, 1, 20),
  ...rows('D', 1, 0, 5),
  ...rows('D', 0, 0, 35),
  ...rows('A', 1, 1, 1),
  ...rows('A', 1, 0, 1),
];

async function audit(lines: string[], options: { weight?: string; bootstrap?: number } = {}): Promise<AuditReport> {
  return runAudit(file(`audit-${lines.length}-${options.weight ?? ''}.csv`, lines), {
    roles: { label: 'label', prediction: 'prediction', sensitive: ['group'] },
    bootstrap: options.bootstrap ?? 100,
    seed: 1,
    ...(options.weight ? { weight: options.weight } : {}),
  });
}

describe('the rows behind a rate (GroupResult.rateRows)', () => {
  it('counts the rows with each label and each prediction, per group, by hand', async () => {
    const report = await audit(LINES);
    const by = Object.fromEntries(report.groupings[0]!.groups.map((g) => [g.key['group']!, g.rateRows]));
    assert.deepEqual(by['C'], {
      true_positive_rate: 20,
      false_negative_rate: 20,
      false_positive_rate: 20,
      true_negative_rate: 20,
      positive_predictive_value: 15,
      false_discovery_rate: 15,
      negative_predictive_value: 25,
      false_omission_rate: 25,
    });
    assert.equal(by['D']!['false_positive_rate'], 35);
    assert.equal(by['D']!['positive_predictive_value'], 20);
    assert.equal(by['D']!['negative_predictive_value'], 40);
    assert.equal(by['A']!['true_positive_rate'], 2);
    assert.equal(by['A']!['false_positive_rate'], 0);
  });

  it('counts rows, not weights; rows of weight 0 alone in their label and prediction are left out, as from the rate', async () => {
    // C's 10 TP rows weigh 3 each: its precision is 30 / 35 of the weight, on 15 rows; D's FP slot holds one row of weight 0 alone
    const weighted = [...rows('C', 1, 1, 10, 3), ...LINES.filter((line) => !line.startsWith('C,1,1,')), ...rows('D', 0, 1, 1, 0)];
    const report = await audit(weighted, { weight: 'weight' });
    const by = (group: string) => report.groupings[0]!.groups.find((g) => g.key['group'] === group)!;
    assert.ok(Math.abs(by('C').metrics['positive_predictive_value']! - 30 / 35) < 1e-12);
    assert.equal(by('C').rateRows!['positive_predictive_value'], 15);
    assert.equal(by('C').rateRows!['true_positive_rate'], 20);
    assert.equal(by('D').rateRows!['positive_predictive_value'], 20);
  });
});

describe('a rate on few rows shows their count, in the panel, the Markdown and the HTML alike', () => {
  it('under a rate on fewer than 30 rows, or with an exact interval: its rows, said by who they are', async () => {
    const report = await audit(LINES);
    const grouping = report.groupings[0]!;
    const table = groupsTable(report, grouping, undefined, 'panel');
    const column = (key: string) => table.columns.findIndex((c) => c.key === key);
    const cell = (group: string, key: string) => table.rows.find((r) => r.cells[0]!.text === group)!.cells[column(key)]!;
    // C: 20 and 15 rows, under the report's 30
    assert.equal(cell('C', 'true_positive_rate').detail, 'n = 20');
    assert.match(cell('C', 'true_positive_rate').title!, /^True positive rate on 20 rows with a positive label, fewer than 30/);
    assert.equal(cell('C', 'false_positive_rate').detail, 'n = 20');
    assert.match(cell('C', 'false_positive_rate').title!, /^False positive rate on 20 rows with a negative label, fewer than 30/);
    assert.equal(cell('C', 'positive_predictive_value').detail, 'n = 15');
    assert.match(cell('C', 'positive_predictive_value').title!, /^Precision on 15 rows predicted positive, fewer than 30/);
    // D: FPR 0 of 35 rows: 35 is not few, but they alone set its exact interval [0, 1 − 0.025^(1/35)]
    assert.equal(cell('D', 'false_positive_rate').text, '0.000');
    assert.equal(cell('D', 'false_positive_rate').interval, `[0.000, ${(1 - 0.025 ** (1 / 35)).toFixed(3)}]`);
    assert.equal(cell('D', 'false_positive_rate').detail, 'n = 35');
    assert.match(cell('D', 'false_positive_rate').title!, /^False positive rate on 35 rows with a negative label; exact binomial/);
    assert.equal(cell('D', 'positive_predictive_value').detail, 'n = 20');
    // rates over all rows say nothing (the Rows column does); a group under 30 rows neither (its badge does)
    assert.equal(cell('D', 'selection_rate').detail, undefined);
    assert.equal(cell('A', 'true_positive_rate').detail, undefined);
    // the same words in the exports
    const markdown = formatMarkdown(report);
    assert.match(markdown, /\| 0\.667 \\\[[^|]*\\\] — n = 15 \|/);
    // what n is, said once under the table in every medium (a Markdown table has no hover)
    assert.ok(markdown.includes(rowsBehindSentence(report, true).trim()));
    assert.ok(groupsNote(report, grouping, undefined, 'panel').endsWith(rowsBehindSentence(report, true)));
    assert.ok(renderAuditHtml(report).includes('<span class="detail">n = 15</span>'));
  });

  it('at the minimum size set higher, a rate on 35 rows inside (0, 1) gets its count too', async () => {
    const report = { ...(await audit(LINES)), minGroupSize: 50 };
    const grouping = report.groupings[0]!;
    const table = groupsTable(report, grouping, undefined, 'static');
    const column = table.columns.findIndex((c) => c.key === 'false_positive_rate');
    // C (40 rows) is now small: no count; D's TPR 20 of 25 rows is under 50
    const tpr = table.columns.findIndex((c) => c.key === 'true_positive_rate');
    const d = table.rows.find((r) => r.cells[0]!.text === 'D')!;
    assert.equal(d.cells[tpr]!.detail, 'n = 25');
    assert.equal(d.cells[column]!.detail, 'n = 35');
    assert.equal(table.rows.find((r) => r.cells[0]!.text === 'C')!.cells[tpr]!.detail, undefined);
  });
});

describe('the intervals line', () => {
  it('names the exact binomial interval when some rate has one, and only then', async () => {
    const withExact = await audit(LINES);
    const line = (report: AuditReport) => describeRun(report).find((l) => l.startsWith('Intervals:'))!;
    assert.equal(line(withExact), `Intervals: 95% percentile bootstrap, 100 Poisson resamples, seed 1. ${EXACT_INTERVALS} ${RESAMPLE_CELLS}`);
    // C and a copy of it, E: every rate inside (0, 1), every interval the bootstrap's
    const c = LINES.filter((l) => l.startsWith('C,'));
    const inside = await audit([...c, ...c.map((l) => l.replace(/^C,/, 'E,'))]);
    assert.ok(inside.groupings[0]!.groups.every((g) => g.exactIntervals === undefined));
    assert.equal(line(inside), `Intervals: 95% percentile bootstrap, 100 Poisson resamples, seed 1. ${RESAMPLE_CELLS}`);
    assert.match(EXACT_INTERVALS, /exact binomial \(Clopper–Pearson\)/);
    assert.doesNotMatch(RESAMPLE_CELLS, /\bcell\b/, 'plain words');
  });
});

describe('a ratio between groups and the ratio to the reference', () => {
  it('the smallest / largest ratio stays at most 1 in every resample while group / reference passes 1, as the note says', async () => {
    // two groups of 200 rows, base rates 100/200 = 0.50 (P, the reference) and 104/200 = 0.52 (Q): close enough that
    // resamples put either one higher; dataset audit of the label alone
    const lines = [...rows('P', 1, 0, 100), ...rows('P', 0, 0, 100), ...rows('Q', 1, 0, 104), ...rows('Q', 0, 0, 96)];
    const location = file('close.csv', lines);
    const report = await runAudit(location, { roles: { label: 'label', sensitive: ['group'] }, bootstrap: 200, seed: 2, references: { group: 'P' } });
    const grouping = report.groupings[0]!;
    const q = grouping.groups.find((g) => g.key['group'] === 'Q')!;
    // point estimates by hand: Q / P = 0.52 / 0.50 = 1.04; smallest / largest = 0.50 / 0.52 = 0.9615
    // (a dataset audit's disparate impact is the base rate's disparity)
    assert.ok(Math.abs(q.disparities['base_rate']! - 1.04) < 1e-9);
    assert.ok(Math.abs(grouping.aggregates['base_rate_ratio']! - 0.5 / 0.52) < 1e-9);
    const [low, high] = q.disparityIntervals['base_rate']!;
    assert.ok(low < 1 && high > 1, `group / reference on both sides of 1: [${low}, ${high}]`);
    assert.ok(grouping.aggregateIntervals['base_rate_ratio']![1] <= 1, 'smallest / largest at most 1');
    assert.ok(aggregatesNote(report, grouping, undefined, 'static').includes(BOUNDED_NOTE));
    const table = aggregatesTable(report, grouping);
    const label = (name: string) => table.rows.find((r) => r.cells[0]!.title!.includes(`(${name})`))!.cells[0]!;
    assert.equal(label('base_rate_ratio').detail, 'smallest / largest group');
    assert.equal(label('base_rate_difference').detail, 'largest − smallest group');
  });

  it("a classification audit's figures against the reference get no such line", async () => {
    const report = await audit(LINES);
    const table = aggregatesTable(report, report.groupings[0]!);
    const label = (name: string) => table.rows.find((r) => r.cells[0]!.title!.includes(`(${name})`))!.cells[0]!;
    assert.equal(label('demographic_parity_ratio').detail, 'smallest / largest group');
    assert.equal(label('equalized_odds_difference').detail, 'largest − smallest group (TPR or FPR, the larger)');
    assert.equal(label('statistical_parity_difference').detail, undefined);
    assert.equal(label('disparate_impact').detail, undefined);
  });
});
