/// <reference lib="dom" />
// What the full-size look at the UI suite's high-contrast screenshots found, measured in Chromium on
// the panel's own page: the chosen tab was not marked (its 1 px underline lay on the tab strip's line,
// in the same colour), and under forced colours (Windows high contrast, as the UI suite emulates it)
// the trade-off plot's grid was drawn white over the points, since a colour resolved through the
// page's styles comes back as the system's text colour there.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { AuditContent, ComparisonView } from '../../common/protocol';
import { contrast } from '../support/contrast';
import { compasAuditContent } from '../support/compas-panel';
import { openPanel, panelBrowser, root, THEMES, useTheme } from '../support/panel-page';

/** The chosen tab's bottom edge and the tab strip's line, as drawn. */
async function tabEdges(page: Page): Promise<{ active: { width: number; colour: string }; inactive: number; strip: string; stripWidth: number }> {
  return page.evaluate(() => {
    const tabs = document.querySelector('vscode-tabs')!;
    const [active, inactive, strip] = [
      tabs.querySelector('vscode-tab-header[active]')!,
      tabs.querySelector('vscode-tab-header:not([active])')!,
      tabs.shadowRoot!.querySelector('.header')!,
    ].map((element) => getComputedStyle(element)) as [CSSStyleDeclaration, CSSStyleDeclaration, CSSStyleDeclaration];
    return {
      active: { width: parseFloat(active.borderBottomWidth), colour: active.borderBottomColor },
      inactive: parseFloat(inactive.borderBottomWidth),
      strip: strip.borderBottomColor,
      stripWidth: parseFloat(strip.borderBottomWidth),
    };
  });
}

/** The stroke colours of the trade-off plot's lines, each once. */
async function strokes(page: Page): Promise<string[]> {
  const all = await page
    .locator('[data-testid="tradeoff-chart"] svg path[stroke]')
    .evaluateAll((paths) => paths.map((p) => p.getAttribute('stroke')!.toLowerCase()).filter((s) => s !== 'none'));
  return [...new Set(all)].sort();
}

describe('high contrast, as the UI suite shows it', () => {
  let close: () => Promise<void>;
  let origin: string;
  let browser: Browser;
  let audit: AuditContent;

  before(async () => {
    ({ origin, browser, close } = await panelBrowser());
    ({ content: audit } = await compasAuditContent());
  });
  after(async () => close());

  it('marks the chosen tab 3 px thick in the active border colour, apart from the strip, with and without forced colours', async () => {
    const page = await openPanel(browser, origin, audit, 'high-contrast', 1000);
    const plain = await tabEdges(page);
    assert.deepEqual({ width: plain.active.width, inactive: plain.inactive }, { width: 3, inactive: 0 });
    assert.equal(plain.active.colour, 'rgb(243, 133, 24)', "the theme's contrastActiveBorder, #f38518");
    assert.notEqual(plain.active.colour, plain.strip);
    assert.ok(contrast(plain.active.colour, THEMES['high-contrast'].variables['--vscode-editor-background']) >= 3);
    await page.emulateMedia({ forcedColors: 'active' });
    // every border is then in the system's text colour: the chosen tab is told by its 3 px against the strip's 1 px
    const forced = await tabEdges(page);
    assert.deepEqual([forced.active.width, forced.stripWidth, forced.inactive], [3, 1, 0]);
    // the light and dark themes keep the library's own underline
    await page.emulateMedia({ forcedColors: 'none' });
    for (const theme of ['light', 'dark'] as const) {
      await useTheme(page, theme);
      assert.equal((await tabEdges(page)).active.width, 0);
    }
    await page.close();
  });

  it('draws the trade-off plot in the same colours under forced colours as without', async () => {
    const view = JSON.parse(readFileSync(path.join(root, 'test/fixtures/webview/compas-comparison-view.json'), 'utf8')) as ComparisonView;
    const page = await openPanel(browser, origin, { kind: 'comparison', comparison: view }, 'high-contrast', 1000);
    const plain = await strokes(page);
    assert.ok(plain.length >= 3, plain.join(' '));
    await page.emulateMedia({ forcedColors: 'active' });
    // a theme change redraws the plot with the colours read again
    await useTheme(page, 'dark');
    await useTheme(page, 'high-contrast');
    assert.deepEqual(await strokes(page), plain);
    await page.close();
  });
});
