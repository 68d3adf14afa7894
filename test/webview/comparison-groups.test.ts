// The Compare Methods panel's "Groups: all / of adequate size" chooser (issue 16), in Chromium on
// a real comparison (reweighing and threshold on a COMPAS split by race, where two races have
// fewer than 30 test rows): the plotted fairness gaps, read back from where the points are drawn
// against the axis's labels, are comparison.json's figures over every group, then over the groups
// of at least 30 rows; the choice is kept in the view state. Screenshots in three themes.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { ComparisonView } from '../../common/protocol';
import type { Comparison } from '../../common/reports/comparison';
import { comparisonView } from '../../common/render/comparison-view';
import { compasRaceComparison } from '../support/compas-split';
import { openPanel, pageErrors, panelBrowser, plottedGaps, screenshotThemes, showEveryPoint } from '../support/panel-page';

describe('the Groups chooser of Compare Methods in Chromium', () => {
  let close: (() => Promise<void>) | undefined;
  let origin: string;
  let browser: Browser;
  let comparison: Comparison;
  let view: ComparisonView;

  before(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-groups-'));
    comparison = await compasRaceComparison(dir);
    view = comparisonView(comparison);
    ({ origin, browser, close } = await panelBrowser());
  });

  after(async () => {
    await close?.();
  });

  it('plots the gaps over all groups, then over those of adequate size, and keeps the choice after a reload', async () => {
    const page = await openPanel(browser, origin, { kind: 'comparison', comparison: view }, 'light', 1200);
    const select = page.locator('select[data-testid="groups-chooser"]');
    const { minGroupSize, groups, allGroups } = comparison.largeGroups!;
    assert.deepEqual(await select.locator('option').allInnerTexts(), [`all ${allGroups}`, `${groups} of adequate size (n ≥ ${minGroupSize})`]);
    assert.equal(await select.inputValue(), 'all');
    assert.equal(await page.locator('label[for="groups-chooser"]').innerText(), 'Groups');
    await showEveryPoint(page);
    // a pixel of the x axis, in gap units: the tolerance of a value read from a marker's position
    const tolerance = async () => {
      const gaps = [...(await plottedGaps(page)).values()];
      return (Math.max(...gaps) - Math.min(...gaps)) / 300;
    };
    const check = async (figure: (index: number) => number | null, what: string) => {
      const plotted = await plottedGaps(page);
      const drawable = comparison.points.flatMap((p, i) => (p.accuracy !== null && figure(i) !== null ? [i] : []));
      assert.deepEqual(
        [...plotted.keys()].sort((a, b) => a - b),
        drawable,
        `every point with a ${what} gap is drawn`,
      );
      const slack = await tolerance();
      for (const [id, gap] of plotted) assert.ok(Math.abs(gap - figure(id)!) < slack, `${what}: point ${id} drawn at ${gap}, its figure ${figure(id)}`);
      return plotted;
    };
    const all = await check((i) => comparison.points[i]!.fairness, 'all-groups');
    await page.mouse.move(0, 0);
    await screenshotThemes(page, 'comparison-all-groups');
    await select.selectOption('large');
    await page.waitForTimeout(300);
    // the choice redraws the page: every point moves to its gap over the groups of adequate size
    const large = await check((i) => comparison.points[i]!.largeGroups!.fairness, 'large-group');
    const moved = [...large].filter(([id, gap]) => Math.abs(gap - all.get(id)!) > 0.005).length;
    assert.ok(moved >= comparison.points.length / 2, `${moved} of ${comparison.points.length} points moved`);
    assert.match(await page.locator('[data-testid="groups-note"]').innerText(), new RegExp(`over the ${groups} groups with at least ${minGroupSize} rows`));
    // a point's description and the table show the large-group figure and interval of a point on that front
    const index = comparison.points.findIndex((p) => p.largeGroups!.pareto && p.largeGroups!.intervals?.fairness);
    const point = comparison.points[index]!;
    const [low, high] = point.largeGroups!.intervals!.fairness!;
    const label = await page.locator(`[data-testid="point-${index}"]`).getAttribute('aria-label');
    assert.ok(label!.includes(`${point.largeGroups!.fairness!.toFixed(3)} [${low.toFixed(3)}, ${high.toFixed(3)}]`), label!);
    assert.ok(label!.includes('on the Pareto front'), label!);
    // the choice is the panel's view state: it is back after a reload
    const saved = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('state') ?? 'null') as { view: { groups?: string } }).view.groups);
    assert.equal(saved, 'large');
    await page.reload();
    await page.locator('h1').first().waitFor();
    assert.equal(await page.locator('select[data-testid="groups-chooser"]').inputValue(), 'large');
    await check((i) => comparison.points[i]!.largeGroups!.fairness, 'large-group, reloaded');
    await page.mouse.move(0, 0);
    await screenshotThemes(page, 'comparison-large-groups');
    assert.deepEqual(await pageErrors(page), { violations: [], alerts: 0 });
    await page.close();
  });

  it('opens a comparison.json written before the large-group figures: no chooser, every gap over all groups', async () => {
    const older = structuredClone(comparison) as Partial<Comparison> & Comparison;
    delete older.largeGroups;
    delete older.reference.largeGroups;
    for (const point of older.points) delete point.largeGroups;
    const page = await openPanel(browser, origin, { kind: 'comparison', comparison: comparisonView(older) }, 'light', 1200);
    assert.equal(await page.locator('[data-testid="groups-chooser"]').count(), 0);
    await showEveryPoint(page);
    const plotted = await plottedGaps(page);
    assert.equal(plotted.size, comparison.points.length);
    assert.deepEqual(await pageErrors(page), { violations: [], alerts: 0 });
    await page.close();
  });
});
