/// <reference lib="dom" />
// The Compare Methods panel of a comparison "evaluated on" a copy of its training file (a real
// run of reweighing on the bundled COMPAS example, compasSplit's training rows copied as the
// held-out file): the warning stands under the title, above the plot, within the page, in every
// theme. Screenshots go to .webview-screenshots/.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { ComparisonView } from '../../common/protocol';
import { comparisonView } from '../../common/render/comparison-view';
import { compasReweighingComparison, compasSplit } from '../support/compas-split';
import { openPanel, panelBrowser, screenshots, THEMES, type Theme } from '../support/panel-page';

describe('the comparison panel of a held-out copy of the training file', () => {
  let browser: Browser;
  let origin: string;
  let close: () => Promise<void>;
  let view: ComparisonView;

  before(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-shared-panel-'));
    const { train } = compasSplit(dir);
    const copy = path.join(dir, 'copy.csv');
    copyFileSync(train, copy);
    const comparison = await compasReweighingComparison(train, copy, path.join(dir, 'out'));
    view = comparisonView(comparison);
    ({ origin, browser, close } = await panelBrowser({ scrollbars: true }));
  });
  after(() => close?.());

  it('says so under the title, above the plot, within a 700 px page, in every theme', async () => {
    assert.match(view.sharedRows ?? '', /^All 4,809 rows of the held-out file copy\.csv are also rows of train\.csv, the rows fitted on/);
    for (const theme of Object.keys(THEMES) as Theme[]) {
      const page = await openPanel(browser, origin, { kind: 'comparison', comparison: view }, theme, 700);
      const warning = page.locator('[data-testid="shared-rows"]');
      assert.equal(await warning.innerText(), view.sharedRows);
      const [title, box, plot] = await Promise.all([
        page.locator('h1').boundingBox(),
        warning.boundingBox(),
        page.locator('[data-testid="tradeoff-chart"]').boundingBox(),
      ]);
      const width = await page.evaluate(() => document.documentElement.clientWidth);
      assert.ok(title && box && box.y >= title.y + title.height, 'under the title');
      assert.ok(plot && box.y + box.height <= plot.y, 'above the plot');
      assert.ok(box.x >= 0 && box.x + box.width <= width, `within the ${width} px page`);
      await page.screenshot({
        path: path.join(screenshots, `comparison-shared-rows-700-${theme}.png`),
        clip: { x: 0, y: 0, width, height: Math.ceil(box.y + box.height + 40) },
      });
      await page.close();
    }
  });
});
