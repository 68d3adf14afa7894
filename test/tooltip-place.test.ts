// The trade-off plot's tooltip beside the pointer, never over the point hovered, flipped at the
// chart's edges, and where it covers the fewest other points (cold try 13: put back inside the
// chart, it covered the points round the one hovered). Places worked out by hand: the tooltip
// GAP = 20 px off the pointer (ECharts' own), a point covered when its centre is within 10 px of the tooltip.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tooltipPlace } from '../common/render/tooltip-place';

describe("the trade-off plot's tooltip", () => {
  const view: [number, number] = [600, 400];

  it('goes right of the pointer and below it where it fits', () => {
    assert.deepEqual(tooltipPlace([100, 100], [200, 100], view, []), [120, 120]);
  });

  it('flips left of the pointer near the right edge', () => {
    // right: 520 + 200 > 600; left: 500 − 20 − 200 = 280
    assert.deepEqual(tooltipPlace([500, 100], [200, 100], view, []), [280, 120]);
  });

  it('goes above the pointer where below it would cover a neighbour', () => {
    // below right spans 320–520 × 220–320 and covers (350, 250); above right, 320–520 × 80–180, covers nothing
    assert.deepEqual(
      tooltipPlace([300, 200], [200, 100], view, [
        [300, 200],
        [350, 250],
        [150, 150],
      ]),
      [320, 80],
    );
  });

  it('stays level with the pointer, beside it, when too tall for above or below', () => {
    // 300 × 300 at (450, 200): right 470 + 300 > 600; left at 130 (to 430, clear of the pointer at 450);
    // below (220 + 300 > 400) and above (−120) do not fit: level, 200 − 150 = 50
    const [left, top] = tooltipPlace([450, 200], [300, 300], view, []);
    assert.deepEqual([left, top], [130, 50]);
    assert.ok(left + 300 < 450 - 10, 'the hovered point stays in view');
  });

  it("goes against the chart's top edge where that covers fewer points than level with the pointer", () => {
    // 200 × 300 at (100, 250): right at 120; below (270 + 300) and above (−70) do not fit; level (250 − 150 = 100, to 400)
    // covers (200, 380); against the top edge (0 to 300) does not
    assert.deepEqual(tooltipPlace([100, 250], [200, 300], view, [[200, 380]]), [120, 0]);
  });

  it('never covers the point hovered, wherever the pointer is', () => {
    for (let x = 0; x <= 600; x += 25)
      for (let y = 0; y <= 400; y += 25) {
        const [left, top] = tooltipPlace([x, y], [240, 150], view, [[x, y]]);
        const covers = x + 10 > left && x - 10 < left + 240 && y + 10 > top && y - 10 < top + 150;
        assert.ok(!covers, `pointer (${x}, ${y}): tooltip at (${left}, ${top})`);
      }
  });
});
