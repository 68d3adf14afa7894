/// <reference lib="dom" />
// Issue 16, in Debian's Chromium (the panel's own page, CSP and dist/webview.js; the host stood in
// for, see test/support/panel-page.ts): the groups table's key columns in view in a 1000 px panel,
// flags that name only rates the table shows, the two sides of a flag told apart without colour,
// chart labels inside their SVG, high-contrast gridlines and markers, and the Compare plot's
// overlapping points, kept zoom and Pareto wording. Screenshots (light, dark, high contrast) go to .webview-screenshots/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { AuditContent, ComparisonView } from '../../common/protocol';
import type { AuditReport } from '../../common/reports/audit';
import { compasAuditContent } from '../support/compas-panel';
import { contrast } from '../support/contrast';
import { openPanel, panelBrowser, root, screenshots, screenshotThemes, Theme, THEMES, useTheme, wholePageShot } from '../support/panel-page';

describe('issue 16 in Chromium', () => {
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

  /** The audit's groupings as the chooser lists them. */
  const groupings = () => compas.groupings.map((g) => g.by.join(' × '));

  it('shows the group, its rows, the rates, accuracy and the flags of every grouping in a 1000 px panel without scrolling', async () => {
    const page = await openPanel(browser, origin, content, 'light', 1000);
    // the columns a reader needs at once; ROC AUC and a rate added for a flag may scroll
    const needed = [
      'group',
      'flags',
      'count',
      'base_rate',
      'selection_rate',
      'true_positive_rate',
      'false_positive_rate',
      'positive_predictive_value',
      'accuracy',
    ];
    for (const grouping of groupings()) {
      await page.locator('[data-testid="grouping-chooser"]').selectOption({ label: grouping });
      const { width, outside, header } = await page.evaluate((keys) => {
        const table = document.querySelector<HTMLTableElement>('[data-testid="groups-table"]')!;
        const heads = Array.from(table.tHead!.rows[0]!.cells);
        const header = heads.map((th) => th.querySelector('button')?.dataset['column'] ?? '');
        const outside: string[] = [];
        for (const row of Array.from(table.rows))
          for (const key of keys) {
            const cell = row.cells[header.indexOf(key)];
            if (!cell) continue;
            const box = cell.getBoundingClientRect();
            if (box.left < 0 || box.right > document.documentElement.clientWidth)
              outside.push(`${key} ${Math.round(box.left)}–${Math.round(box.right)}: ${cell.innerText.slice(0, 40)}`);
          }
        return { width: document.documentElement.clientWidth, outside, header };
      }, needed);
      for (const key of needed) assert.ok(header.includes(key), `${grouping}: a ${key} column`);
      assert.deepEqual(outside, [], `${grouping}: every needed cell inside the ${width} px panel`);
      assert.equal(
        await page
          .locator('.table-scroll')
          .first()
          .evaluate((s) => s.scrollLeft),
        0,
        'not scrolled',
      );
    }
    await page.locator('[data-testid="grouping-chooser"]').selectOption({ label: 'race' });
    await screenshotThemes(page, 'groups-1000');
    await page.close();
  });

  it('names in each flag only a rate whose figure the table shows: FNR by TPR, FOR by NPV, which then gets a column', async () => {
    const page = await openPanel(browser, origin, content, 'light', 1200);
    const seen = new Set<string>();
    for (const grouping of groupings()) {
      await page.locator('[data-testid="grouping-chooser"]').selectOption({ label: grouping });
      const labels = await page.locator('[data-testid="groups-table"] thead th .head-label').allInnerTexts();
      const columns = new Set(labels.map((l) => l.replace(/ [▲▼]$/, '').trim()));
      const cells = await page.locator('[data-testid="groups-table"] tbody td.sticky-second').allInnerTexts();
      for (const line of cells.flatMap((c) => c.split('\n')).filter((l) => /\d/.test(l) && !/^\+\d+ without/.test(l))) {
        const match = /^(.+?) (\d\.\d{3}) \((.*)\)\*?( — (dis)?advantaged)?$/.exec(line);
        assert.ok(match, `"${line}" names a rate and its figure`);
        const named = match[1]!;
        seen.add(named);
        // the cited rate's column: its full name (the table's header) for the short ones
        const full: Record<string, string> = { TPR: 'True positive rate', FPR: 'False positive rate', PPV: 'Precision', NPV: 'Negative predictive value' };
        assert.ok(columns.has(full[named] ?? named), `${grouping}: "${line}" cites ${named}, a column of the table (${[...columns].join(', ')})`);
      }
    }
    // Asian, by race, is flagged on NPV and FOR (the report's flags): NPV gets a column, its figure the group's own
    const race = compas.groupings[0]!;
    const asian = race.groups.find((g) => g.key['race'] === 'Asian')!;
    assert.ok(asian.flagged.includes('negative_predictive_value') || asian.flagged.includes('false_omission_rate'), 'premise: Asian flagged on NPV or FOR');
    await page.locator('[data-testid="grouping-chooser"]').selectOption({ label: 'race' });
    const header = await page.locator('[data-testid="groups-table"] thead th button').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset['column']));
    const column = header.indexOf('negative_predictive_value');
    assert.ok(column > 0, 'an NPV column');
    const row = page.locator('[data-testid="groups-table"] tbody tr').nth(race.groups.indexOf(asian));
    assert.equal((await row.locator('td').nth(column).innerText()).split('\n')[0], asian.metrics['negative_predictive_value']!.toFixed(3));
    assert.match(await row.locator('td').nth(1).innerText(), new RegExp(`NPV ${asian.metrics['negative_predictive_value']!.toFixed(3)} \\(`));
    // against Caucasian (chosen in the panel), Asian's FOR is flagged and its NPV is not: the line cites NPV's figure and FOR's ratio
    await page.locator('[data-testid="reference-chooser"]').selectOption(JSON.stringify(['Caucasian']));
    const caucasian = race.groups.find((g) => g.key['race'] === 'Caucasian')!;
    const rate = (g: typeof asian, m: string) => g.metrics[m]!;
    const ratio = (m: string) => rate(asian, m) / rate(caucasian, m);
    assert.ok(ratio('false_omission_rate') < 0.8 && ratio('negative_predictive_value') <= 1.25, 'premise: FOR outside the band, NPV inside');
    const line = `NPV ${rate(asian, 'negative_predictive_value').toFixed(3)} (FOR ×${ratio('false_omission_rate').toFixed(2)})`;
    assert.ok((await row.locator('td').nth(1).innerText()).split('\n').includes(line), `${line} in ${await row.locator('td').nth(1).innerText()}`);
    assert.match(await page.locator('[data-testid="groups-note"]').innerText(), /A rate without a column is cited by the figure of its complement/);
    await page.close();
  });

  it('tells advantaged from disadvantaged by a marker and a weight as well as a colour, readable in light, dark and high contrast', async () => {
    const page = await openPanel(browser, origin, content, 'light', 1000);
    // against Caucasian (chosen in the panel: flags from the rates), African-American gets the harmful prediction more often
    await page.locator('[data-testid="reference-chooser"]').selectOption(JSON.stringify(['Caucasian']));
    const side = (kind: string) => page.locator(`[data-testid="groups-table"] .side.${kind}`).first();
    assert.ok((await side('disadvantaged').count()) > 0 && (await side('advantaged').count()) > 0, 'both sides shown');
    const looks = async (kind: string) =>
      side(kind).evaluate((span) => {
        const style = getComputedStyle(span);
        const before = getComputedStyle(span, '::before');
        return {
          marker: before.content,
          weight: style.fontWeight,
          italic: style.fontStyle,
          colour: style.color,
          cell: getComputedStyle(span.closest('td')!).color,
        };
      });
    for (const theme of Object.keys(THEMES) as Theme[]) {
      await useTheme(page, theme);
      const [bad, good] = [await looks('disadvantaged'), await looks('advantaged')];
      assert.notEqual(bad.marker, good.marker, `${theme}: a different marker (${bad.marker} / ${good.marker})`);
      assert.ok(/◆/.test(bad.marker) && /◇/.test(good.marker), `${theme}: markers ${bad.marker} ${good.marker}`);
      assert.notEqual(bad.weight, good.weight, `${theme}: a different weight`);
      assert.notEqual(bad.colour, good.colour, `${theme}: a different colour`);
      assert.notEqual(good.colour, good.cell, `${theme}: advantaged not in the flag's own amber`);
      const background = (THEMES[theme].variables as Record<string, string>)['--vscode-editor-background']!;
      for (const [name, colour] of [
        ['disadvantaged', bad.colour],
        ['advantaged', good.colour],
      ])
        assert.ok(contrast(colour!, background) >= 4.5, `${theme}: ${name} ${colour} at ${contrast(colour!, background).toFixed(2)}:1`);
    }
    await useTheme(page, 'light');
    await screenshotThemes(page, 'groups-sides-1000');
    await page.close();
  });

  it("keeps every chart label inside its chart, the intersectional reference group's too", async () => {
    const page = await openPanel(browser, origin, content, 'light', 1000);
    await page.locator('vscode-tab-header', { hasText: 'Charts' }).click();
    for (const grouping of groupings()) {
      await page.locator('[data-testid="grouping-chooser"]').selectOption({ label: grouping });
      const clipped = await page.locator('svg.chart').evaluateAll((svgs) =>
        svgs.flatMap((svg) => {
          const frame = svg.getBoundingClientRect();
          return Array.from(svg.querySelectorAll('text')).flatMap((text) => {
            const box = text.getBoundingClientRect();
            const inside = box.left >= frame.left - 0.5 && box.right <= frame.right + 0.5 && box.top >= frame.top - 0.5 && box.bottom <= frame.bottom + 0.5;
            return inside || box.width === 0
              ? []
              : [`"${text.textContent}" ${Math.round(box.left)}–${Math.round(box.right)} in ${Math.round(frame.left)}–${Math.round(frame.right)}`];
          });
        }),
      );
      assert.deepEqual(clipped, [], `${grouping}: no label cut`);
      const references = await page.locator('svg.chart text.label.is-reference').allTextContents();
      assert.ok(references.length > 0 && references.every((t) => t.endsWith(' (reference)')), references.join(' | '));
    }
    await page.locator('[data-testid="grouping-chooser"]').selectOption({ label: 'race × sex' });
    await screenshotThemes(page, 'charts-intersection-1000');
    await page.close();
  });

  /** The stored Compare Methods view of one COMPAS split (the trade-off plot's fixture). */
  const comparison = (): ComparisonView =>
    JSON.parse(readFileSync(path.join(root, 'test/fixtures/webview/compas-comparison-view.json'), 'utf8')) as ComparisonView;

  /** The plot's markers (filled, outlined paths of a method's colour), the chart frame and the grid's lines as drawn. */
  async function plotMarks(page: Page) {
    return page.locator('[data-testid="tradeoff-chart"]').evaluate((box) => {
      const paths = Array.from(box.querySelectorAll('svg path'));
      const markers = paths
        .filter((p) => (p.getAttribute('fill') ?? 'none') !== 'none' && p.getAttribute('fill') !== 'transparent' && p.getAttribute('stroke'))
        .map((p) => {
          // the outline's width on screen: the path's own, scaled by its transform (markers are drawn in a 10 px box)
          const m = (p as SVGGraphicsElement).getCTM()!;
          return {
            fill: p.getAttribute('fill')!,
            stroke: p.getAttribute('stroke')!,
            width: Number(p.getAttribute('stroke-width') ?? 1) * Math.hypot(m.a, m.b),
          };
        });
      // the grid's lines: straight strokes across the whole plot (the longest ones, at least 200 px)
      const lines = paths
        .filter((p) => (p.getAttribute('fill') ?? 'none') === 'none' && p.getAttribute('stroke'))
        .flatMap((p) => {
          const r = p.getBoundingClientRect();
          return Math.min(r.width, r.height) < 2 && Math.max(r.width, r.height) > 200 ? [p.getAttribute('stroke')!.toLowerCase()] : [];
        });
      return { markers, lines, frame: getComputedStyle(box).outlineColor };
    });
  }

  it('draws high contrast with its own colours: a subdued grid, the border colour for frames, markers of 7:1 or more on black', async () => {
    const page = await openPanel(browser, origin, { kind: 'comparison', comparison: comparison() }, 'high-contrast', 1000);
    const variables = THEMES['high-contrast'].variables as Record<string, string>;
    const [black, border] = [variables['--vscode-editor-background']!, variables['--vscode-contrastBorder']!];
    const { markers, lines, frame } = await plotMarks(page);
    assert.equal(frame, 'rgb(111, 195, 223)', 'the plot framed in contrastBorder');
    assert.ok(!lines.includes(border.toLowerCase()), 'no line in the full border colour: the grid is subdued');
    // the grid: the most frequent of those strokes (the axes are two); about a third of the border colour over black (much under its 10:1)
    const counts = new Map<string, number>();
    for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
    const grid = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    assert.ok(contrast(grid, black) < 3 && contrast(grid, black) > 1.3, `grid ${grid}: ${contrast(grid, black).toFixed(2)}:1`);
    const fills = [...new Set(markers.map((m) => m.fill))];
    assert.ok(fills.length >= 5, fills.join(' '));
    for (const fill of fills) assert.ok(contrast(fill, black) >= 7, `marker ${fill}: ${contrast(fill, black).toFixed(2)}:1 on black`);
    await page.close();
    // the audit's table: rows ruled in the subdued line, the header and the pinned columns' edge in the border colour
    const audit = await openPanel(browser, origin, content, 'high-contrast', 1000);
    const rules = await audit.locator('[data-testid="groups-table"]').evaluate((table) => ({
      row: getComputedStyle(table.querySelector('tbody td:not(.sticky-start):not(.sticky-second)')!).borderBottomColor,
      head: getComputedStyle(table.querySelector('thead th')!).borderBottomColor,
      edge: getComputedStyle(table.querySelector('tbody td.sticky-second')!).boxShadow,
    }));
    assert.equal(rules.head, 'rgb(111, 195, 223)');
    assert.match(rules.edge, /rgb\(111, 195, 223\)/);
    assert.ok(contrast(rules.row, black) < 3, `row rule ${rules.row}: ${contrast(rules.row, black).toFixed(2)}:1`);
    await audit.close();
  });

  it('outlines each plot marker in the background, so overlapping points show their edges', async () => {
    const page = await openPanel(browser, origin, { kind: 'comparison', comparison: comparison() }, 'light', 1000);
    for (const theme of Object.keys(THEMES) as Theme[]) {
      await useTheme(page, theme);
      const background = (THEMES[theme].variables as Record<string, string>)['--vscode-editor-background']!.toLowerCase();
      const { markers } = await plotMarks(page);
      const points = markers.filter((m) => m.stroke.toLowerCase() === background);
      // every method's point, drawn with a halo of the background at least 1.5 px wide
      assert.ok(points.length >= 20, `${theme}: ${points.length} outlined markers`);
      assert.ok(
        points.every((m) => m.width >= 1.5),
        `${theme}: halo widths ${[...new Set(points.map((m) => m.width))].join(', ')}`,
      );
    }
    await useTheme(page, 'light');
    await screenshotThemes(page, 'compare-plot-1000');
    await page.close();
  });

  it('keeps the zoom when the panel is hidden and shown again (the webview state), and resets it on request', async () => {
    const page = await openPanel(browser, origin, { kind: 'comparison', comparison: comparison() }, 'light', 1000);
    const xLabels = () =>
      page.locator('[data-testid="tradeoff-chart"] svg text').evaluateAll((texts) => {
        const numbers = texts.flatMap((t) =>
          /^-?\d+(\.\d+)?$/.test(t.textContent ?? '') ? [{ value: t.textContent!, y: t.getBoundingClientRect().top }] : [],
        );
        const bottom = Math.max(...numbers.map((n) => n.y));
        return numbers.filter((n) => Math.abs(n.y - bottom) < 2).map((n) => n.value);
      });
    const before = await xLabels();
    const box = (await page.locator('[data-testid="tradeoff-chart"] .chart-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4);
    await page.keyboard.down('Control');
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    const zoomed = await xLabels();
    assert.notDeepEqual(zoomed, before, 'zoomed in');
    // hidden then shown: VS Code loads the page again; it draws from the state it saved
    await page.reload();
    await page.locator('[data-testid="tradeoff-chart"] svg text').first().waitFor();
    await page.waitForTimeout(200);
    assert.deepEqual(await xLabels(), zoomed, 'the same window after the reload');
    assert.equal(await page.locator('[data-testid="reset-view"]').isVisible(), true, 'Reset view offered');
    await page.locator('[data-testid="reset-view"]').click();
    await page.reload();
    await page.locator('[data-testid="tradeoff-chart"] svg text').first().waitFor();
    await page.waitForTimeout(200);
    assert.deepEqual(await xLabels(), before, 'the default view once reset');
    await page.close();
  });

  it('shows the digits that tell apart points the Pareto front separates, and says why a point is off it', async () => {
    // the cold try's case, by hand: A (0.6775, 0.2305) and C (0.6771, 0.2276) are on the front, B (0.6770, 0.2280) is not:
    // C is more accurate and fairer; B and C read alike at 3 decimals (0.677, 0.228)
    const figures = [
      { setting: 0.25, accuracy: 0.6775, fairness: 0.2305, pareto: true },
      { setting: 0.5, accuracy: 0.677, fairness: 0.228, pareto: false },
      { setting: 0.75, accuracy: 0.6771, fairness: 0.2276, pareto: true },
    ];
    const view: ComparisonView = {
      title: 'Methods on a hand-made split',
      fairnessMetric: 'demographic_parity_difference',
      reference: { accuracy: 0.6768, fairness: 0.2353 },
      points: figures.map((f) => ({
        method: 'reweighing',
        parameter: 'strength',
        value: f.setting,
        accuracy: f.accuracy,
        fairness: f.fairness,
        pareto: f.pareto,
      })),
    };
    const page = await openPanel(browser, origin, { kind: 'comparison', comparison: view }, 'light', 1000);
    const label = (id: number) => page.locator(`[data-testid="point-${id}"]`).getAttribute('aria-label');
    const [a, b, c] = [await label(0), await label(1), await label(2)];
    assert.match(a!, /on the Pareto front/);
    assert.match(c!, /accuracy 0\.6771; Demographic parity difference 0\.2276; on the Pareto front/);
    assert.match(
      b!,
      /accuracy 0\.6770; Demographic parity difference 0\.2280; not on the Pareto front: reweighing, strength = 0\.75 is at least as accurate \(0\.6771\) and as fair \(Demographic parity difference 0\.2276\)/,
    );
    await page.locator('[data-testid="points"] summary').click();
    // the table (cold try 13: 3 to 6 decimals in one column): 3 decimals in every row, B and C told apart by their
    // setting; the digits and why B is off the front on hover
    const row = (setting: string) => page.locator('[data-testid="points-table"] tbody tr', { hasText: `strength = ${setting}` });
    const [rowB, rowC] = [await row('0.5').innerText(), await row('0.75').innerText()];
    for (const text of [rowB, rowC]) assert.match(text, /0\.677\s+0\.228(?!\d)/, text);
    assert.doesNotMatch(`${rowB} ${rowC}`, /0\.677\d|0\.228\d/);
    const titles = async (setting: string) =>
      (
        await row(setting)
          .locator('td[title]')
          .evaluateAll((cells) => cells.map((c) => c.getAttribute('title')))
      ).join(' | ');
    const [hoverB, hoverC] = [await titles('0.5'), await titles('0.75')];
    assert.match(hoverB, /0\.6770: it reads as another point's at 3 decimals/);
    assert.match(hoverB, /not on the Pareto front: reweighing, strength = 0\.75 is at least as accurate \(0\.6771\)/);
    assert.match(hoverC, /0\.2276: it reads as another point's/);
    // B's tooltip, the pointer over it, in each theme
    for (const theme of Object.keys(THEMES) as Theme[]) {
      await useTheme(page, theme);
      const at = (await page.locator('[data-testid="point-1"]').boundingBox())!;
      await page.mouse.move(0, 0);
      await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
      await page.locator('.chart-tooltip').waitFor();
      await page.waitForTimeout(150);
      await wholePageShot(page, path.join(screenshots, `compare-pareto-tooltip-${theme}.png`));
    }
    await page.close();
  });
});
