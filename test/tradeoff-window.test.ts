// The trade-off plot's views hold each shown point's whiskers whole (cold try 11: on bank.csv the
// focused view cut every accuracy interval at its top and bottom edges); a whisker's line leaves a
// gap round every marker and ring it passes; a stack's markers are drawn last of their method.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ComparisonView } from '../common/protocol';
import { comparisonPlot } from '../common/render/plots';
import { drawOrder, focusWindow, fullWindow, linePieces, niceTicks, type TradeoffPlot, type Window } from '../common/render/tradeoff';
import { BANK_COMPARISON } from './support/bank-comparison';

/** Every point inside the window, and the unmitigated model, with each of its intervals' ends inside too. */
function cutWhiskers(plot: TradeoffPlot, window: Window): string[] {
  const inside = (x: number, y: number) => x >= window.x[0] && x <= window.x[1] && y >= window.y[0] && y <= window.y[1];
  const shown = [...plot.points.filter((p) => inside(p.x, p.y)), ...(plot.reference ? [{ ...plot.reference, method: 'unmitigated', setting: '' }] : [])];
  return shown.flatMap((p) => [
    ...(p.xInterval ?? []).filter((x) => !inside(x, p.y)).map((x) => `${p.method} ${p.setting}: gap bound ${x} outside ${JSON.stringify(window)}`),
    ...(p.yInterval ?? []).filter((y) => !inside(p.x, y)).map((y) => `${p.method} ${p.setting}: accuracy bound ${y} outside ${JSON.stringify(window)}`),
  ]);
}

/** The COMPAS comparison of the panel tests, with the intervals set there by hand: the unmitigated model's gap [0.249, 1]. */
function compas(): ComparisonView {
  const view = JSON.parse(readFileSync(path.join(__dirname, '../../test/fixtures/webview/compas-comparison-view.json'), 'utf8')) as ComparisonView;
  view.reference!.intervals = { accuracy: [0.659, 0.693], fairness: [0.249, 1] };
  for (const point of view.points.filter((p) => p.pareto && p.method === 'threshold'))
    point.intervals = { accuracy: [point.accuracy! - 0.02, point.accuracy! + 0.02], fairness: [point.fairness! - 0.04, point.fairness! + 0.5] };
  return view;
}

describe('the trade-off plot’s windows and whiskers', () => {
  it('holds every shown whisker whole in the default and full views of bank.csv and COMPAS', () => {
    for (const view of [BANK_COMPARISON, compas()]) {
      const plot = comparisonPlot(view);
      const focus = focusWindow(plot);
      for (const window of [...(focus ? [focus] : []), fullWindow(plot)]) assert.deepEqual(cutWhiskers(plot, window), [], view.title);
    }
    // COMPAS still opens on a focused view: reject-option's widest bands (a gap of 0.9 or more at accuracy ≤ 0.57) stay out
    const plot = comparisonPlot(compas());
    const focus = focusWindow(plot);
    assert.ok(focus, 'a focused view');
    assert.ok(plot.points.some((p) => p.method === 'reject-option' && (p.y < focus.y[0] || p.x > focus.x[1])));
  });

  it('reaches a little past a gap of 0 and an accuracy of 1, so a marker there is whole, with round ticks inside (cold try 16)', () => {
    const plot: TradeoffPlot = {
      xLabel: 'gap',
      yLabel: 'accuracy',
      yHigherIsBetter: true,
      points: [
        { id: 0, method: 'a', setting: '', x: 0, y: 1, pareto: true },
        { id: 1, method: 'a', setting: '', x: 0.4, y: 0.6, pareto: true },
      ],
      reference: null,
    };
    const window = fullWindow(plot);
    // the x span rounds out to [0, 0.5] and y to [0.55, 1] or wider; each bound reached is passed by 1.5% of the span
    assert.ok(window.x[0] < 0 && window.x[0] > -0.02 * window.x[1], JSON.stringify(window));
    assert.ok(window.y[1] > 1 && window.y[1] < 1 + 0.02 * (1 - window.y[0]), JSON.stringify(window));
    assert.equal(niceTicks(window.x)[0], 0, 'the first tick is 0, not a negative gap');
    assert.equal(niceTicks(window.y).at(-1), 1, 'the last tick is 1');
  });

  it('cuts a whisker round each marker or ring it passes, by the chord of that circle', () => {
    // a line across at y = 100 from x 0 to 100: a circle of radius 5 on it at x 30 takes 25..35; one
    // 3 px off the line at x 60 takes a chord of half-length √(5² − 3²) = 4, 56..64; one 20 px off, nothing
    const clearings = [
      { x: 60, y: 103, r: 5 },
      { x: 30, y: 100, r: 5 },
      { x: 80, y: 120, r: 5 },
    ];
    assert.deepEqual(linePieces({ horizontal: true, fixed: 100 }, 0, 100, clearings), [
      [0, 25],
      [35, 56],
      [64, 100],
    ]);
    // up and down at x = 30: only the first circle, whose centre is on it (y 95..105)
    assert.deepEqual(linePieces({ horizontal: false, fixed: 30 }, 50, 150, clearings), [
      [50, 95],
      [105, 150],
    ]);
    // a circle over an end: the line starts after it
    assert.deepEqual(linePieces({ horizontal: true, fixed: 100 }, 28, 100, clearings), [
      [35, 56],
      [64, 100],
    ]);
  });

  it('draws the points at one place last of their method, so nothing of the method covers them', () => {
    const plot = comparisonPlot(BANK_COMPARISON);
    // exponentiated-gradient: epsilon 0.005, 0.01 and 0.2 alone (ids 11, 12, 16), then the three at one place (13, 14, 15)
    assert.deepEqual(
      drawOrder(plot, 'exponentiated-gradient').map((p) => p.id),
      [11, 12, 16, 13, 14, 15],
    );
    assert.deepEqual(
      drawOrder(plot, 'threshold').map((p) => p.id),
      [5, 6, 7, 8, 9, 10],
    );
  });
});
