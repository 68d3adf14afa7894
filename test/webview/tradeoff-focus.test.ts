// Compare Methods' default view (cold try 10: reject-option's widest bands, accuracy 0.46 at a gap of
// 1, stretched the axes so the useful points piled into a corner). On a comparison made by hand, the
// default view is drawn round each method's own front and the unmitigated model: reject-option's
// three widest bands, which its narrower bands beat on both axes, lie outside it and the note counts
// them; "Show all" draws every point. Screenshots of both views in the three themes.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ComparisonView, ComparisonViewPoint } from '../../common/protocol';
import { openPanel, panelBrowser, screenshots, Theme, useTheme } from '../support/panel-page';

const point = (method: string, parameter: string, value: number, fairness: number, accuracy: number, pareto = false): ComparisonViewPoint => ({
  method,
  parameter,
  value,
  accuracy,
  fairness,
  pareto,
});

/**
 * The unmitigated model at (0.34, 0.85). The Pareto flags by hand: threshold's 0.25 and 0.20 and
 * reweighing's 0.28 have no point both fairer and as accurate. Each method's own front (what the
 * default view is drawn round): threshold's three points, reweighing's first, reject-option's first
 * two; the points 0 to 7 lie in x 0.20..0.34, y 0.83..0.85. Reject-option's bands 0.3, 0.4 and 0.5
 * (ids 8, 9, 10) are beaten by its band 0.05 on both axes and lie at x ≥ 0.5, y ≤ 0.70: outside.
 */
const comparison: ComparisonView = {
  title: 'Methods on made.csv',
  fairnessMetric: 'demographic_parity_difference',
  reference: { accuracy: 0.85, fairness: 0.34 },
  points: [
    point('threshold', 'tolerance', 0.1, 0.3, 0.845),
    point('threshold', 'tolerance', 0.05, 0.25, 0.84, true),
    point('threshold', 'tolerance', 0.01, 0.2, 0.83, true),
    point('reweighing', 'strength', 1, 0.28, 0.846, true),
    point('reweighing', 'strength', 0.5, 0.32, 0.84),
    point('reject-option', 'band', 0.05, 0.3, 0.84),
    point('reject-option', 'band', 0.1, 0.26, 0.83),
    point('reject-option', 'band', 0.2, 0.31, 0.835),
    point('reject-option', 'band', 0.3, 0.5, 0.7),
    point('reject-option', 'band', 0.4, 0.8, 0.55),
    point('reject-option', 'band', 0.5, 1, 0.46),
  ],
};
const FAR = [8, 9, 10];

/** The numbers written along the axes: x below the plot (the lowest row), y left of it. */
async function axisRanges(page: Page): Promise<{ x: [number, number]; y: [number, number] }> {
  const texts = await page.locator('[data-testid="tradeoff-chart"] svg text').evaluateAll((nodes) =>
    nodes.flatMap((t) => {
      const r = t.getBoundingClientRect();
      return /^-?\d+(\.\d+)?$/.test(t.textContent ?? '') && r.width > 0 ? [{ value: Number(t.textContent), top: r.top, left: r.left }] : [];
    }),
  );
  const bottom = Math.max(...texts.map((t) => t.top));
  const left = Math.min(...texts.map((t) => t.left));
  const range = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];
  return {
    x: range(texts.filter((t) => Math.abs(t.top - bottom) < 2).map((t) => t.value)),
    y: range(texts.filter((t) => Math.abs(t.left - left) < 30 && Math.abs(t.top - bottom) >= 2).map((t) => t.value)),
  };
}

const hidden = (page: Page, id: number) => page.locator(`[data-testid="point-${id}"]`).evaluate((b) => (b as HTMLElement).hidden);

describe('Compare Methods opens on the useful region in Chromium', () => {
  let close: () => Promise<void>;
  let origin: string;
  let browser: Browser;

  before(async () => {
    ({ origin, browser, close } = await panelBrowser());
  });

  after(() => close?.());

  for (const theme of ['light', 'dark', 'high-contrast'] as Theme[]) {
    it(`leaves a method's far points out of the default view, counts them, and shows them on "Show all" (${theme})`, async () => {
      const page = await openPanel(browser, origin, { kind: 'comparison', comparison }, theme, 1000);
      await useTheme(page, theme);
      await page.waitForTimeout(200);
      const focused = await axisRanges(page);
      assert.ok(focused.x[1] < 0.5 && focused.y[0] > 0.7, `default view x ${focused.x}, y ${focused.y}`);
      for (const id of comparison.points.keys()) assert.equal(await hidden(page, id), FAR.includes(id), `point ${id}`);
      const note = page.locator('[data-testid="outside-note"]');
      assert.match(await note.innerText(), /^3 of 11 points lie outside this view\./);
      const button = page.locator('[data-testid="show-all"]');
      assert.equal(await button.innerText(), 'Show all 11 points');
      await page.mouse.move(0, 0);
      await page.locator('figure.tradeoff').screenshot({ path: path.join(screenshots, `compare-focus-${theme}.png`) });
      await button.click();
      await page.waitForTimeout(200);
      const all = await axisRanges(page);
      assert.ok(all.x[1] >= 1 && all.y[0] <= 0.46, `every point: x ${all.x}, y ${all.y}`);
      for (const id of comparison.points.keys()) assert.equal(await hidden(page, id), false, `point ${id} shown`);
      assert.match(await note.innerText(), /^All points shown\./);
      assert.equal(await button.innerText(), 'Focus on the useful region');
      await page.mouse.move(0, 0);
      await page.locator('figure.tradeoff').screenshot({ path: path.join(screenshots, `compare-focus-all-${theme}.png`) });
      await page.close();
    });
  }

  it('has no "Show all" when the default view would hold every point', async () => {
    const near: ComparisonView = { ...comparison, points: comparison.points.filter((_, id) => !FAR.includes(id)) };
    const page = await openPanel(browser, origin, { kind: 'comparison', comparison: near }, 'light', 1000);
    await page.waitForTimeout(200);
    assert.equal(await page.locator('[data-testid="show-all"]').count(), 0);
    await page.close();
  });
});
