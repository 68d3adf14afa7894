/// <reference lib="dom" />
// What cold try 12 could not read in the panel, measured in Debian's Chromium (the panel's own
// page and dist/webview.js, test/support/panel-page.ts) in the light, dark and high-contrast
// themes: the page a panel shows while its audit runs; why the audit opens on its grouping; the
// before/after table's change intervals on one line; the distribution chart's title inside its
// SVG and its y axis named; the trade-off plot's markers against a dark background; the
// unmitigated model's name clear of whiskers and grid lines. Screenshots go to .webview-screenshots/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { AuditContent, ComparisonView } from '../../common/protocol';
import { CDF_Y_LABEL } from '../../common/render/charts';
import { defaultGroupingLine } from '../../common/render/default-grouping';
import { DEFAULT_SETTINGS } from '../../common/settings';
import { auditOptionsFrom } from '../../server/src/adapters/lsp/params';
import { runAudit } from '../../server/src/services/audit';
import { COMPAS_EXAMPLE } from '../support/compas-panel';
import { contrast } from '../support/contrast';
import { oppositeReport } from '../support/opposite-report';
import { openPanel, panelBrowser, posted, root, screenshots, THEMES, Theme, useTheme } from '../support/panel-page';

const THEME_NAMES = Object.keys(THEMES) as Theme[];
const background = (theme: Theme) => (THEMES[theme].variables as Record<string, string>)['--vscode-editor-background']!;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('what cold try 12 could not read, in Chromium', () => {
  let close: () => Promise<void>;
  let origin: string;
  let browser: Browser;
  let audit: AuditContent;

  before(async () => {
    ({ origin, browser, close } = await panelBrowser());
    // COMPAS with age (a number the audit bins) chosen before race, as adult.csv's age came before marital-status
    const options = { label: 'two_year_recid', score: 'decile_score', threshold: 5, sensitive: ['age', 'race'], bootstrap: 0 };
    const request = { uri: pathToFileURL(COMPAS_EXAMPLE).toString(), options };
    audit = {
      kind: 'audit',
      report: await runAudit(COMPAS_EXAMPLE, auditOptionsFrom(options, DEFAULT_SETTINGS)),
      request,
      proxies: { checked: false, reason: 'not asked here' },
    };
  });
  after(async () => close());

  it('shows what it computes, on which file, from the moment the panel opens, then the report in its place', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 360 } });
    // a host that has no report yet: it keeps what the page posts and answers nothing
    await page.addInitScript(() => {
      const host = window as unknown as { posted: unknown[]; acquireVsCodeApi: unknown };
      host.posted = [];
      host.acquireVsCodeApi = () => ({ postMessage: (message: unknown) => host.posted.push(message), getState: () => undefined, setState: () => undefined });
    });
    await page.goto(`${origin}/loading/${encodeURIComponent('Auditing adult.csv…')}`);
    for (const theme of THEME_NAMES) {
      await useTheme(page, theme);
      const loading = page.locator('[data-testid="loading"]');
      assert.equal(await loading.textContent(), 'Auditing adult.csv…');
      assert.equal(await loading.getAttribute('role'), 'status');
      const colours = await loading.evaluate((p) => getComputedStyle(p).color);
      const rgb = colours
        .match(/[\d.]+/g)!
        .slice(0, 3)
        .map(Number);
      const hex = `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
      assert.ok(contrast(hex, background(theme)) >= 4.5, `${theme}: ${hex} on ${background(theme)}`);
      await page.screenshot({ path: path.join(screenshots, `loading-${theme}.png`) });
    }
    assert.deepEqual(await posted(page), [{ type: 'ready' }]);
    await page.evaluate((content) => window.postMessage({ type: 'show', content, view: {} }, '*'), audit);
    await page.locator('h1').waitFor();
    assert.equal(await page.locator('[data-testid="loading"]').count(), 0, 'the report replaces the loading line');
    await page.close();
  });

  it('says beside the grouping chooser why the audit opens on race, until another grouping is chosen', async () => {
    const page = await openPanel(browser, origin, audit, 'light', 1000);
    const line = page.locator('[data-testid="grouping-why"]');
    assert.equal(await line.textContent(), defaultGroupingLine(audit.report));
    assert.match((await line.textContent())!, /^Shown first: race, the first sensitive attribute whose groups are its own values \(age is cut into bins/);
    // right under the choosers: nothing between them
    const [choosers, box] = await Promise.all([page.locator('.choosers').boundingBox(), line.boundingBox()]);
    assert.ok(box!.y - (choosers!.y + choosers!.height) < 24, `${box!.y} under ${choosers!.y + choosers!.height}`);
    for (const theme of THEME_NAMES) {
      await useTheme(page, theme);
      await page.screenshot({
        path: path.join(screenshots, `grouping-why-${theme}.png`),
        clip: { x: 0, y: 0, width: 1000, height: box!.y + box!.height + 60 },
      });
    }
    await useTheme(page, 'light');
    await page.locator('[data-testid="grouping-chooser"]').selectOption({ label: 'age' });
    assert.equal(await line.count(), 0, 'the user chose: no more "why"');
    await page.close();
  });

  for (const width of [600, 730, 1000, 1400])
    it(`writes every change interval of the before/after table on one line, inside its cell, at ${width} px`, async () => {
      const page = await openPanel(browser, origin, { kind: 'mitigation', report: oppositeReport() }, 'light', width);
      const cells = await page.locator('[data-testid="before-after-table"] td.change').evaluateAll((tds) =>
        tds.flatMap((td) => {
          const ci = td.querySelector('.ci');
          if (!ci) return [];
          const range = document.createRange();
          range.selectNodeContents(ci);
          const tops = new Set(
            Array.from(range.getClientRects())
              .filter((r) => r.width > 0)
              .map((r) => Math.round(r.top)),
          );
          const [c, t] = [range.getBoundingClientRect(), td.getBoundingClientRect()];
          return [{ text: ci.textContent!.trim(), lines: tops.size, inside: c.left >= t.left - 0.5 && c.right <= t.right + 0.5 }];
        }),
      );
      // accuracy, the two equalized odds rows and demographic parity have paired intervals (selection rate has none)
      assert.equal(cells.length, 4, JSON.stringify(cells));
      assert.ok(
        cells.some((c) => c.text === '[−0.123, +0.456]'),
        JSON.stringify(cells),
      );
      for (const cell of cells) {
        assert.equal(cell.lines, 1, `${cell.text} on ${cell.lines} lines`);
        assert.ok(cell.inside, `${cell.text} runs out of its cell`);
      }
      assert.match((await page.locator('[data-testid="difference-ratio-note"]').textContent())!, /equalized odds move opposite ways/);
      if (width === 730)
        for (const theme of THEME_NAMES) {
          await useTheme(page, theme);
          await page.locator('[data-testid="before-after-table"]').screenshot({ path: path.join(screenshots, `before-after-730-${theme}.png`) });
          await page.locator('[data-testid="difference-ratio-note"]').screenshot({ path: path.join(screenshots, `difference-ratio-note-${theme}.png`) });
        }
      await page.close();
    });

  it('keeps each chart’s title inside its SVG, and names the distribution’s y axis clear of its numbers', async () => {
    const shots: [string, Page][] = [];
    for (const [name, content] of [
      ['mitigation', { kind: 'mitigation', report: oppositeReport() }],
      ['audit', audit],
    ] as const) {
      const page = await openPanel(browser, origin, content, 'light', 730);
      await page.locator('vscode-tab-header', { hasText: 'Charts' }).click();
      await page.waitForTimeout(150);
      const charts = await page.locator('svg.chart').evaluateAll(
        (svgs, yLabel) =>
          svgs
            .filter((svg) => svg.getClientRects().length > 0)
            .map((svg) => {
              const box = (e: Element) => {
                const r = e.getBoundingClientRect();
                return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
              };
              const axisLabel = Array.from(svg.querySelectorAll('text.axis-label')).find((t) => t.textContent === yLabel);
              return {
                title: svg.getAttribute('aria-label')!,
                svg: box(svg),
                heading: box(svg.querySelector('text.title')!),
                yLabel: axisLabel ? box(axisLabel) : null,
                ticks: Array.from(svg.querySelectorAll('text.tick-label')).map(box),
                cdf: svg.querySelector('.series') !== null,
              };
            }),
        CDF_Y_LABEL,
      );
      assert.ok(
        charts.some((c) => c.cdf),
        `${name}: a distribution chart`,
      );
      for (const chart of charts) {
        const within = (b: Box) =>
          b.left >= chart.svg.left - 0.5 && b.right <= chart.svg.right + 0.5 && b.top >= chart.svg.top - 0.5 && b.bottom <= chart.svg.bottom + 0.5;
        assert.ok(within(chart.heading), `${name}: "${chart.title}" at ${JSON.stringify(chart.heading)} outside ${JSON.stringify(chart.svg)}`);
        if (!chart.cdf) continue;
        assert.ok(chart.yLabel && within(chart.yLabel), `${name}: the y axis's name inside the chart`);
        // upright: taller than wide
        assert.ok(chart.yLabel.bottom - chart.yLabel.top > chart.yLabel.right - chart.yLabel.left);
        for (const tick of chart.ticks) assert.ok(!overlaps(tick, chart.yLabel), `${name}: the y axis's name over a tick label`);
      }
      shots.push([name, page]);
    }
    for (const [name, page] of shots) {
      for (const theme of THEME_NAMES) {
        await useTheme(page, theme);
        const cdf = page.locator('svg.chart', { has: page.locator('.series') }).first();
        await cdf.screenshot({ path: path.join(screenshots, `distribution-${name}-${theme}.png`) });
      }
      await page.close();
    }
  });

  describe('the trade-off plot of Compare Methods', () => {
    const views: [string, ComparisonView][] = ['compas', 'adult'].map((name) => [
      name,
      JSON.parse(readFileSync(path.join(root, `test/fixtures/webview/${name}-comparison-view.json`), 'utf8')) as ComparisonView,
    ]);

    for (const theme of THEME_NAMES)
      for (const [name, view] of views)
        it(`draws every marker readable and names the unmitigated model clear of whiskers and grid lines (${name}, ${theme})`, async () => {
          const page = await openPanel(browser, origin, { kind: 'comparison', comparison: view }, theme, 1000);
          await useTheme(page, theme);
          await page.waitForTimeout(200);
          const bg = background(theme).toLowerCase();
          const drawn = await page.locator('[data-testid="tradeoff-chart"] svg').evaluate((svg, bg) => {
            const box = (e: Element) => {
              const r = e.getBoundingClientRect();
              return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
            };
            const paths = Array.from(svg.querySelectorAll('path'));
            // markers: filled, outlined in the background's colour (their halo)
            const markers = paths.filter((p) => p.getAttribute('stroke')?.toLowerCase() === bg && (p.getAttribute('fill') ?? 'none') !== 'none');
            const lines = paths.filter((p) => p.getAttribute('stroke') && (p.getAttribute('fill') ?? 'none') === 'none');
            const label = Array.from(svg.querySelectorAll('text')).find((t) => t.textContent === 'unmitigated');
            return {
              fills: [...new Set(markers.map((p) => p.getAttribute('fill')!.toLowerCase()))],
              // whiskers are see-through; the grid's lines are opaque, straight and one pixel across
              whiskers: lines.filter((p) => Number(p.getAttribute('opacity') ?? 1) < 1).map(box),
              grid: lines
                .filter((p) => !p.hasAttribute('opacity') && !p.hasAttribute('transform'))
                .map(box)
                .filter((b) => Math.min(b.right - b.left, b.bottom - b.top) <= 1.5 && Math.max(b.right - b.left, b.bottom - b.top) > 100),
              label: label ? box(label) : null,
            };
          }, bg);
          assert.ok(drawn.fills.length >= 7, `${drawn.fills.length} methods' colours`);
          // on the dark backgrounds, where the indigo star was lost, 4.5:1 (WCAG's for text) rather than graphics' 3:1: a
          // marker is 11 px and its halo takes its edge; the light palette keeps graphics' 3:1
          const needed = theme === 'light' ? 3 : 4.5;
          for (const fill of drawn.fills) assert.ok(contrast(fill, bg) >= needed, `${theme}: marker ${fill} at ${contrast(fill, bg).toFixed(2)}:1 on ${bg}`);
          assert.ok(drawn.label, 'the unmitigated model named');
          for (const whisker of drawn.whiskers)
            assert.ok(!overlaps(whisker, drawn.label), `whisker ${JSON.stringify(whisker)} under the name ${JSON.stringify(drawn.label)}`);
          assert.ok(drawn.grid.length >= 6, `${drawn.grid.length} grid lines found`);
          for (const line of drawn.grid)
            assert.ok(!overlaps(line, drawn.label), `grid line ${JSON.stringify(line)} under the name ${JSON.stringify(drawn.label)}`);
          await page.mouse.move(0, 0);
          await page.locator('figure.tradeoff').screenshot({ path: path.join(screenshots, `compare-${name}-${theme}.png`) });
          await page.close();
        });
  });
});
