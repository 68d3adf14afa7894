// The Compare Methods trade-off plot drawn by the panel in Chromium (issue 16): whiskers that run
// past the plot end on its edge with an arrowhead, the others with caps, drawn unlike the grid;
// the unmitigated model's name covers no marker, ring or whisker; a marker is drawn above its own
// whiskers, which stop short of it and are thinner than its outline. Geometry is measured on the SVG drawn.
// Screenshots in the light, dark and high-contrast themes go to .webview-screenshots/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ComparisonView } from '../../common/protocol';
import { DARK_SERIES, HIGH_CONTRAST_SERIES, LIGHT_SERIES, WHISKER_WIDTH } from '../../common/render/tradeoff';
import { contrast } from '../support/contrast';
import { openPanel, panelBrowser, root, screenshots, THEMES, Theme, useTheme } from '../support/panel-page';

interface Drawn {
  area: { left: number; top: number; right: number; bottom: number };
  /** Stroked paths that are not text: their stroke, width, opacity and box. */
  strokes: { stroke: string; width: number; opacity: number; scaled: boolean; dashed: boolean; box: Box }[];
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

/** A whisker's piece of line or cap: solid, WHISKER_WIDTH wide, not a ring (scaled) nor the dashed front of the same width. */
const isWhisker = (s: Drawn['strokes'][number]) => s.width === WHISKER_WIDTH && !s.scaled && !s.dashed;

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
        dashed: p.hasAttribute('stroke-dasharray'),
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

/** The numbers written along each axis, with their centres in page pixels: below the plot area (x) and left of it (y). */
async function axisLabels(page: Page, area: Box): Promise<{ x: { value: number; at: number }[]; y: { value: number; at: number }[] }> {
  const texts = await page.locator('[data-testid="tradeoff-chart"] svg text').evaluateAll((nodes) =>
    nodes.flatMap((t) => {
      const r = t.getBoundingClientRect();
      const text = t.textContent ?? '';
      return /^-?\d+(\.\d+)?$/.test(text) && r.width > 0 ? [{ value: Number(text), left: r.left, right: r.right, top: r.top, bottom: r.bottom }] : [];
    }),
  );
  return {
    x: texts.filter((t) => t.top >= area.bottom - 1).map((t) => ({ value: t.value, at: (t.left + t.right) / 2 })),
    y: texts.filter((t) => t.right <= area.left + 1).map((t) => ({ value: t.value, at: (t.top + t.bottom) / 2 })),
  };
}

/** Labels at a round step: consecutive differences all equal to 1, 2 or 5 × 10^k, and every value a multiple of it. */
function assertRound(labels: { value: number }[], axis: string) {
  const values = labels.map((l) => l.value).sort((a, b) => a - b);
  assert.ok(values.length >= 3, `${axis}: ${values.length} labels (${values.join(', ')})`);
  const step = values[1]! - values[0]!;
  const power = 10 ** Math.floor(Math.log10(step) + 1e-9);
  assert.ok(
    [1, 2, 5].some((m) => Math.abs(step - m * power) < power * 1e-6),
    `${axis}: step ${step} is 1, 2 or 5 × 10^k`,
  );
  for (let i = 1; i < values.length; i++) assert.ok(Math.abs(values[i]! - values[i - 1]! - step) < step * 1e-6, `${axis}: evenly spaced ${values.join(', ')}`);
  for (const v of values) assert.ok(Math.abs(v / step - Math.round(v / step)) < 1e-6, `${axis}: ${v} is a multiple of ${step}`);
}

/** A value's pixel along an axis from the first and last labels (or the reverse: a pixel's value). */
const along = (labels: { value: number; at: number }[]) => {
  const sorted = [...labels].sort((a, b) => a.value - b.value);
  const [a, b] = [sorted[0]!, sorted.at(-1)!];
  return {
    pixel: (value: number) => a.at + ((value - a.value) / (b.value - a.value)) * (b.at - a.at),
    value: (pixel: number) => a.value + ((pixel - a.at) / (b.at - a.at)) * (b.value - a.value),
  };
};

/**
 * The grid's colour: the theme's panel border; high contrast's is its border colour at 35% over the
 * background (#6fc3df over black: 0x6f × 0.35 = 39 = 0x27, 0xc3 × 0.35 = 68 = 0x44, 0xdf × 0.35 = 78 = 0x4e).
 */
async function gridColour(page: Page, theme: Theme): Promise<string> {
  return theme === 'high-contrast' ? '#27444e' : (THEMES[theme].variables as Record<string, string>)['--vscode-panel-border']!.toLowerCase();
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('the trade-off plot of Compare Methods in Chromium', () => {
  let close: () => Promise<void>;
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
    ({ origin, browser, close } = await panelBrowser());
  });

  after(() => close?.());

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
    it(`zooms about the cursor with Ctrl + wheel, keeps round labels on both axes, and resets by button, keyboard and double-click (${theme})`, async () => {
      const page = await openPanel(browser, origin, { kind: 'comparison', comparison: view }, theme, 1200);
      await useTheme(page, theme);
      const grid = await gridColour(page, theme);
      const { area } = await drawn(page, grid);
      const before = await axisLabels(page, area);
      assertRound(before.x, 'x before');
      assertRound(before.y, 'y before');
      const reset = page.locator('[data-testid="reset-view"]');
      assert.equal(await reset.isVisible(), false, 'no Reset view in the default view');
      // a point well inside the plot: the one nearest the area's centre
      const targets = await page.locator('.point-target:not([hidden])').evaluateAll((buttons) =>
        buttons.map((b) => {
          const r = b.getBoundingClientRect();
          return { id: b.getAttribute('data-testid')!, x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2 };
        }),
      );
      const [cx, cy] = [(area.left + area.right) / 2, (area.top + area.bottom) / 2];
      const target = targets.sort((a, b) => Math.hypot(a.x - cx, a.y - cy) - Math.hypot(b.x - cx, b.y - cy))[0]!;
      const value = { x: along(before.x).value(target.x), y: along(before.y).value(target.y) };
      const zoom = async (x: number, y: number) => {
        await page.mouse.move(x, y);
        await page.keyboard.down('Control');
        await page.mouse.wheel(0, -300);
        await page.keyboard.up('Control');
        await page.waitForTimeout(300);
      };
      await zoom(target.x, target.y);
      const zoomed = await axisLabels(page, area);
      assertRound(zoomed.x, 'x zoomed');
      assertRound(zoomed.y, 'y zoomed');
      const span = (labels: { value: number }[]) => Math.max(...labels.map((l) => l.value)) - Math.min(...labels.map((l) => l.value));
      assert.ok(span(zoomed.x) < span(before.x) && span(zoomed.y) < span(before.y), 'zoomed in on both axes');
      // the value under the cursor is still under it, by the labels and by the point's own marker
      const after = { x: along(zoomed.x).pixel(value.x), y: along(zoomed.y).pixel(value.y) };
      assert.ok(Math.abs(after.x - target.x) < 3 && Math.abs(after.y - target.y) < 3, `(${after.x}, ${after.y}) against the cursor (${target.x}, ${target.y})`);
      const moved = await page.locator(`[data-testid="${target.id}"]`).boundingBox();
      assert.ok(
        moved && Math.abs(moved.x + moved.width / 2 - target.x) < 3 && Math.abs(moved.y + moved.height / 2 - target.y) < 3,
        'the point stays under the cursor',
      );
      assert.equal(await reset.isVisible(), true, 'Reset view shown once zoomed');
      await page.mouse.move(0, 0);
      await page.waitForTimeout(100);
      await page.locator('figure.tradeoff').screenshot({ path: path.join(screenshots, `compare-plot-zoomed-${theme}.png`) });
      const labelsNow = async () => {
        const now = await axisLabels(page, area);
        return { x: now.x.map((l) => [l.value, Math.round(l.at)]), y: now.y.map((l) => [l.value, Math.round(l.at)]) };
      };
      const initial = { x: before.x.map((l) => [l.value, Math.round(l.at)]), y: before.y.map((l) => [l.value, Math.round(l.at)]) };
      // a drag pans: the value grabbed follows the pointer
      const grabbed = { x: along(zoomed.x).value(cx), y: along(zoomed.y).value(cy) };
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      await page.mouse.move(cx + 60, cy + 40, { steps: 5 });
      await page.mouse.up();
      await page.waitForTimeout(200);
      const panned = await axisLabels(page, area);
      assertRound(panned.x, 'x panned');
      const [px, py] = [along(panned.x).pixel(grabbed.x), along(panned.y).pixel(grabbed.y)];
      assert.ok(Math.abs(px - cx - 60) < 3 && Math.abs(py - cy - 40) < 3, `the grabbed value at (${px}, ${py}), the pointer at (${cx + 60}, ${cy + 40})`);
      await reset.click();
      await page.waitForTimeout(200);
      assert.deepEqual(await labelsNow(), initial, 'the button brings back the default axes');
      assert.equal(await reset.isVisible(), false, 'Reset view hidden again');
      // from the keyboard
      await zoom(target.x, target.y);
      await reset.focus();
      await page.keyboard.press('Enter');
      await page.waitForTimeout(200);
      assert.deepEqual(await labelsNow(), initial, 'Enter on the button brings back the default axes');
      // by a double-click on the plot (an empty corner)
      await zoom(target.x, target.y);
      assert.notDeepEqual(await labelsNow(), initial);
      await page.mouse.dblclick(area.right - 4, area.top + 4);
      await page.waitForTimeout(200);
      assert.deepEqual(await labelsNow(), initial, 'a double-click brings back the default axes');
      assert.equal(await reset.isVisible(), false);
      await page.close();
    });

    it(`draws a star above its own whiskers, which stop short of it, are thinner than its outline and opaque in its colour, so both read (${theme})`, async () => {
      // disparate-impact-remover is the 8th method of the legend: the star (MARKERS[7]); one of its points gets intervals,
      // wide enough that each piece of line is longer than a cap in the default view (which holds every whisker whole)
      const starred = structuredClone(view);
      // one alone at its place (its first point shares the unmitigated model's place with five other methods, one of them drawn over it)
      const star = starred.points.find(
        (p) => p.method === 'disparate-impact-remover' && !starred.points.some((q) => q !== p && q.fairness === p.fairness && q.accuracy === p.accuracy),
      )!;
      star.intervals = { accuracy: [star.accuracy! - 0.025, star.accuracy! + 0.025], fairness: [star.fairness! - 0.06, star.fairness! + 0.06] };
      const colour = { light: LIGHT_SERIES, dark: DARK_SERIES, 'high-contrast': HIGH_CONTRAST_SERIES }[theme][7]!.toLowerCase();
      const page = await openPanel(browser, origin, { kind: 'comparison', comparison: starred }, theme, 1200);
      await useTheme(page, theme);
      await page.waitForTimeout(200);
      const drawnStar = await page.locator('[data-testid="tradeoff-chart"] svg').evaluate((svg, colour) => {
        const paths = Array.from(svg.querySelectorAll('path'));
        const boxOf = (e: Element) => {
          const r = e.getBoundingClientRect();
          return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
        };
        const indexed = paths.map((p, index) => ({ p, index }));
        const markers = indexed
          .filter(({ p }) => p.getAttribute('fill')?.toLowerCase() === colour && p.getAttribute('stroke') !== null)
          // the marker's path is drawn in a 10 × 10 box scaled to its size: its outline in pixels is the width times that scale
          .map(({ p, index }) => ({ index, box: boxOf(p), outline: Number(p.getAttribute('stroke-width')) * Math.hypot(p.getCTM()!.a, p.getCTM()!.b) }));
        const whiskers = indexed
          .filter(({ p }) => p.getAttribute('stroke')?.toLowerCase() === colour && (p.getAttribute('fill') ?? 'none') === 'none')
          .map(({ p, index }) => ({
            index,
            box: boxOf(p),
            width: Number(p.getAttribute('stroke-width') ?? 1),
            opacity: Number(p.getAttribute('opacity') ?? p.getAttribute('stroke-opacity') ?? 1),
          }));
        return { markers, whiskers };
      }, colour);
      const centre = (b: Box) => [(b.left + b.right) / 2, (b.top + b.bottom) / 2] as const;
      // the marker of the point with intervals: the one their lines are aligned with (a cap is 8 px long, each piece of line longer here)
      const lines = drawnStar.whiskers.filter((w) => w.box.right - w.box.left > 9 || w.box.bottom - w.box.top > 9);
      const [lineX] = centre(lines.find((w) => w.box.right - w.box.left < 2)!.box);
      const [, lineY] = centre(lines.find((w) => w.box.bottom - w.box.top < 2)!.box);
      const marker = drawnStar.markers.find((m) => Math.abs(centre(m.box)[0] - lineX) < 1 && Math.abs(centre(m.box)[1] - lineY) < 1);
      assert.ok(marker, `a star at the whiskers' crossing (${lineX.toFixed(1)}, ${lineY.toFixed(1)})`);
      // pieces of line (across, up and down: fewer than four where a neighbour's marker takes one, as the
      // line leaves a gap round every marker) and four caps, none of them on the star
      assert.ok(lines.length >= 2 && lines.length <= 4, JSON.stringify(lines.map((l) => l.box)));
      assert.ok(drawnStar.whiskers.filter((w) => !lines.includes(w)).length >= 4, 'four caps (and any short piece of line)');
      const inner = { left: marker.box.left + 0.5, top: marker.box.top + 0.5, right: marker.box.right - 0.5, bottom: marker.box.bottom - 0.5 };
      for (const w of drawnStar.whiskers)
        assert.ok(!overlaps(w.box, inner), `a whisker on the star: ${JSON.stringify(w.box)} over ${JSON.stringify(marker.box)}`);
      // drawn after (above) every whisker; thinner than the marker's outline, but opaque: a see-through
      // whisker read 1.4:1 on white in VS Code (the full-size screenshot look), under WCAG's 3:1 for graphics
      assert.ok(
        drawnStar.whiskers.every((w) => w.index < marker.index),
        'the star is drawn above its whiskers',
      );
      const backdrop = (THEMES[theme].variables as Record<string, string>)['--vscode-editor-background']!;
      for (const w of drawnStar.whiskers) {
        assert.ok(w.width < marker.outline, `whisker ${w.width} px against the star's ${marker.outline} px outline`);
        assert.equal(w.opacity, 1);
        assert.ok(contrast(colour, backdrop) >= 3, `${colour} on ${backdrop}: ${contrast(colour, backdrop).toFixed(2)}`);
      }
      await page.mouse.move(0, 0);
      await page.locator('figure.tradeoff').screenshot({ path: path.join(screenshots, `compare-plot-star-${theme}.png`) });
      await page.close();
    });

    it(`draws every shown whisker whole in the default view; zoomed in, ends them on the edge with an arrowhead, unlike the grid, and names the unmitigated model clear of them (${theme})`, async () => {
      const page = await openPanel(browser, origin, { kind: 'comparison', comparison: view }, theme, 1200);
      await useTheme(page, theme);
      const variables = THEMES[theme].variables as Record<string, string>;
      const [foreground, background] = ['--vscode-foreground', '--vscode-editor-background'].map((name) => variables[name]!.toLowerCase()) as [string, string];
      const grid = await gridColour(page, theme);
      // the default view: each interval whole inside the plot (the unmitigated model's gap [0.249, 1.000]
      // and threshold's reaching 0.5 past its points among them), so no whisker ends in an arrowhead
      const whole = await drawn(page, grid);
      const inWhole = (b: Box) =>
        b.left >= whole.area.left - 1 && b.right <= whole.area.right + 1 && b.top >= whole.area.top - 1 && b.bottom <= whole.area.bottom + 1;
      const wholeWhiskers = whole.strokes.filter((s) => isWhisker(s));
      assert.ok(wholeWhiskers.length > 20, `${wholeWhiskers.length} whisker strokes`);
      for (const w of wholeWhiskers) assert.ok(inWhole(w.box), `a whisker inside the plot: ${JSON.stringify(w.box)} in ${JSON.stringify(whole.area)}`);
      const wholeRight = await xPixel(page, 1);
      assert.ok(
        wholeRight <= whole.area.right,
        `the unmitigated model's upper bound 1.000 at ${wholeRight.toFixed(1)} px, inside the plot (right edge ${whole.area.right})`,
      );
      // an arrowhead: a filled path without a stroke in a series' or the foreground's colour (markers are stroked with the background)
      const seriesColours = new Set(
        [...{ light: LIGHT_SERIES, dark: DARK_SERIES, 'high-contrast': HIGH_CONTRAST_SERIES }[theme], foreground].map((c) => c.toLowerCase()),
      );
      assert.deepEqual(
        whole.fills.filter((f) => f.stroke === null && seriesColours.has(f.fill)).map((f) => f.box),
        [],
        'no arrowhead in the default view',
      );
      await page.mouse.move(0, 0);
      await page.locator('figure.tradeoff').screenshot({ path: path.join(screenshots, `compare-plot-whole-${theme}.png`) });
      // zoomed in about the unmitigated model (Ctrl + wheel): its gap's upper end and threshold's lower ends now lie past the edges
      const labels = await axisLabels(page, whole.area);
      await page.mouse.move(along(labels.x).pixel(view.reference!.fairness!), along(labels.y).pixel(view.reference!.accuracy!));
      await page.keyboard.down('Control');
      await page.mouse.wheel(0, -300);
      await page.keyboard.up('Control');
      await page.waitForTimeout(300);
      const plot = await drawn(page, grid);
      const inArea = (b: Box) =>
        b.left >= plot.area.left - 1 && b.right <= plot.area.right + 1 && b.top >= plot.area.top - 1 && b.bottom <= plot.area.bottom + 1;
      // whiskers: solid 1.5 px strokes; the grid's lines: thinner, in the grid's colour
      const whiskers = plot.strokes.filter((s) => isWhisker(s));
      const gridLines = plot.strokes.filter((s) => s.stroke === grid);
      const rings = plot.strokes.filter((s) => s.scaled);
      assert.ok(whiskers.length > 20 && gridLines.length > 10, `${whiskers.length} whisker strokes, ${gridLines.length} grid lines`);
      for (const w of whiskers) {
        assert.notEqual(w.stroke, grid, 'a whisker is not in the grid colour');
        assert.ok(w.width > gridLines[0]!.width, `whisker ${w.width} px against the grid's ${gridLines[0]!.width} px`);
        assert.ok(inArea(w.box), `a whisker stays in the plot: ${JSON.stringify(w.box)} in ${JSON.stringify(plot.area)}`);
      }
      // the unmitigated model's gap interval [0.249, 1.000] on an axis ending before 1: from a cap at
      // 0.249 to an arrowhead whose tip is on the plot's right edge (the line in two pieces, either side of the model's ring)
      const referenceLines = whiskers.filter((w) => w.stroke === foreground && w.box.bottom - w.box.top < 2);
      const longest = referenceLines.sort((a, b) => b.box.right - b.box.left - (a.box.right - a.box.left))[0]!;
      const y = (longest.box.top + longest.box.bottom) / 2;
      const pieces = referenceLines.filter((w) => Math.abs((w.box.top + w.box.bottom) / 2 - y) < 1);
      // the line either side of the model, and cut round every marker it passes
      const modelPixel = await xPixel(page, view.reference!.fairness!);
      assert.ok(
        pieces.some((p) => p.box.right < modelPixel) && pieces.some((p) => p.box.left > modelPixel),
        `the line either side of the model at ${modelPixel.toFixed(1)} px: ${JSON.stringify(pieces.map((p) => [p.box.left, p.box.right]))}`,
      );
      const line = { box: { left: Math.min(...pieces.map((p) => p.box.left)), right: Math.max(...pieces.map((p) => p.box.right)) } };
      const arrows = plot.fills.filter((f) => f.stroke === null && f.fill === foreground && f.box.top < y && f.box.bottom > y);
      assert.equal(arrows.length, 1, "one arrowhead on the unmitigated model's line");
      assert.ok(Math.abs(arrows[0]!.box.right - plot.area.right) <= 1, `the arrow's tip ${arrows[0]!.box.right} on the edge ${plot.area.right}`);
      assert.ok(Math.abs(arrows[0]!.box.left - line.box.right) <= 1, 'the line runs into the arrowhead');
      const left = await xPixel(page, 0.249);
      assert.ok(Math.abs(line.box.left - left) <= 1.5, `the line starts at 0.249 (${left.toFixed(1)} px): ${line.box.left}`);
      const cap = whiskers.find((w) => w.stroke === foreground && w.box.bottom - w.box.top >= 6 && Math.abs((w.box.left + w.box.right) / 2 - left) <= 1.5);
      assert.ok(cap, 'a cap across the end inside the plot');
      // threshold's Pareto points' gaps run past the left edge, in its colour
      const threshold = LIGHT_SERIES[2]!.toLowerCase();
      if (theme === 'light')
        assert.ok(plot.fills.filter((f) => f.stroke === null && f.fill === threshold && Math.abs(f.box.left - plot.area.left) <= 1).length >= 1);
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
      await page.locator('figure.tradeoff').screenshot({ path: path.join(screenshots, `compare-plot-${theme}.png`) });
      // after showing every point (a zoom out to 0..1 on x): whiskers and the name drawn again for that view
      await page.locator('[data-testid="show-all"]').click();
      await page.waitForTimeout(200);
      const all = await drawn(page, grid);
      const allWhiskers = all.strokes.filter((s) => isWhisker(s));
      for (const w of allWhiskers) assert.ok(w.box.right <= all.area.right + 1 && w.box.left >= all.area.left - 1, 'a whisker stays in the plot');
      assert.ok(all.label && !allWhiskers.some((w) => overlaps(w.box, all.label!)), 'the name clear of the whiskers');
      await page.mouse.move(0, 0);
      await page.locator('figure.tradeoff').screenshot({ path: path.join(screenshots, `compare-plot-all-${theme}.png`) });
      await page.close();
    });
  }

  it('puts the tooltip beside the point hovered, never over it, covering no more of the other points than ECharts’ own place', async () => {
    const page = await openPanel(browser, origin, { kind: 'comparison', comparison: view }, 'light', 1200);
    await page.waitForTimeout(100);
    const canvas = (await page.locator('[data-testid="tradeoff-chart"] .chart-canvas').boundingBox())!;
    const targets = await page.locator('[data-testid^="point-"]:not([hidden])').all();
    const centres = await Promise.all(targets.map(async (t) => ((b) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 }))((await t.boundingBox())!)));
    // a point is covered when its centre is within 10 px of the box (half a hovered marker and its halo)
    const under = (box: Box) => centres.filter((c) => c.x + 10 > box.left && c.x - 10 < box.right && c.y + 10 > box.top && c.y - 10 < box.bottom);
    let [ours, theirs, compared] = [0, 0, 0];
    for (const centre of centres) {
      await page.mouse.move(0, 0);
      await page.mouse.move(centre.x, centre.y);
      const tip = page.locator('.chart-tooltip');
      await tip.waitFor({ state: 'visible' });
      await page.waitForTimeout(50);
      const b = (await tip.boundingBox())!;
      const box = { left: b.x, top: b.y, right: b.x + b.width, bottom: b.y + b.height };
      assert.ok(!under(box).includes(centre), `the tooltip ${JSON.stringify(box)} covers the point hovered at ${JSON.stringify(centre)}`);
      assert.ok(box.left >= canvas.x - 1 && box.right <= canvas.x + canvas.width + 1, 'inside the chart across');
      // ECharts' own place (TooltipView's refixTooltipPosition, then confined): 20 px right of and below the pointer,
      // flipped left or up where it would pass the chart's edge, then moved back inside the chart
      const [w, h] = [b.width, b.height];
      let [x, y] = [centre.x - canvas.x, centre.y - canvas.y];
      x = x + w + 22 > canvas.width ? x - w - 20 : x + 20;
      y = y + h + 20 > canvas.height ? y - h - 20 : y + 20;
      // moved back across, it can cover the pointer: compared only where it stays 20 px beside it
      if (x < 0 || x + w > canvas.width) continue;
      y = Math.max(0, Math.min(y + h, canvas.height) - h);
      const echarts = { left: canvas.x + x, top: canvas.y + y, right: canvas.x + x + w, bottom: canvas.y + y + h };
      // one more where ours keeps off the unmitigated model's ring, which is no point here
      assert.ok(
        under(box).length <= under(echarts).length + 1,
        `at ${JSON.stringify(centre)}: ${under(box).length} points under the tooltip, ${under(echarts).length} under ECharts' own place`,
      );
      ours += under(box).length;
      theirs += under(echarts).length;
      compared++;
    }
    assert.ok(compared >= 10 && ours < theirs, `${compared} points compared: ${ours} covered in all, ${theirs} at ECharts' own places`);
    await page.close();
  });
});
