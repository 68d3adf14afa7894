// The Compare Methods trade-off plot drawn by the panel in Chromium (issue 16): whiskers that run
// past the plot end on its edge with an arrowhead, the others with caps, drawn unlike the grid;
// the unmitigated model's name covers no marker, ring or whisker. Geometry is measured on the SVG drawn.
// Screenshots in the light, dark and high-contrast themes go to shots/.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Browser, chromium, Page } from 'playwright-core';
import type { ComparisonView } from '../../common/protocol';
import { LIGHT_SERIES } from '../../common/render/tradeoff';
import { openPanel, root, servePanel, THEMES, Theme, useTheme } from '../support/panel-page';

const shots = path.join(root, 'shots');

interface Drawn {
  area: { left: number; top: number; right: number; bottom: number };
  /** Stroked paths that are not text: their stroke, width, opacity and box. */
  strokes: { stroke: string; width: number; opacity: number; scaled: boolean; box: Box }[];
  /** Filled paths without a stroke (arrowheads) and marker paths (filled, stroked with the background). */
  fills: { fill: string; stroke: string | null; box: Box }[];
  label: Box | null;
}
interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Everything the plot's SVG draws, in page pixels; the plot area is the extent of the grid's lines. */
async function drawn(page: Page, grid: string): Promise<Drawn> {
  return page.locator('[data-testid="tradeoff-chart"] svg').evaluate((svg, gridColour) => {
    const boxOf = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const paths = Array.from(svg.querySelectorAll('path'));
    const strokes = paths
      .filter((p) => p.getAttribute('stroke') && p.getAttribute('stroke') !== 'none' && (p.getAttribute('fill') ?? 'none') === 'none')
      .map((p) => ({
        stroke: p.getAttribute('stroke')!.toLowerCase(),
        width: Number(p.getAttribute('stroke-width') ?? 1),
        opacity: Number(p.getAttribute('opacity') ?? p.getAttribute('stroke-opacity') ?? 1),
        scaled: p.hasAttribute('transform'),
        box: boxOf(p),
      }));
    const fills = paths
      .filter((p) => p.getAttribute('fill') && p.getAttribute('fill') !== 'none' && p.getAttribute('fill') !== 'transparent')
      .map((p) => ({ fill: p.getAttribute('fill')!.toLowerCase(), stroke: p.getAttribute('stroke'), box: boxOf(p) }));
    const gridBoxes = strokes.filter((s) => s.stroke === gridColour).map((s) => s.box);
    const area = {
      left: Math.min(...gridBoxes.map((b) => b.left)),
      top: Math.min(...gridBoxes.map((b) => b.top)),
      right: Math.max(...gridBoxes.map((b) => b.right)),
      bottom: Math.max(...gridBoxes.map((b) => b.bottom)),
    };
    const text = Array.from(svg.querySelectorAll('text')).find((t) => t.textContent === 'unmitigated');
    return { area, strokes, fills, label: text ? boxOf(text) : null };
  }, grid);
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('the trade-off plot of Compare Methods in Chromium', () => {
  let closeServer: () => void;
  let origin: string;
  let browser: Browser;
  let view: ComparisonView;

  before(async () => {
    // Every method on one COMPAS split (the stored panel view), with the intervals of the
    // cold try set by hand: the unmitigated model's gap [0.249, 1.000] runs past the focused
    // view's right edge, threshold's Pareto points' gaps reach 0.5 past it, reweighing's fits.
    view = JSON.parse(readFileSync(path.join(root, 'test/fixtures/webview/compas-comparison-view.json'), 'utf8')) as ComparisonView;
    view.reference!.intervals = { accuracy: [0.659, 0.693], fairness: [0.249, 1] };
    for (const point of view.points.filter((p) => p.pareto && p.method === 'threshold'))
      point.intervals = { accuracy: [point.accuracy! - 0.02, point.accuracy! + 0.02], fairness: [point.fairness! - 0.04, point.fairness! + 0.5] };
    view.points[6]!.intervals = { accuracy: [0.66, 0.684], fairness: [0.3, 0.38] };
    view.bootstrap = { resamples: 200, seed: 0, level: 0.95, method: 'poisson-statistics' };
    ({ origin, close: closeServer } = await servePanel());
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    mkdirSync(shots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    closeServer?.();
  });

  /** An x value's pixel, from the positions of two of the x axis's tick labels. */
  const xPixel = async (page: Page, value: number) => {
    const ticks = await page.locator('[data-testid="tradeoff-chart"] svg text').evaluateAll((texts) =>
      texts.flatMap((t) => {
        const r = t.getBoundingClientRect();
        return /^0(\.\d+)?$/.test(t.textContent ?? '') && r.height < 20 ? [{ value: Number(t.textContent), x: (r.left + r.right) / 2, y: r.top }] : [];
      }),
    );
    const bottom = Math.max(...ticks.map((t) => t.y));
    const axis = ticks.filter((t) => Math.abs(t.y - bottom) < 2).sort((a, b) => a.value - b.value);
    const [a, b] = [axis[0]!, axis.at(-1)!];
    return a.x + ((value - a.value) / (b.value - a.value)) * (b.x - a.x);
  };

  for (const theme of ['light', 'dark', 'high-contrast'] as Theme[]) {
    it(`ends whiskers past the plot on its edge with an arrowhead, unlike the grid, and names the unmitigated model clear of them (${theme})`, async () => {
      const page = await openPanel(browser, origin, { kind: 'comparison', comparison: view }, theme, 1200);
      await useTheme(page, theme);
      const variables = THEMES[theme].variables as Record<string, string>;
      const [foreground, grid, background] = ['--vscode-foreground', '--vscode-panel-border', '--vscode-editor-background'].map((name) =>
        variables[name]!.toLowerCase(),
      ) as [string, string, string];
      const plot = await drawn(page, grid);
      const inArea = (b: Box) =>
        b.left >= plot.area.left - 1 && b.right <= plot.area.right + 1 && b.top >= plot.area.top - 1 && b.bottom <= plot.area.bottom + 1;
      // whiskers: semi-transparent strokes; the grid's lines: opaque, thinner, in the grid's colour
      const whiskers = plot.strokes.filter((s) => s.opacity < 1 && !s.scaled);
      const gridLines = plot.strokes.filter((s) => s.stroke === grid);
      const rings = plot.strokes.filter((s) => s.scaled);
      assert.ok(whiskers.length > 20 && gridLines.length > 10, `${whiskers.length} whisker strokes, ${gridLines.length} grid lines`);
      for (const w of whiskers) {
        assert.notEqual(w.stroke, grid, 'a whisker is not in the grid colour');
        assert.ok(w.width > gridLines[0]!.width, `whisker ${w.width} px against the grid's ${gridLines[0]!.width} px`);
        assert.ok(inArea(w.box), `a whisker stays in the plot: ${JSON.stringify(w.box)} in ${JSON.stringify(plot.area)}`);
      }
      // the unmitigated model's gap interval [0.249, 1.000] on an axis ending before 1: from a cap at
      // 0.249 to an arrowhead whose tip is on the plot's right edge
      const referenceLines = whiskers.filter((w) => w.stroke === foreground && w.box.bottom - w.box.top < 2);
      const line = referenceLines.sort((a, b) => b.box.right - b.box.left - (a.box.right - a.box.left))[0]!;
      const y = (line.box.top + line.box.bottom) / 2;
      const arrows = plot.fills.filter((f) => f.stroke === null && f.fill === foreground && f.box.top < y && f.box.bottom > y);
      assert.equal(arrows.length, 1, "one arrowhead on the unmitigated model's line");
      assert.ok(Math.abs(arrows[0]!.box.right - plot.area.right) <= 1, `the arrow's tip ${arrows[0]!.box.right} on the edge ${plot.area.right}`);
      assert.ok(Math.abs(arrows[0]!.box.left - line.box.right) <= 1, 'the line runs into the arrowhead');
      const left = await xPixel(page, 0.249);
      assert.ok(Math.abs(line.box.left - left) <= 1.5, `the line starts at 0.249 (${left.toFixed(1)} px): ${line.box.left}`);
      const cap = whiskers.find((w) => w.stroke === foreground && w.box.bottom - w.box.top >= 6 && Math.abs((w.box.left + w.box.right) / 2 - left) <= 1.5);
      assert.ok(cap, 'a cap across the end inside the plot');
      // threshold's Pareto points' gaps run past the right edge too, in its colour
      const threshold = LIGHT_SERIES[2]!.toLowerCase();
      if (theme === 'light')
        assert.ok(plot.fills.filter((f) => f.stroke === null && f.fill === threshold && Math.abs(f.box.right - plot.area.right) <= 1).length >= 1);
      // the name: inside the plot, on no marker, ring, whisker or arrowhead
      assert.ok(plot.label && inArea(plot.label), `the label inside the plot: ${JSON.stringify(plot.label)}`);
      const markers = plot.fills.filter((f) => f.stroke === background);
      assert.ok(markers.length > 50, `${markers.length} markers`);
      const covered = [...markers.map((m) => m.box), ...whiskers.map((w) => w.box), ...arrows.map((a) => a.box), ...rings.map((r) => r.box)].filter((b) =>
        overlaps(b, plot.label!),
      );
      assert.deepEqual(covered, [], 'the label covers no marker, whisker, arrowhead or ring');
      // hovering the arrowhead shows the bounds
      await page.mouse.move((arrows[0]!.box.left + arrows[0]!.box.right) / 2, y);
      await page.waitForTimeout(200);
      assert.match(
        await page.locator('.chart-tooltip').innerText(),
        /unmitigated model: Demographic parity difference interval \[0\.249, 1\.000\]; the arrow: it runs past the plot's edge/,
      );
      await page.mouse.move(0, 0);
      await page.waitForTimeout(100);
      await page.locator('figure.tradeoff').screenshot({ path: path.join(shots, `compare-plot-${theme}.png`) });
      // after showing every point (a zoom out to 0..1 on x): whiskers and the name drawn again for that view
      await page.locator('[data-testid="show-all"]').click();
      await page.waitForTimeout(200);
      const all = await drawn(page, grid);
      const allWhiskers = all.strokes.filter((s) => s.opacity < 1 && !s.scaled);
      for (const w of allWhiskers) assert.ok(w.box.right <= all.area.right + 1 && w.box.left >= all.area.left - 1, 'a whisker stays in the plot');
      assert.ok(all.label && !allWhiskers.some((w) => overlaps(w.box, all.label!)), 'the name clear of the whiskers');
      await page.mouse.move(0, 0);
      await page.locator('figure.tradeoff').screenshot({ path: path.join(shots, `compare-plot-all-${theme}.png`) });
      await page.close();
    });
  }
});
