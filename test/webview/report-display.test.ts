/// <reference lib="dom" />
// The reports' display, in Debian's Chromium (the panel's own page, CSP and dist/webview.js; the
// host stood in for, see test/support/panel-page.ts): the exported HTML's groups table has the
// panel's columns and fits an A4 landscape page when printed; the groups table of a 1000 px panel
// holds every column; points of the Compare plot drawn at the same place are all named in its
// tooltip, and marked. Screenshots (light, dark, high contrast) go to .webview-screenshots/.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { AuditContent, ComparisonView } from '../../common/protocol';
import { renderAuditHtml } from '../../common/render/html';
import type { AuditReport } from '../../common/reports/audit';
import { compasAuditContent } from '../support/compas-panel';
import { openPanel, panelBrowser, posted, screenshots, screenshotThemes, Theme, THEMES, useTheme, wholePageShot } from '../support/panel-page';
/** A4 landscape, 297 mm wide, less Chromium's default print margins (about 10 mm a side): 277 mm at 96 px an inch. */
const A4_LANDSCAPE_WIDTH = Math.floor((277 / 25.4) * 96);

/** Each groups table's column headings as read (the sort marks left out), in the page's order. */
function groupsHeadings(page: Page): Promise<string[][]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('table.groups-table')).map((table) =>
      Array.from(table.querySelectorAll('thead th')).map((th) =>
        [th.querySelector('.head-label'), th.querySelector('.hint')]
          .map((span) => span?.textContent?.replace(/ [▲▼]$/, '').trim() ?? '')
          .filter(Boolean)
          .join(' / '),
      ),
    ),
  );
}

describe('report display in Chromium', () => {
  let browser: Browser;
  let origin: string;
  let close: () => Promise<void>;
  let compas: AuditReport;
  let content: AuditContent;

  before(async () => {
    ({ report: compas, content } = await compasAuditContent());
    ({ origin, browser, close } = await panelBrowser({ scrollbars: true }));
  });

  after(() => close?.());

  it("exports each grouping's groups table with the panel's columns, headings and order, and prints it whole on an A4 landscape page", async () => {
    const panel = await openPanel(browser, origin, content, 'light', 1000);
    const inPanel: string[][] = [];
    for (const grouping of compas.groupings) {
      await panel.locator('[data-testid="grouping-chooser"]').selectOption({ label: grouping.by.join(' × ') });
      inPanel.push((await groupsHeadings(panel))[0]!);
    }
    await panel.close();
    // premise: by race, Asian's NPV and FOR flags give NPV a column
    assert.ok(inPanel[0]!.includes('Negative predictive value'), inPanel[0]!.join(', '));
    const exported = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await exported.setContent(renderAuditHtml(compas));
    assert.deepEqual(await groupsHeadings(exported), inPanel);
    // printed: every table inside the A4 landscape width, no cell's text running past its cell
    await exported.setViewportSize({ width: A4_LANDSCAPE_WIDTH, height: 794 });
    await exported.emulateMedia({ media: 'print' });
    const overflow = await exported.evaluate((width) => {
      const out: string[] = [];
      for (const table of Array.from(document.querySelectorAll('table'))) {
        const box = table.getBoundingClientRect();
        if (box.left < 0 || box.right > width) out.push(`${table.getAttribute('aria-label')}: ${Math.round(box.left)}–${Math.round(box.right)}`);
        for (const cell of Array.from(table.querySelectorAll('th, td')) as HTMLElement[])
          if (cell.scrollWidth > cell.clientWidth + 1)
            out.push(`${table.getAttribute('aria-label')}: "${cell.innerText.slice(0, 30)}" ${cell.scrollWidth} > ${cell.clientWidth}`);
      }
      return out;
    }, A4_LANDSCAPE_WIDTH);
    assert.deepEqual(overflow, [], `printed at ${A4_LANDSCAPE_WIDTH} px`);
    await wholePageShot(exported, path.join(screenshots, 'export-print-a4.png'));
    await exported.close();
  });

  it('shows the groups table in a 1000 px panel with ROC AUC and NPV in view; a further rate a flag needs scrolls beside the pinned group and flags', async () => {
    const page = await openPanel(browser, origin, content, 'light', 1000);
    // the key rates, ROC AUC, and NPV for an NPV or FOR flag; a flag on another rate (balanced accuracy, by race × sex) adds a column that may scroll
    const inView = new Set([
      'group',
      'flags',
      'count',
      'base_rate',
      'selection_rate',
      'true_positive_rate',
      'false_positive_rate',
      'positive_predictive_value',
      'accuracy',
      'roc_auc',
      'negative_predictive_value',
    ]);
    const scrolled: string[] = [];
    for (const grouping of compas.groupings) {
      const name = grouping.by.join(' × ');
      await page.locator('[data-testid="grouping-chooser"]').selectOption({ label: name });
      const measured = await page.evaluate(
        (keys) => {
          const table = document.querySelector<HTMLTableElement>('[data-testid="groups-table"]')!;
          const header = Array.from(table.tHead!.rows[0]!.cells).map((th) => th.querySelector('button')?.dataset['column'] ?? '');
          // inside the box the table scrolls in (the page's padding left out)
          const frame = table.parentElement!.getBoundingClientRect();
          const outside: string[] = [];
          for (const row of Array.from(table.rows))
            Array.from(row.cells).forEach((cell, i) => {
              const box = cell.getBoundingClientRect();
              if (keys.includes(header[i]!) && (box.left < frame.left - 0.5 || box.right > frame.right + 0.5))
                outside.push(`${header[i]} ${Math.round(box.left)}–${Math.round(box.right)}: ${cell.innerText.slice(0, 30)}`);
            });
          const columns = Array.from(table.tHead!.rows[0]!.cells).map((th, i) => `${header[i]} ${Math.round(th.getBoundingClientRect().width)}`);
          return { frame: `${Math.round(frame.left)}–${Math.round(frame.right)}`, outside, header, columns };
        },
        [...inView],
      );
      assert.ok(measured.header.includes('roc_auc'), `${name}: a ROC AUC column`);
      assert.deepEqual(measured.outside, [], `${name}: the key columns inside the table's box ${measured.frame} (${measured.columns.join(', ')})`);
      const extra = measured.header.filter((key) => !inView.has(key));
      if (extra.length === 0) continue;
      scrolled.push(`${name}: ${extra.join(', ')}`);
      // scrolled to its end: the group and flags columns stay at the left, the extra column in view beside them
      const scroll = page.locator('[data-testid="groups-table"]').locator('xpath=..');
      await scroll.evaluate((box) => (box.scrollLeft = box.scrollWidth));
      const ends = await page.evaluate((extra) => {
        const table = document.querySelector<HTMLTableElement>('[data-testid="groups-table"]')!;
        const frame = table.parentElement!.getBoundingClientRect();
        const row = table.tBodies[0]!.rows[0]!;
        const header = Array.from(table.tHead!.rows[0]!.cells).map((th) => th.querySelector('button')?.dataset['column'] ?? '');
        const box = (i: number) => row.cells[i]!.getBoundingClientRect();
        return {
          group: box(0).left - frame.left,
          flagsRight: box(1).right,
          extra: extra.map((key) => ({ left: box(header.indexOf(key)).left, right: box(header.indexOf(key)).right })),
          right: frame.right,
        };
      }, extra);
      assert.ok(Math.abs(ends.group) < 1, `${name}: the group column stays at the left edge`);
      for (const column of ends.extra) assert.ok(column.left >= ends.flagsRight - 1 && column.right <= ends.right + 1, `${name}: ${JSON.stringify(ends)}`);
      await scroll.evaluate((box) => (box.scrollLeft = 0));
    }
    // the report's flags add balanced accuracy by race × sex only
    assert.deepEqual(scrolled, ['race × sex: balanced_accuracy']);
    await page.locator('[data-testid="grouping-chooser"]').selectOption({ label: 'race' });
    await screenshotThemes(page, 'groups-1000-all-columns');
    await page.close();
  });

  it('names every point drawn at the same place in its tooltip, rings the place twice, and opens the one on top', async () => {
    // two methods' settings with the same figures, by hand; a third point elsewhere
    const view: ComparisonView = {
      title: 'Methods on a hand-made split',
      fairnessMetric: 'demographic_parity_difference',
      reference: { accuracy: 0.66, fairness: 0.25 },
      points: [
        { method: 'reweighing', parameter: 'strength', value: 0.5, accuracy: 0.65, fairness: 0.12, pareto: true, report: '/tmp/a/report.json' },
        { method: 'exponentiated gradient', parameter: 'eps', value: 0.01, accuracy: 0.65, fairness: 0.12, pareto: true, report: '/tmp/b/report.json' },
        { method: 'reweighing', parameter: 'strength', value: 1, accuracy: 0.6, fairness: 0.05, pareto: true, report: '/tmp/c/report.json' },
      ],
    };
    const page = await openPanel(browser, origin, { kind: 'comparison', comparison: view }, 'light', 1000);
    await page.locator('[data-testid="tradeoff-chart"] svg').first().waitFor();
    // the shared place ringed twice (two foreground circles round it), and the legend says what the rings mean
    const rings = await page.locator('[data-testid="tradeoff-chart"] svg path').evaluateAll((paths) =>
      paths.flatMap((p) => {
        // a circle drawn in a unit box, scaled by its transform: its outline on screen is its width times the scale
        const m = /^matrix\(([\d.]+),0,0,[\d.]+,([\d.]+),([\d.]+)\)$/.exec(p.getAttribute('transform') ?? '');
        if (!m || p.getAttribute('fill') !== 'none' || p.getAttribute('stroke') !== '#3b3b3b') return [];
        return [{ width: Number(p.getAttribute('stroke-width')) * Number(m[1]), diameter: 2 * Number(m[1]), at: `${m[2]} ${m[3]}` }];
      }),
    );
    const thin = rings.filter((r) => Math.abs(r.width - 1) < 0.01);
    assert.deepEqual(
      thin.map((r) => r.diameter).sort((a, b) => a - b),
      [15, 20],
      JSON.stringify(rings),
    );
    assert.equal(new Set(thin.map((r) => r.at)).size, 1, 'both round the one place');
    assert.match(await page.locator('ul.legend').innerText(), /several points at one place \(hover to list them\)/);
    const tooltipAt = async () => {
      const at = (await page.locator('[data-testid="point-1"]').boundingBox())!;
      await page.mouse.move(0, 0);
      await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
      await page.locator('.chart-tooltip').waitFor();
      await page.waitForTimeout(150);
      return page.locator('.chart-tooltip').innerText();
    };
    // exponentiated gradient, the second method, is drawn over reweighing: it takes the hover and the click
    const tip = await tooltipAt();
    assert.match(tip, /^exponentiated gradient\neps = 0\.01\n/, tip);
    assert.match(tip, /also here: reweighing, strength = 0\.5/, tip);
    assert.match(tip, /click to open this setting’s report$/, tip);
    for (const theme of Object.keys(THEMES) as Theme[]) {
      await useTheme(page, theme);
      await tooltipAt();
      await wholePageShot(page, path.join(screenshots, `compare-same-place-${theme}.png`));
    }
    await useTheme(page, 'light');
    await page.mouse.click(...(await centre(page, 'point-1')));
    const opened = (await posted(page)).filter((m) => m.type === 'openReport');
    assert.deepEqual(
      opened.map((m) => (m as { path: string }).path),
      ['/tmp/b/report.json'],
      'the click opens the top one',
    );
    // by keyboard each point is reached and named with the other one at its place
    const hidden = await page.locator('[data-testid="point-0"]').getAttribute('aria-label');
    assert.match(hidden!, /^reweighing; strength = 0\.5; .*also here: exponentiated gradient, eps = 0\.01; click to open this setting’s report/, hidden!);
    await page.close();
  });
});

async function centre(page: Page, testId: string): Promise<[number, number]> {
  const box = (await page.locator(`[data-testid="${testId}"]`).boundingBox())!;
  return [box.x + box.width / 2, box.y + box.height / 2];
}
