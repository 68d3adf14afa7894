// What cold try 12 could not read, as the shared renderers write it: the distribution chart's long
// title wrapped (not cut) and its y axis named; the note when a measure's difference and ratio
// move opposite ways; why the audit panel opens on its grouping; a star marker with enough ink and
// the dark palette's markers at 4.5:1; the unmitigated model's name clear of the grid's lines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CDF_Y_LABEL, cdfChart, titleLines } from '../common/render/charts';
import { defaultGroupingLine } from '../common/render/default-grouping';
import { differenceRatioNote } from '../common/render/difference-ratio';
import { beforeAfterTable } from '../common/render/mitigation-model';
import { formatMitigationMarkdown } from '../common/render/mitigation-markdown';
import { renderMitigationHtml } from '../common/render/mitigation-html';
import { DARK_SERIES, MARKERS, referenceLabelBox, type TradeoffPlot } from '../common/render/tradeoff';
import { contrast } from './support/contrast';
import { oppositeReport } from './support/opposite-report';

describe('the distribution chart', () => {
  const title = 'Distribution of the score by group, before (after is a decision without scores of its own)';
  const series = [{ label: 'a', quantiles: Array.from({ length: 101 }, (_, k) => k / 100) }];

  it('wraps a title longer than the chart onto lines, every word kept in order, and makes room for them', () => {
    const lines = titleLines(title, 540);
    // 88 characters of bold 11 px text are over 540 px (at 6 px or more a character, about 530 px for the letters alone)
    assert.ok(lines.length >= 2, JSON.stringify(lines));
    assert.equal(lines.join(' '), title);
    assert.deepEqual(titleLines('Selection rate', 540), ['Selection rate']);
    const [short, long] = [cdfChart('Short', 'score', series), cdfChart(title, 'score', series)];
    const height = (svg: string) => Number(/height="([\d.]+)"/.exec(svg)![1]);
    assert.equal(height(long) - height(short), (lines.length - 1) * 15, 'one 15 px line more for each extra title line');
    assert.equal((long.match(/<tspan /g) ?? []).length, lines.length);
  });

  it('names its y axis: the share of a group’s rows at or below x, written upright along the axis', () => {
    const svg = cdfChart('Short', 'score', series);
    assert.ok(svg.includes(`>${CDF_Y_LABEL}</text>`), 'the label as a text of its own');
    assert.match(svg, /rotate\(-90\)/);
  });
});

describe('a measure’s difference and ratio moving opposite ways', () => {
  it('are explained in one sentence under the before/after table, in the Markdown and the HTML too', async () => {
    const report = oppositeReport();
    const table = beforeAfterTable(report, report.after);
    const verdict = (name: string) => table.rows.find((row) => row.cells[0]!.text === name)!.cells.at(-1)!.text;
    // by hand (test/support/opposite-report.ts): the difference 0.20 → 0.25, the ratio 0.333 → 0.60, both changes' intervals clear of 0
    assert.equal(verdict('Equalized odds difference'), 'less fair');
    assert.equal(verdict('Equalized odds ratio'), 'fairer');
    const note = differenceRatioNote(table);
    assert.ok(note, 'a note');
    assert.match(note, /^The difference and the ratio of equalized odds move opposite ways: the difference compares the largest gap/);
    assert.match(note, /the ratio the smallest rate with the largest/);
    assert.equal(note.split('. ').length, 1, 'one sentence');
    assert.ok(!note.includes('demographic parity'), 'demographic parity has no ratio row here');
    assert.ok(formatMitigationMarkdown(report).includes(note));
    assert.ok((await renderMitigationHtml(report)).includes(note));
  });

  it('says nothing when both move the same way', () => {
    // after: TPR 0.80 / 0.50, FPR 0.30 / 0.05: difference max(0.30, 0.25) = 0.30 (less fair), ratio min(0.625, 0.167) = 0.167 (less fair)
    const report = oppositeReport({ tpr: [0.8, 0.5], fpr: [0.3, 0.05] });
    const table = beforeAfterTable(report, report.after);
    assert.equal(differenceRatioNote(table), undefined);
    assert.ok(!formatMitigationMarkdown(report).includes('move opposite ways'));
  });
});

describe('why the audit panel opens on its grouping', () => {
  const report = (by: string[][], bins: Record<string, number[]>) => ({ groupings: by.map((b) => ({ by: b })), columns: { bins } });

  it('names the grouping, the rule, the binned attributes passed over, and the chooser', () => {
    // UCI Adult as cold try 12 audited it: age binned, marital-status the first with its own values
    assert.equal(
      defaultGroupingLine(report([['age'], ['marital-status'], ['race'], ['age', 'marital-status']], { age: [28, 37, 48] })),
      'Shown first: marital-status, the first sensitive attribute whose groups are its own values (age is cut into bins by the audit). Choose another with Grouping.',
    );
    assert.equal(
      defaultGroupingLine(report([['race'], ['sex']], {})),
      'Shown first: race, the first sensitive attribute chosen. Choose another with Grouping.',
    );
    assert.equal(
      defaultGroupingLine(report([['age'], ['income']], { age: [30], income: [1000] })),
      'Shown first: age, the first grouping, as every sensitive attribute is cut into bins by the audit. Choose another with Grouping.',
    );
  });

  it('says nothing with one grouping: there was no choice', () => {
    assert.equal(defaultGroupingLine(report([['sex']], {})), undefined);
  });
});

describe('the trade-off plot’s markers in a dark theme', () => {
  /** A marker path's area in its 10 × 10 box by the shoelace formula (M, L, H and V commands; the circle is an arc). */
  const area = (d: string) => {
    const points: [number, number][] = [];
    let [x, y] = [0, 0];
    for (const [, command, args] of d.matchAll(/([MLHVZ])([^MLHVZ]*)/g)) {
      const n = args!.split(',').filter(Boolean).map(Number);
      if (command === 'M' || command === 'L') [x, y] = n as [number, number];
      else if (command === 'H') x = n[0]!;
      else if (command === 'V') y = n[0]!;
      else continue;
      points.push([x, y]);
    }
    return Math.abs(points.reduce((sum, [a, b], i) => sum + a * points[(i + 1) % points.length]![1] - b * points[(i + 1) % points.length]![0], 0)) / 2;
  };

  it('draws a star with at least half the ink of the circle (π × 5²), so the halo round it leaves a star', () => {
    const star = MARKERS[7]!;
    assert.ok(area(star) >= (Math.PI * 25) / 2, `star ${area(star).toFixed(1)} of the circle's ${(Math.PI * 25).toFixed(1)}`);
    // the shoelace formula itself, on the square marker: 8.8 × 8.8
    assert.ok(Math.abs(area(MARKERS[1]!) - 8.8 * 8.8) < 1e-9);
  });

  it('gives every method 4.5:1 on the dark editors (an 11 px mark with a halo: WCAG’s text contrast, not 3:1)', () => {
    for (const colour of DARK_SERIES)
      for (const background of ['#1e1e1e', '#1f1f1f'])
        assert.ok(contrast(colour, background) >= 4.5, `${colour} on ${background}: ${contrast(colour, background).toFixed(2)}:1`);
  });
});

describe('the unmitigated model’s name', () => {
  it('is put where no grid line runs through it, when a place round its ring has none', () => {
    // a 600 × 400 px area showing x and y from 0 to 1: grid lines every 0.2, at x = 0, 120, ..., 600 px and y = 0, 80, ..., 400 px
    const area = { x: 0, y: 0, width: 600, height: 400 };
    const toPixel = (x: number, y: number): [number, number] => [600 * x, 400 * (1 - y)];
    const plot: TradeoffPlot = { xLabel: 'gap', yLabel: 'accuracy', yHigherIsBetter: true, points: [], reference: { x: 0.5, y: 0.5, label: 'unmitigated' } };
    const box = referenceLabelBox(plot, toPixel, area, [81, 16])!;
    // the first place tried, above left of the ring at (300, 200), spans x 207–288 and crosses the line at x = 240
    const lines = [0, 120, 240, 360, 480, 600].filter((x) => x > box.left && x < box.right);
    const rows = [0, 80, 160, 240, 320, 400].filter((y) => y > box.top && y < box.bottom);
    assert.deepEqual([lines, rows], [[], []], JSON.stringify(box));
  });

  it('sits next to its ring, clear of its whiskers and the grid, where the places tried first are all crossed (cold try 13)', () => {
    // a 600 × 225 px area showing 0 to 1: grid lines every 0.2, at x = 0, 120, 240, ... and y = 0, 45, 90, 135, 180, 225 px.
    // The ring at (246, 108), as the cold try's: 6 px right of a grid line, 18 px under one and 27 px over the next;
    // its whiskers across it (x 150–342 px) and up and down (y 56–169 px), each drawn 8 px thick (its caps).
    const area = { x: 0, y: 0, width: 600, height: 225 };
    const toPixel = (x: number, y: number): [number, number] => [600 * x, 225 * (1 - y)];
    const reference = {
      x: 246 / 600,
      y: 1 - 108 / 225,
      label: 'unmitigated',
      xInterval: [0.25, 0.57] as [number, number],
      yInterval: [0.25, 0.75] as [number, number],
    };
    const plot: TradeoffPlot = { xLabel: 'gap', yLabel: 'accuracy', yHigherIsBetter: true, points: [], reference };
    const box = referenceLabelBox(plot, toPixel, area, [81, 16])!;
    const lines = [0, 120, 240, 360, 480, 600].filter((x) => x + 1 > box.left && x - 1 < box.right);
    const rows = [0, 45, 90, 135, 180, 225].filter((y) => y + 1 > box.top && y - 1 < box.bottom);
    assert.deepEqual([lines, rows], [[], []], JSON.stringify(box));
    // clear of the whiskers: the one across at y = 108 ± 4, the one up and down at x = 246 ± 4
    assert.ok(box.top >= 112 || box.bottom <= 104, `across: ${JSON.stringify(box)}`);
    assert.ok(box.left >= 250 || box.right <= 242, `up and down: ${JSON.stringify(box)}`);
    // next to the ring: above, 15 px between its whisker (104) and the grid line (91) is too low for the name (16 px),
    // so under the whisker, its nearest corner 12 px across and 4 down from the centre: √(12² + 4²) = 12.6 px (the places
    // tried before put it above left, 24 px across and up: 34 px)
    const gap = Math.hypot(Math.max(box.left - 246, 0, 246 - box.right), Math.max(box.top - 108, 0, 108 - box.bottom));
    assert.ok(gap >= 12 && gap <= 13, `${gap.toFixed(1)} px from the ring's centre: ${JSON.stringify(box)}`);
  });
});
