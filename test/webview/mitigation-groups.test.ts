// A mitigation report's sweep plot in Chromium (the cold try of issue 19): on a real threshold run
// of a COMPAS split by race, where two races have fewer than 30 test rows, the plotted fairness
// gaps, read back from where the points are drawn against the axis's labels, are the sweep points'
// figures over the groups of at least 30 rows (as the before/after table's verdict) by default,
// then over every group after "Groups: all"; the axis says which. A hand-made near-empty "after"
// shows the overall selection rate row and the warning. Screenshots in three themes.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { sweepFairnessMetric } from '../../common/render/plots';
import type { MitigationReport, TradeoffPoint } from '../../common/reports/mitigation';
import { compasRaceComparison } from '../support/compas-split';
import { openPanel, pageErrors, panelBrowser, plottedGaps, screenshotThemes, showEveryPoint } from '../support/panel-page';
import { sweptReport } from '../support/swept-report';

/** The x axis's name as drawn (the plot's longest text). */
async function xAxisName(page: Page): Promise<string> {
  const texts = await page.locator('[data-testid="tradeoff-chart"] svg text').allTextContents();
  return texts.find((t) => t.includes('(closer to 0 is fairer)')) ?? '';
}

describe('the mitigation panel’s sweep plot and selection rate in Chromium', () => {
  let close: (() => Promise<void>) | undefined;
  let origin: string;
  let browser: Browser;
  let report: MitigationReport;

  before(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-mitigation-groups-'));
    const comparison = await compasRaceComparison(dir);
    const threshold = comparison.points.find((p) => p.method === 'threshold' && p.report)!;
    report = JSON.parse(readFileSync(threshold.report!, 'utf8')) as MitigationReport;
    ({ origin, browser, close } = await panelBrowser());
  });

  after(async () => {
    await close?.();
  });

  it('plots the gaps over the groups of adequate size, as the verdict, then over all groups', async () => {
    const metric = sweepFairnessMetric(report);
    const large = report.before.largeGroups!;
    const allGroups = report.before.groups.filter((g) => g.count > 0).length;
    assert.ok(large.groups < allGroups, 'some race has fewer than 30 test rows');
    const page = await openPanel(browser, origin, { kind: 'mitigation', report }, 'light', 1200);
    await page.locator('vscode-tab-header', { hasText: 'Sweep over' }).click();
    const select = page.locator('select[data-testid="groups-chooser"]');
    assert.deepEqual(await select.locator('option').allInnerTexts(), [`all ${allGroups}`, `${large.groups} of adequate size (n ≥ ${large.minGroupSize})`]);
    assert.equal(await select.inputValue(), 'large');
    await showEveryPoint(page);
    const check = async (figure: (point: TradeoffPoint) => number, what: string) => {
      const plotted = await plottedGaps(page);
      assert.equal(plotted.size, report.tradeoff.length, `every setting is drawn (${what})`);
      // a pixel of the x axis, in gap units: the tolerance of a value read from a marker's position
      const gaps = [...plotted.values()];
      const slack = Math.max((Math.max(...gaps) - Math.min(...gaps)) / 300, 1e-3);
      for (const [id, gap] of plotted)
        assert.ok(Math.abs(gap - figure(report.tradeoff[id]!)) < slack, `${what}: point ${id} drawn at ${gap}, its figure ${figure(report.tradeoff[id]!)}`);
      return plotted;
    };
    const overLarge = await check((p) => p.largeGroups!.aggregates[metric]!, 'large-group');
    assert.equal(await xAxisName(page), `Demographic parity difference, ${large.groups} groups with ≥ ${large.minGroupSize} rows (closer to 0 is fairer)`);
    assert.match(
      await page.locator('[data-testid="groups-note"]').innerText(),
      new RegExp(`over the ${large.groups} groups with at least ${large.minGroupSize} rows`),
    );
    await page.mouse.move(0, 0);
    await screenshotThemes(page, 'mitigation-sweep-large-groups');
    await select.selectOption('all');
    await page.waitForTimeout(300);
    const overAll = await check((p) => p.aggregates[metric]!, 'all-groups');
    const moved = [...overAll].filter(([id, gap]) => Math.abs(gap - overLarge.get(id)!) > 0.005).length;
    assert.ok(moved > 0, `${moved} of ${report.tradeoff.length} points moved`);
    assert.equal(await xAxisName(page), `Demographic parity difference, all ${allGroups} groups (closer to 0 is fairer)`);
    assert.equal(await page.locator('[data-testid="groups-note"]').count(), 0);
    await page.mouse.move(0, 0);
    await screenshotThemes(page, 'mitigation-sweep-all-groups');
    assert.deepEqual(await pageErrors(page), { violations: [], alerts: 0 });
    await page.close();
  });

  it('keeps today’s plot, with no chooser, for a report without the large-group figures', async () => {
    const older = structuredClone(report);
    for (const summary of [older.before, older.after, ...older.tradeoff]) delete summary.largeGroups;
    const page = await openPanel(browser, origin, { kind: 'mitigation', report: older }, 'light', 1200);
    await page.locator('vscode-tab-header', { hasText: 'Sweep over' }).click();
    assert.equal(await page.locator('[data-testid="groups-chooser"]').count(), 0);
    await showEveryPoint(page);
    const plotted = await plottedGaps(page);
    const metric = sweepFairnessMetric(report);
    for (const [id, gap] of plotted) assert.ok(Math.abs(gap - report.tradeoff[id]!.aggregates[metric]!) < 2e-3, `point ${id}`);
    assert.equal(await xAxisName(page), 'Demographic parity difference (closer to 0 is fairer)');
    await page.close();
  });

  it('shows the overall selection rate and warns when "after" selects almost nobody', async () => {
    const nearEmpty = sweptReport();
    nearEmpty.before.selectionRate = 0.455;
    nearEmpty.after.selectionRate = 0.031;
    const page = await openPanel(browser, origin, { kind: 'mitigation', report: nearEmpty }, 'light', 1200);
    assert.equal(
      await page.locator('[data-testid="selection-warning"]').innerText(),
      '“After” predicts positive for 3.1% of rows, against 45.5% before, and the demographic parity difference moved from 0.200 to 0.050: a gap can close because almost nobody is selected.',
    );
    const row = page.locator('[data-testid="before-after-table"] tbody tr', { hasText: 'Selection rate (all rows)' });
    assert.deepEqual(
      (await row.locator('td').allInnerTexts()).map((t) => t.trim()),
      ['Selection rate (all rows)', 'not a fairness measure', '0.455', '0.031', '−0.424', '—'],
    );
    await page.mouse.move(0, 0);
    await screenshotThemes(page, 'mitigation-selection-warning');
    await page.setViewportSize({ width: 600, height: 900 });
    await screenshotThemes(page, 'mitigation-selection-warning-narrow');
    assert.deepEqual(await pageErrors(page), { violations: [], alerts: 0 });
    await page.close();
  });
});
