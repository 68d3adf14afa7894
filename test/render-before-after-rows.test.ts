// The before/after table's rows in the Markdown and HTML exports: the score distances only when
// "after" has scores of its own, and each aggregate over the adequately sized groups beside the one
// over every group when some group is small. Every figure is in the hand-made reports below.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { beforeAfterNote, beforeAfterTable } from '../common/render/mitigation-model';
import { formatMitigationMarkdown } from '../common/render/mitigation-markdown';
import { renderMitigationHtml } from '../common/render/mitigation-html';
import type { MitigationReport, OutcomeSummary } from '../common/reports/mitigation';
import { formatMitigationSummary } from '../server/src/adapters/cli/format/mitigation';
import { mitigationShell } from './support/mitigation-shell';

/** Two groups of 400 and `small` rows; aggregates over all of them and over those with ≥ 30 rows as given. */
function summary(small: number, aggregates: Record<string, number>, large: Record<string, number>): OutcomeSummary {
  const sizes = [400, small];
  return {
    rows: 400 + small,
    accuracy: 0.8,
    aggregates,
    largeGroups: { minGroupSize: 30, groups: small >= 30 ? 2 : 1, aggregates: large },
    groups: ['a', 'b'].map((group, i) => ({ group, count: sizes[i]!, metrics: {} })),
  };
}

function report(method: string, kind: MitigationReport['kind'], before: OutcomeSummary, after: OutcomeSummary): MitigationReport {
  return mitigationShell({ method, kind, before, after });
}

const rowLabels = (r: MitigationReport) => beforeAfterTable(r, r.after).rows.map((row) => row.cells[0]!.text);

describe('the score distances in the before/after table', () => {
  // before: the base model's scores (KS 0.276); after: a mixture's 0/1 chances, whose "KS" is its DP difference 0.340
  const figures = (dp: number, ks: number) => ({ demographic_parity_difference: dp, ks_distance: ks, wasserstein_distance: ks / 2 });
  const scoresBothSides = () =>
    report('reweighing', 'pre-processing', summary(40, figures(0.2, 0.276), figures(0.2, 0.276)), summary(40, figures(0.1, 0.123), figures(0.1, 0.123)));

  it('are compared when both sides have scores of their own, in the Markdown and the HTML', async () => {
    const r = scoresBothSides();
    assert.deepEqual(rowLabels(r), ['Accuracy', 'Selection rate (all rows)', 'Demographic parity difference', 'KS distance', 'Wasserstein distance']);
    const markdown = formatMitigationMarkdown(r);
    assert.match(markdown, /KS distance \| lower is fairer \| 0\.276 \| 0\.123 \| −0\.153/);
    assert.ok(!markdown.includes('No KS or Wasserstein distance'));
    const html = await renderMitigationHtml(r);
    assert.ok(html.includes('KS distance') && html.includes('0.276') && html.includes('0.123'));
    assert.ok(formatMitigationSummary(r).includes('ks_distance'));
  });

  it('are left out, with the reason in the note, when “after” is a decision without scores of its own', async () => {
    // as withoutScoreDistances writes it: decisionOnly, and no distance on either side
    const plain = { demographic_parity_difference: 0.3 };
    const eg = {
      ...report(
        'exponentiated-gradient',
        'in-processing',
        summary(40, plain, plain),
        summary(40, { demographic_parity_difference: 0.34 }, { demographic_parity_difference: 0.34 }),
      ),
      decisionOnly: true,
    };
    assert.deepEqual(rowLabels(eg), ['Accuracy', 'Selection rate (all rows)', 'Demographic parity difference']);
    assert.match(
      beforeAfterNote(eg, eg.after),
      /No KS or Wasserstein distance: “after” is a randomized decision whose chance of a positive decision is not a score/,
    );
    const markdown = formatMitigationMarkdown(eg);
    assert.ok(!markdown.includes('| KS distance'), markdown);
    assert.ok(markdown.includes('No KS or Wasserstein distance'));
    const html = await renderMitigationHtml(eg);
    assert.ok(html.includes('No KS or Wasserstein distance'));
    // the CLI's summary of a run says it too
    const cli = formatMitigationSummary(eg);
    assert.ok(cli.includes('No KS or Wasserstein distance') && !cli.includes('ks_distance'), cli);
  });

  it('are left out of an older randomized report that still holds them (a draw beside “after”)', () => {
    const older = report(
      'exponentiated-gradient',
      'in-processing',
      summary(40, figures(0.3, 0.276), figures(0.3, 0.276)),
      summary(40, figures(0.34, 0.34), figures(0.34, 0.34)),
    );
    const withDraw: MitigationReport = { ...older, draw: { ...older.after, seed: 0 } };
    assert.ok(!rowLabels(withDraw).some((label) => /KS|Wasserstein/.test(label)));
    // a post-processing rule: the reason names it
    const threshold: MitigationReport = { ...withDraw, method: 'threshold', kind: 'post-processing' };
    assert.match(beforeAfterNote(threshold, threshold.after), /threshold decides from the input's scores and leaves them unchanged/);
  });
});

describe('the aggregates over the adequately sized groups in the before/after table', () => {
  it('follow each aggregate, labelled as the audit’s column, when a group is small: visible in the Markdown and the HTML', async () => {
    // group b has 12 rows: over group a alone the gap is 0, so those figures differ from the all-groups ones
    const r = report(
      'reweighing',
      'pre-processing',
      summary(12, { demographic_parity_difference: 1 }, { demographic_parity_difference: 0 }),
      summary(12, { demographic_parity_difference: 0.75 }, { demographic_parity_difference: 0 }),
    );
    const markdown = formatMitigationMarkdown(r);
    // the adequately sized groups' row first, as the audit's aggregates; then the one over all groups, named so
    assert.match(
      markdown,
      /Demographic parity difference \(1 group with ≥ 30 rows\) \| closer to 0 is fairer \| 0\.000 \| 0\.000 .*\n\| Demographic parity difference \(all 2 groups\) \| closer to 0 is fairer \| 1\.000 \| 0\.750 \| −0\.250/,
    );
    const html = await renderMitigationHtml(r);
    assert.ok(html.includes('1 group with ≥ 30 rows'), 'the badge');
    assert.ok(html.includes('1.000') && html.includes('0.750'));
  });

  it('are said to be the same figures when every group has ≥ 30 rows (a 39-row group is in both)', () => {
    const r = report(
      'reweighing',
      'pre-processing',
      summary(39, { equal_opportunity_difference: 1 }, { equal_opportunity_difference: 1 }),
      summary(39, { equal_opportunity_difference: 0.5 }, { equal_opportunity_difference: 0.5 }),
    );
    assert.equal(rowLabels(r).filter((label) => label === 'Equal opportunity difference').length, 1);
    assert.match(formatMitigationMarkdown(r), /Both groups have ≥ 30 rows, so every figure is also the one over the groups with ≥ 30 rows/);
  });
});

describe('a verdict over all groups that a set-aside group sets', () => {
  it('says what it rests on, uncoloured, and the figure’s note names the group’s size', () => {
    // selection rates by hand: a (400 rows) 0.5, b (300 rows) 0.3, c (12 rows) 0.0 before and 0.45 after.
    // Over all 3 groups the gap is 0.5 (a − c) before and 0.2 (a − b) after: "fairer" only because c moved;
    // over a and b (≥ 30 rows) it is 0.2 both times.
    const groups = (c: number) =>
      [
        ['a', 400, 0.5],
        ['b', 300, 0.3],
        ['c', 12, c],
      ].map(([group, count, rate]) => ({ group: group as string, count: count as number, metrics: { selection_rate: rate as number } }));
    const side = (c: number, all: number): OutcomeSummary => ({
      rows: 712,
      accuracy: 0.8,
      aggregates: { demographic_parity_difference: all },
      largeGroups: { minGroupSize: 30, groups: 2, aggregates: { demographic_parity_difference: 0.2 } },
      groups: groups(c),
    });
    const r = report('reweighing', 'pre-processing', side(0, 0.5), side(0.45, 0.2));
    const row = beforeAfterTable(r, r.after).rows.find((x) => x.cells[0]!.badge === 'all 3 groups')!;
    const verdict = row.cells.at(-1)!;
    assert.equal(verdict.text, 'fairer');
    assert.equal(verdict.detail, 'rests on c (12 rows)');
    assert.equal(verdict.class, undefined, 'not coloured as a verdict to quote');
    assert.match(verdict.title!, /the row “2 groups with ≥ 30 rows” above is the one to read/);
    assert.equal(row.cells[2]!.detail, 'lowest: c (12 rows: 0.000), highest: a (400 rows: 0.500) · c: under 30 rows');
    // the row over a and b: unchanged, nothing to rest on
    const large = beforeAfterTable(r, r.after).rows.find((x) => x.cells[0]!.badge === '2 groups with ≥ 30 rows')!;
    assert.equal(large.cells.at(-1)!.detail, undefined);
  });
});

describe('a change smaller than the table’s three decimals', () => {
  it('keeps its first digit, so “worse” never sits beside −0.000 (cold try 18)', () => {
    const plain = { demographic_parity_difference: 0.3 };
    // accuracy 0.8 → 0.7997: a change of −0.0003 by hand; 0.8 → 0.8 + 4e-5: +0.00004
    const side = (accuracy: number): OutcomeSummary => ({ ...summary(40, plain, plain), accuracy });
    const change = (after: number) => {
      const r = report('reweighing', 'pre-processing', side(0.8), side(after));
      const row = beforeAfterTable(r, r.after).rows.find((x) => x.cells[0]!.text === 'Accuracy')!;
      return [row.cells[4]!.text, row.cells.at(-1)!.text];
    };
    assert.deepEqual(change(0.7997), ['−0.0003', 'worse']);
    assert.deepEqual(change(0.8 + 4e-5), ['+0.00004', 'better']);
    assert.deepEqual(change(0.75), ['−0.050', 'worse']);
    // its interval's bounds keep three decimals, as every other figure of the table
    const r = report('reweighing', 'pre-processing', side(0.8), side(0.7997));
    const paired: MitigationReport['change'] = {
      accuracy: -0.0003,
      aggregates: {},
      largeGroups: { minGroupSize: 30, groups: 2, aggregates: {} },
      intervals: { accuracy: [-0.007, 0.00001] },
    };
    const withInterval: MitigationReport = { ...r, change: paired };
    const cell = beforeAfterTable(withInterval, withInterval.after).rows.find((x) => x.cells[0]!.text === 'Accuracy')!.cells[4]!;
    assert.deepEqual([cell.text, cell.interval], ['−0.0003', '[−0.007, +0.000]']);
  });
});
