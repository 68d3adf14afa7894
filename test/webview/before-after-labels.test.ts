// A mitigation report's before/after chart in Chromium (cold try 10: "Asian-Pac-Islander & Male · b…"):
// every bar's label is written whole, inside the chart and clear of the bars, with the whole text
// on hover too, for intersectional group names of three attributes. Screenshots in three themes.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { MitigationReport, OutcomeSummary } from '../../common/reports/mitigation';
import { openPanel, panelBrowser, screenshots, Theme, useTheme } from '../support/panel-page';
import { sweptReport } from '../support/swept-report';

/** Group names as Adult's race × sex × age groups are written; the second the longest of them. */
const NAMES: Record<string, string> = { a: 'Asian-Pac-Islander & Male & 25 - 45', b: 'Amer-Indian-Eskimo & Female & Greater than 45' };

function renamed(summary: OutcomeSummary): OutcomeSummary {
  return { ...summary, groups: summary.groups.map((g) => ({ ...g, group: NAMES[g.group]! })) };
}

describe('the before/after chart of a mitigation report in Chromium', () => {
  let close: () => Promise<void>;
  let origin: string;
  let browser: Browser;
  let report: MitigationReport;

  before(async () => {
    const swept = sweptReport();
    report = { ...swept, before: renamed(swept.before), after: renamed(swept.after), tradeoff: swept.tradeoff.map((p) => ({ ...p, ...renamed(p) })) };
    ({ origin, browser, close } = await panelBrowser());
  });

  after(() => close?.());

  for (const theme of ['light', 'dark', 'high-contrast'] as Theme[]) {
    it(`writes long group names whole, inside the chart and left of the bars, the whole name on hover (${theme})`, async () => {
      const page = await openPanel(browser, origin, { kind: 'mitigation', report }, theme, 1000);
      await useTheme(page, theme);
      await page.locator('vscode-tab-header', { hasText: 'Charts' }).click();
      const chart = page.locator('svg.chart').first();
      await chart.waitFor();
      const drawn = await chart.evaluate((svg) => {
        const box = (e: Element) => {
          const r = e.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        };
        return {
          svg: box(svg),
          labels: Array.from(svg.querySelectorAll('text.label')).map((t) => ({
            text: t.textContent ?? '',
            box: box(t),
            hover: t.parentElement?.querySelector('title')?.textContent ?? '',
          })),
          bars: Array.from(svg.querySelectorAll('rect.bar')).map(box),
        };
      });
      const expected = ['a', 'b'].flatMap((g) => [`${NAMES[g]} · before`, `${NAMES[g]} · after`]);
      assert.deepEqual(
        drawn.labels.map((l) => l.text),
        expected,
      );
      const barsStart = Math.min(...drawn.bars.map((b) => b.left));
      for (const label of drawn.labels) {
        assert.ok(label.box.left >= drawn.svg.left, `${label.text} starts at ${label.box.left}, inside the chart from ${drawn.svg.left}`);
        assert.ok(label.box.right <= barsStart, `${label.text} ends at ${label.box.right}, before the bars at ${barsStart}`);
        assert.ok(label.hover.startsWith(`${label.text}: `), `hover: ${label.hover}`);
      }
      await page.mouse.move(0, 0);
      await chart.screenshot({ path: path.join(screenshots, `before-after-labels-${theme}.png`) });
      await page.close();
    });
  }
});
