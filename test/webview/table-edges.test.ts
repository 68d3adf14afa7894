// Wide report tables in the panel as cold try 11 read them, in Debian's Chromium: at 730 px the COMPAS
// audit's groups table runs past the panel and its scroll bar is under the last row, below the fold,
// so "Accuracy" cut at the edge ("Ac") read as a truncated header. Now a line above the table says
// it scrolls and its right edge fades while columns lie past it; no header is cut within its own cell.
// An interval marked † (its estimate outside it) is explained on the cell's hover and in a note
// right under the table, not at the end of the paragraph below. Light, dark and high contrast.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { AuditContent } from '../../common/protocol';
import { EXCLUDED_NOTE } from '../../common/render/table';
import { DEFAULT_SETTINGS } from '../../common/settings';
import { auditOptionsFrom } from '../../server/src/adapters/lsp/params';
import { runAudit } from '../../server/src/services/audit';
import { openPanel, panelBrowser, root, screenshots, Theme, useTheme } from '../support/panel-page';

const COMPAS = path.join(root, 'examples/compas/compas-two-years.csv');

describe('wide tables and marked intervals in the panel in Chromium', () => {
  let close: () => Promise<void>;
  let origin: string;
  let browser: Browser;
  let content: AuditContent;

  before(async () => {
    const request = {
      uri: pathToFileURL(COMPAS).toString(),
      options: { label: 'two_year_recid', score: 'decile_score', sensitive: ['race', 'sex'], threshold: 5, bootstrap: 50 },
    };
    content = { kind: 'audit', report: await runAudit(COMPAS, auditOptionsFrom(request.options, DEFAULT_SETTINGS)), request };
    ({ origin, browser, close } = await panelBrowser({ scrollbars: true }));
  });

  after(() => close?.());

  const tab = (page: Page, name: string) => page.locator('vscode-tab-header', { hasText: name }).click();

  for (const theme of ['light', 'dark', 'high-contrast'] as Theme[]) {
    it(`says a table wider than the panel scrolls, fades its edge while columns lie past it, and cuts no header in its cell (${theme})`, async () => {
      const page = await openPanel(browser, origin, content, theme, 730);
      await useTheme(page, theme);
      const groups = page.locator('[data-testid="groups-table"]');
      const scroller = page.locator('.table-scroll', { has: groups });
      const frame = page.locator('.table-frame', { has: groups });
      const cue = page.locator('[data-testid="groups-more"]');
      const [scrollWidth, clientWidth] = await scroller.evaluate((s) => [s.scrollWidth, s.clientWidth]);
      assert.ok(scrollWidth > clientWidth, `the groups table is wider than the panel: ${scrollWidth} > ${clientWidth} px`);
      assert.equal(await cue.isVisible(), true, 'the line above the table');
      assert.match(await cue.innerText(), /scroll sideways for more columns/);
      const [cueBox, tableBox] = [(await cue.boundingBox())!, (await groups.boundingBox())!];
      assert.ok(cueBox.y + cueBox.height <= tableBox.y + 1, 'above the table');
      assert.equal(await frame.evaluate((f) => f.classList.contains('more-right')), true, 'the edge fades');
      // every header whole within its own cell (a column past the edge is reached by scrolling, not cut)
      const cut = await groups
        .locator('thead th')
        .evaluateAll((ths) =>
          ths.flatMap((th) =>
            [th, ...Array.from(th.querySelectorAll<HTMLElement>('button, .head-label:not(.has-short), .head-short, .hint'))]
              .filter((e) => e.getClientRects().length > 0 && e.scrollWidth > e.clientWidth + 0.5)
              .map((e) => `${e.textContent} ${e.scrollWidth} > ${e.clientWidth}`),
          ),
        );
      assert.deepEqual(cut, [], 'no header cut within its cell');
      const accuracy = groups.locator('thead th', { hasText: 'Accuracy' });
      assert.equal(await accuracy.locator('.head-label').innerText(), 'Accuracy');
      await page.screenshot({ path: path.join(screenshots, `table-wide-730-${theme}.png`) });
      // scrolled to the end: Accuracy whole in view, the edge no longer fades
      await scroller.evaluate((s) => (s.scrollLeft = s.scrollWidth));
      await page.waitForTimeout(100);
      const [acc, box] = [(await accuracy.boundingBox())!, (await scroller.boundingBox())!];
      assert.ok(
        acc.x >= box.x && acc.x + acc.width <= box.x + box.width + 0.5,
        `Accuracy's header in view: ${acc.x}..${acc.x + acc.width} in ${box.x}..${box.x + box.width}`,
      );
      assert.equal(await frame.evaluate((f) => f.classList.contains('more-right')), false, 'no fade at the end');
      await page.screenshot({ path: path.join(screenshots, `table-wide-730-end-${theme}.png`) });
      // a table that fits says nothing
      const wide = await openPanel(browser, origin, content, theme, 2400);
      assert.equal(await wide.locator('[data-testid="groups-more"]').isVisible(), false, 'no line when the table fits');
      await wide.close();
      await page.close();
    });

    it(`explains an interval marked † on its cell's hover and right under its table (${theme})`, async () => {
      const page = await openPanel(browser, origin, content, theme, 1000);
      await useTheme(page, theme);
      await tab(page, 'Aggregates');
      // by sex the accuracy gap lies under its interval (test/render.test.ts): marked
      await page.locator('[data-testid="grouping-chooser"]').selectOption({ label: 'sex' });
      const table = page.locator('[data-testid="aggregates-table"]');
      const marked = table.locator('td', { hasText: '†' });
      assert.ok((await marked.count()) >= 1, 'a marked interval');
      for (const title of await marked.evaluateAll((cells) => cells.map((c) => c.getAttribute('title') ?? '')))
        assert.ok(title.startsWith(EXCLUDED_NOTE), `the hover says why: ${title}`);
      const note = page.locator('[data-testid="aggregates-footnote"]');
      assert.equal(await note.innerText(), EXCLUDED_NOTE);
      // right under the table: nothing between them but the table's own margin
      const [tableBox, noteBox] = [(await table.boundingBox())!, (await note.boundingBox())!];
      assert.ok(
        noteBox.y - (tableBox.y + tableBox.height) >= 0 && noteBox.y - (tableBox.y + tableBox.height) < 16,
        `${noteBox.y - tableBox.y - tableBox.height} px under the table`,
      );
      assert.ok(!(await page.locator('[data-testid="aggregates-note"]').innerText()).includes('†'), 'not repeated in the paragraph below');
      await note.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(screenshots, `table-footnote-${theme}.png`) });
      await page.close();
    });
  }

  it('shows every crossed group’s whole name, wrapped between words, in the groups table at 1000, 1200 and 1600 px', async () => {
    // the full-size screenshot look: cut on one line, "African-American & Male" and "African-American & Female"
    // both read "African-America…", and "Native American & Male" and "… & Female" both "Native American …"
    for (const width of [1000, 1200, 1600]) {
      const page = await openPanel(browser, origin, content, 'light', width);
      await page.locator('[data-testid="grouping-chooser"]').selectOption({ label: 'race × sex' });
      const names = await page
        .locator('table.metrics.groups-table tbody td.sticky-start .truncate')
        .evaluateAll((spans) =>
          spans.map((span) => ({ text: span.textContent ?? '', cut: span.scrollWidth > span.clientWidth + 1 || span.scrollHeight > span.clientHeight + 1 })),
        );
      assert.ok(
        names.some((n) => n.text === 'African-American & Female'),
        JSON.stringify(names),
      );
      assert.deepEqual(
        names.filter((n) => n.cut).map((n) => n.text),
        [],
        `${width} px`,
      );
      await page.close();
    }
  });

  it('starts (or ends) each sortable heading where its column’s figures start (or end), at every panel width', async () => {
    // the full-size screenshot look: the report's own cell padding was added to the sort button's, headings 10 px in
    for (const width of [600, 1000, 1600]) {
      const page = await openPanel(browser, origin, content, 'light', width);
      const offsets = await page
        .locator('table.metrics')
        .first()
        .evaluate((table) => {
          const px = (element: Element, side: 'Left' | 'Right') => parseFloat(getComputedStyle(element)[`padding${side}`]);
          const cells = Array.from(table.querySelectorAll('tbody tr:first-child td'));
          return Array.from(table.querySelectorAll('thead th.sortable')).map((th, i) => {
            const button = th.querySelector('button.sort')!;
            const side = getComputedStyle(th).textAlign === 'right' ? 'Right' : 'Left';
            return { heading: th.textContent?.slice(0, 20), inset: px(th, side) + px(button, side), cell: px(cells[i]!, side) };
          });
        });
      assert.ok(offsets.length > 5, JSON.stringify(offsets));
      for (const o of offsets) assert.ok(Math.abs(o.inset - o.cell) < 0.5, `${width} px: "${o.heading}" ${o.inset} px in, its cells ${o.cell} px`);
      await page.close();
    }
  });
});
