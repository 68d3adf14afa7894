/// <reference lib="dom" />
// The audit panel's choice of what its HTML and Markdown exports hold (every grouping, or the one
// shown), in Debian's Chromium on the bundled COMPAS example (groupings race, sex, race × sex).
// Screenshots of the toolbar in three themes go to .webview-screenshots/.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { AuditContent, WebviewToExtension } from '../../common/protocol';
import { compasAuditContent } from '../support/compas-panel';
import { openPanel, panelBrowser, posted, screenshots, THEMES, type Theme } from '../support/panel-page';

describe('what an audit export holds, chosen in the panel', () => {
  let browser: Browser;
  let origin: string;
  let close: () => Promise<void>;
  let content: AuditContent;

  before(async () => {
    ({ content } = await compasAuditContent());
    ({ origin, browser, close } = await panelBrowser({ scrollbars: true }));
  });
  after(() => close?.());

  it('offers every grouping or the one shown, follows the grouping chooser, and reports the choice with the view', async () => {
    const page = await openPanel(browser, origin, content, 'light', 1000);
    const choice = page.locator('[data-testid="export-groupings"]');
    const labels = () => choice.locator('option').allInnerTexts();
    assert.deepEqual(await labels(), ['all 3 groupings', 'only race']);
    assert.equal(await choice.inputValue(), 'all');
    await choice.selectOption('shown');
    const view = (await posted(page)).filter((m): m is Extract<WebviewToExtension, { type: 'viewState' }> => m.type === 'viewState').at(-1)?.view;
    assert.equal(view?.exportGroupings, 'shown');
    // another grouping: the choice names it and stays
    await page.locator('[data-testid="grouping-chooser"]').selectOption({ label: 'race × sex' });
    assert.deepEqual(await labels(), ['all 3 groupings', 'only race × sex']);
    assert.equal(await page.locator('[data-testid="export-groupings"]').inputValue(), 'shown');
    // the Export buttons still send the format alone: the extension renders from the view it was sent
    await page.locator('[data-testid="export-html"]').click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'export', format: 'html' });
    await page.close();
  });

  it('the toolbar fits a 600 px panel in every theme, its choice and buttons apart', async () => {
    for (const theme of Object.keys(THEMES) as Theme[]) {
      const page = await openPanel(browser, origin, content, theme, 600);
      const toolbar = page.locator('[role="toolbar"]');
      const boxes = await toolbar.evaluate((bar) => Array.from(bar.children).map((child) => child.getBoundingClientRect().toJSON() as DOMRect));
      const width = await page.evaluate(() => document.documentElement.clientWidth);
      for (const [i, box] of boxes.entries()) {
        assert.ok(box.left >= 0 && box.right <= width, `toolbar item ${i} inside the ${width} px page (${box.left}–${box.right})`);
        for (const other of boxes.slice(i + 1)) {
          const apart = box.right <= other.left || other.right <= box.left || box.bottom <= other.top || other.bottom <= box.top;
          assert.ok(apart, `toolbar items ${i} and ${boxes.indexOf(other)} overlap`);
        }
      }
      await toolbar.screenshot({ path: path.join(screenshots, `export-groupings-toolbar-600-${theme}.png`) });
      await page.close();
    }
  });
});
