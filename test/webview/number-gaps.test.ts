// Cold try 13 read the exported student-por.csv report at 1400 px as "383 0.590 [0.555, 0.623]
// 0.869": the Rows, Share of rows and Base rate columns ran together, 5 px apart. Measured here in
// Debian's Chromium: the text of two adjacent number cells whose intervals are on the figures' line
// lies at least half an em apart (the cell's own font size; a word space is about a quarter em), in
// the exported HTML (light, dark, printed) and in the panel, at the widths whose layouts differ
// (760, 1400 px and over). Cells whose intervals go under their figures are not measured: the groups
// table of many columns keeps 5 px there, so that a 1000 px panel shows every key rate (report-display.test.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { AuditContent } from '../../common/protocol';
import { renderAuditHtml } from '../../common/render/html';
import type { AuditReport } from '../../common/reports/audit';
import { runAudit } from '../../server/src/services/audit';
import { SHARED_DATA } from '../support/adult';
import { openPanel, panelBrowser, root, screenshots } from '../support/panel-page';

const STUDENTS = path.join(SHARED_DATA, 'student-por.csv');
const COMPAS = path.join(root, 'examples/compas/compas-two-years.csv');

/** The narrowest gap between the text of two adjacent number cells in the page's visible tables, with where it is and the cells' font size. */
async function narrowestGap(page: Page): Promise<{ gap: number; em: number; where: string } | undefined> {
  return page.evaluate(() => {
    // the union of a cell's text boxes (its block children, a .detail, span the cell's width: their text is measured instead)
    const textBox = (cell: Element) => {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      let [left, right] = [Infinity, -Infinity];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const rect of Array.from(range.getClientRects())) {
          if (rect.width === 0) continue;
          left = Math.min(left, rect.left);
          right = Math.max(right, rect.right);
        }
      }
      return { left, right };
    };
    let narrowest: { gap: number; em: number; where: string } | undefined;
    for (const table of Array.from(document.querySelectorAll('table.metrics')).filter((t) => t.getClientRects().length > 0)) {
      for (const row of Array.from((table as HTMLTableElement).rows)) {
        const cells = Array.from(row.cells);
        for (let i = 0; i + 1 < cells.length; i++) {
          const [a, b] = [cells[i]!, cells[i + 1]!];
          if (a.tagName !== 'TD' || !a.classList.contains('col-number') || !b.classList.contains('col-number')) continue;
          // a figure with its interval under it (the groups table of many columns beside a 1000 px panel's edge) is a
          // column of its own; figures with intervals on their line are what ran together
          if ([a, b].some((cell) => Array.from(cell.querySelectorAll('.ci')).some((ci) => getComputedStyle(ci).display === 'block'))) continue;
          const [left, right] = [textBox(a), textBox(b)];
          if (!Number.isFinite(left.right) || !Number.isFinite(right.left)) continue;
          const gap = right.left - left.right;
          const em = parseFloat(getComputedStyle(a).fontSize);
          if (!narrowest || gap / em < narrowest.gap / narrowest.em)
            narrowest = { gap, em, where: `${table.getAttribute('aria-label')}: "${a.textContent}" | "${b.textContent}"` };
        }
      }
    }
    return narrowest;
  });
}

function assertApart(found: { gap: number; em: number; where: string } | undefined, label: string): void {
  assert.ok(found, `${label}: adjacent number cells`);
  assert.ok(found.gap >= found.em / 2, `${label}: ${found.gap.toFixed(1)} px apart, under half of ${found.em} px, at ${found.where}`);
}

describe('adjacent number columns read apart, in Chromium', () => {
  let browser: Browser;
  let origin: string;
  let close: () => Promise<void>;
  let students: AuditReport;
  let compas: AuditReport;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-number-gaps-'));
    // the cold try's audit: label G3 cut at 10, by sex and age
    students = await runAudit(STUDENTS, { roles: { label: 'G3', sensitive: ['sex', 'age'] }, positive: '>=10', bootstrap: 50 });
    compas = await runAudit(COMPAS, { roles: { label: 'two_year_recid', score: 'decile_score', sensitive: ['race', 'sex'] }, threshold: 5, bootstrap: 50 });
    ({ origin, browser, close } = await panelBrowser());
  });

  after(() => close?.());

  for (const [name, report] of [
    ['student-por', () => students],
    ['compas', () => compas],
  ] as const) {
    it(`the exported HTML of ${name}: light and dark at 600, 1000, 1400 and 1600 px, and printed`, async () => {
      const file = path.join(dir, `${name}.html`);
      writeFileSync(file, renderAuditHtml(report()));
      for (const colorScheme of ['light', 'dark'] as const)
        for (const width of [600, 1000, 1400, 1600]) {
          const page = await browser.newPage({ viewport: { width, height: 900 } });
          await page.emulateMedia({ colorScheme });
          await page.goto(pathToFileURL(file).toString());
          assertApart(await narrowestGap(page), `${name} ${colorScheme} ${width} px`);
          if (width === 1400) await page.screenshot({ path: path.join(screenshots, `number-gaps-${name}-${colorScheme}-1400.png`) });
          await page.close();
        }
      const page = await browser.newPage({ viewport: { width: 700, height: 900 } });
      await page.goto(pathToFileURL(file).toString());
      await page.emulateMedia({ media: 'print' });
      assertApart(await narrowestGap(page), `${name} printed`);
      await page.close();
    });
  }

  it('the panel: its tables at 730, 1000 and 1400 px', async () => {
    for (const report of [students, compas]) {
      const content: AuditContent = { kind: 'audit', report, request: { uri: pathToFileURL(STUDENTS).toString(), options: {} } };
      for (const width of [730, 1000, 1400]) {
        const page = await openPanel(browser, origin, content, 'light', width);
        let measured = 0;
        for (const tab of ['Groups', 'Against the reference', 'Aggregates']) {
          await page.locator('vscode-tab-header', { hasText: tab }).click();
          const found = await narrowestGap(page);
          if (!found) continue;
          measured++;
          assertApart(found, `panel ${report.file} ${tab} ${width} px`);
        }
        assert.ok(measured > 0, `panel ${report.file} ${width} px: adjacent number cells`);
        await page.close();
      }
    }
  });
});
