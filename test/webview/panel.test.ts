/// <reference lib="dom" />
// The built panel (dist/webview.js inside the extension's own page and CSP) in Debian's Chromium,
// driven as a user drives it: tabs, choosers, header clicks and keys, hovering and clicking plot
// points. Only the VS Code host is stood in for: `acquireVsCodeApi` answers `ready` with the
// content, as the extension does, and keeps the state the page saves and the messages it posts.
// Screenshots of every view in the light, dark and high-contrast themes go to .webview-screenshots/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { runAudit } from '../../server/src/services/audit';
import { runComparison } from '../../server/src/services/compare';
import { runMethodInWorker } from '../../server/src/adapters/worker/method-runner';
import type { AuditReport } from '../../common/reports/audit';
import type { MitigationReport } from '../../common/reports/mitigation';
import type { ComparisonView, PanelContent, WebviewToExtension } from '../../common/protocol';
import { compasSplit } from '../support/compas-split';
import { isolatedPoint } from '../support/plot-points';
import { contrast } from '../support/contrast';
import { RANDOMIZED_LINES, randomizedReport, sweptReport } from '../support/swept-report';
import { renderMitigationHtml } from '../../common/render/mitigation-html';
import { renderComparisonHtml } from '../../common/render/comparison-html';
import { comparisonView } from '../../common/render/comparison-view';
import { HIGH_CONTRAST_SERIES } from '../../common/render/tradeoff';
import { openPanel, pageErrors, panelBrowser, posted, root, screenshots, screenshotThemes, Theme, useTheme, wholePageShot } from '../support/panel-page';

const round3 = (value: number) => value.toFixed(3);
const interval3 = ([low, high]: [number, number]) => `[${low.toFixed(3)}, ${high.toFixed(3)}]`;
/** A change as the panel shows it: "+0.012", "−0.081" (a minus sign), "0.000". */
const signed3 = (value: number) => (value > 0 ? `+${value.toFixed(3)}` : value < 0 ? `−${(-value).toFixed(3)}` : value.toFixed(3));
/** The setting as the panel must show it: three significant digits (e.g. band = 0.005). */
const setting = (parameter: string, value: number) => `${parameter} = ${Number(value.toPrecision(3))}`;

describe('webview panel in Chromium', () => {
  let close: () => Promise<void>;
  let origin: string;
  let browser: Browser;
  let compas: AuditReport;
  let hostile: AuditReport;
  let longNames: AuditReport;
  let longColumn: string;
  let comparison: ComparisonView;
  let reports: Map<string, MitigationReport>;
  let allMethods: ComparisonView;

  before(async () => {
    compas = await runAudit(path.join(root, 'examples/compas/compas-two-years.csv'), {
      roles: { label: 'two_year_recid', score: 'decile_score', sensitive: ['race', 'sex'] },
      threshold: 5,
      bootstrap: 50,
    });
    hostile = await runAudit(path.join(root, 'test/fixtures/webview/hostile.csv'), {
      roles: { label: 'label', prediction: 'prediction', sensitive: ['<img src=x onerror=alert(1)>'] },
      bootstrap: 0,
    });
    // A 356-character column name and 150-character group values (the issue's case), some groups small.
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-webview-'));
    longColumn = `respondent_${'self_described_primary_ethnic_or_national_background_category_'.repeat(6)}`.slice(0, 356);
    const values = ['A', 'B', 'C'].map((letter) => `${letter}_${'very_long_group_value_'.repeat(7)}`.slice(0, 150));
    const rows = Array.from({ length: 130 }, (_, i) => [values[i < 60 ? 0 : i < 120 ? 1 : 2], i % 2, i % 3 === 0 ? 1 : 0].join(','));
    writeFileSync(path.join(dir, 'long.csv'), [`${longColumn},label,prediction`, ...rows].join('\n') + '\n');
    longNames = await runAudit(path.join(dir, 'long.csv'), { roles: { label: 'label', prediction: 'prediction', sensitive: [longColumn] }, bootstrap: 0 });
    // A real comparison (three fast methods on one COMPAS split), with every run's report.json.
    const { train, test } = compasSplit(dir);
    const run = await runComparison(
      {
        train,
        test,
        label: 'two_year_recid',
        sensitive: ['race'],
        methods: ['reweighing', 'threshold', 'reject-option'],
        fairnessMetric: 'demographic_parity_difference',
        out: path.join(dir, 'out'),
      },
      runMethodInWorker,
    );
    comparison = comparisonView(run);
    reports = new Map(run.points.map((p) => [p.method, JSON.parse(readFileSync(p.report, 'utf8')) as MitigationReport]));
    // Every method (representation included) on the same split: the panel's view of a full
    // `parity compare` run, stored because representation alone trains for minutes (see its README).
    allMethods = JSON.parse(readFileSync(path.join(root, 'test/fixtures/webview/compas-comparison-view.json'), 'utf8')) as ComparisonView;
    ({ origin, browser, close } = await panelBrowser({ scrollbars: true }));
  });

  after(() => close?.());

  const open = (content: PanelContent, theme: Theme = 'light', width = 1200) => openPanel(browser, origin, content, theme, width);

  /** A point drawn at least 14 px from every other, so the one hovered is the one clicked. */
  const rowsOf = (page: Page, table: string) => page.locator(`[data-testid="${table}-table"] tbody tr`);
  const cellTexts = async (page: Page, table: string, row: number) => (await rowsOf(page, table).nth(row).locator('td').allInnerTexts()).map((t) => t.trim());
  /**
   * The detail under a selection-rate gap's figure: its lowest and highest group among those of at
   * least `minRows` rows, found here from the report's per-group rates (the first listed of a tie),
   * a group under 30 rows said to be so.
   */
  const setBy = (summary: MitigationReport['before'], minRows: number) => {
    const rate = (g: (typeof summary.groups)[number]) => g.metrics['selection_rate']!;
    const groups = summary.groups.filter((g) => g.count >= Math.max(1, minRows));
    const [low, high] = [Math.min(...groups.map(rate)), Math.max(...groups.map(rate))].map((v) => groups.find((g) => rate(g) === v)!) as [
      (typeof groups)[number],
      (typeof groups)[number],
    ];
    const named = (g: typeof low) => `${g.group} (${g.count.toLocaleString('en-US')} rows: ${round3(rate(g))})`;
    const small = [low, high].filter((g) => g.count < 30).map((g) => g.group);
    // why they are set aside is on hover
    const note = small.length > 0 ? ` · ${small.map((name) => `${name}: under 30 rows`).join(', ')}` : '';
    return `lowest: ${named(low)}, highest: ${named(high)}${note}`;
  };
  const headerTexts = async (page: Page, table: string) =>
    (await page.locator(`[data-testid="${table}-table"] thead th`).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

  it('shows a grouping chooser, readable metric names and the groups with their intervals', async () => {
    const page = await open({ kind: 'audit', report: compas });
    const options = await page.locator('[data-testid="grouping-chooser"] option').allInnerTexts();
    assert.deepEqual(
      options,
      compas.groupings.map((g) => g.by.join(' × ')),
    );
    assert.deepEqual(await page.locator('vscode-tab-header').allInnerTexts(), ['Groups', 'Against the reference', 'Aggregates', 'Charts']);
    // the race table: readable headers (not "base" / "select"), groups by decreasing size, then overall
    const race = compas.groupings[0]!;
    const headers = await headerTexts(page, 'groups');
    // the flags right after the group (both stay in view when the rates scroll sideways)
    assert.deepEqual(headers.slice(0, 6), [
      'race',
      'Four-fifths flags rate (× its ratio to the reference)',
      'Rows',
      'Base rate',
      'Selection rate',
      // the full name for screen readers, the abbreviation shown in a panel of 761 to 1400 px
      'True positive rate TPR',
    ]);
    assert.ok(!headers.includes('select') && !headers.includes('base'));
    assert.equal(await rowsOf(page, 'groups').count(), race.groups.length + 1);
    const group = race.groups[0]!;
    const first = await cellTexts(page, 'groups', 0);
    assert.match(first[0]!, /^African-American/);
    assert.equal(first[2], group.count.toLocaleString('en-US'));
    // the interval under its figure in a 1200 px panel (a line break), beside it on wider pages
    assert.equal(first[4]!.replace(/\s+/g, ' '), `${round3(group.metrics['selection_rate']!)} ${interval3(group.intervals['selection_rate']!)}`);
    // choose the intersection from the keyboard: its table replaces the race table
    await page.locator('[data-testid="grouping-chooser"]').focus();
    await page.keyboard.press('End');
    const both = compas.groupings[2]!;
    assert.equal((await headerTexts(page, 'groups'))[0], 'race × sex');
    assert.equal(await rowsOf(page, 'groups').count(), both.groups.length + 1);
    assert.match((await cellTexts(page, 'groups', 0))[0]!, new RegExp(`^${Object.values(both.groups[0]!.key).join(' & ')}`));
    assert.equal(
      await page.locator('[data-testid="grouping-chooser"]').evaluate((s) => s === document.activeElement),
      true,
      'the keyboard stays on the chooser',
    );
    assert.deepEqual(await pageErrors(page), { violations: [], alerts: 0 });
    await page.close();
  });

  it('shows a multiclass audit: per-class macro rates, and says the reference comparisons need a binary outcome', async () => {
    // 300 rows, three classes; every third row in group B (100 rows), the others in A (200)
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-multiclass-'));
    const classes = ['x', 'y', 'z'];
    const rows = Array.from({ length: 300 }, (_, i) => {
      const label = classes[Math.floor(i / 3) % 3]!;
      return [i % 3 === 0 ? 'B' : 'A', label, i % 5 === 0 ? classes[(classes.indexOf(label) + 1) % 3] : label].join(',');
    });
    writeFileSync(path.join(dir, 'classes.csv'), ['group,label,prediction', ...rows].join('\n') + '\n');
    const report = await runAudit(path.join(dir, 'classes.csv'), {
      roles: { label: 'label', prediction: 'prediction', sensitive: ['group'] },
      task: 'multiclass',
      bootstrap: 0,
    });
    const page = await open({ kind: 'audit', report });
    const headers = await headerTexts(page, 'groups');
    assert.deepEqual(headers.slice(0, 4), ['group', 'Four-fifths flags rate (× its ratio to the reference)', 'Rows', 'Accuracy']);
    for (const name of ['Macro true positive rate', 'Macro false positive rate', 'Macro precision'])
      assert.ok(headers.includes(name), `${name} in ${headers.join(' | ')}`);
    assert.deepEqual(
      (await rowsOf(page, 'groups').allInnerTexts()).map((row) =>
        row
          .split('\t')
          .filter((_, i) => i === 0 || i === 2)
          .map((t) => t.trim().replace(/\s+reference$/, '')),
      ),
      [
        ['A', '200'],
        ['B', '100'],
        ['overall', '300'],
      ],
    );
    await page.locator('vscode-tab-header', { hasText: 'Against the reference' }).click();
    assert.match(await page.locator('vscode-tab-panel:visible p.note').innerText(), /defined for binary outcomes and regression; this is a multiclass audit/);
    await page.locator('vscode-tab-header', { hasText: 'Groups' }).click();
    await screenshotThemes(page, 'audit-multiclass');
    await page.close();
  });

  it('greys small groups and gives them no four-fifths flags', async () => {
    const page = await open({ kind: 'audit', report: compas });
    const race = compas.groupings[0]!;
    const smallIndex = race.groups.findIndex((g) => g.count < compas.minGroupSize);
    assert.ok(smallIndex > 0, 'COMPAS by race has groups under 30 rows');
    const colours = await rowsOf(page, 'groups').evaluateAll(
      (rows, i) => rows.map((row) => getComputedStyle(row.querySelectorAll('td')[i === 0 ? 2 : 2]!).color),
      0,
    );
    const muted = await page.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--vscode-descriptionForeground)';
      document.body.append(probe);
      return getComputedStyle(probe).color;
    });
    assert.equal(colours[smallIndex], muted, 'a small group is drawn in the muted colour');
    assert.notEqual(colours[0], muted, 'a large group is not');
    const small = await cellTexts(page, 'groups', smallIndex);
    assert.match(small[0]!, /small$/);
    assert.equal(small[1], '—', 'no flags on a small group');
    // a large flagged group keeps its flags, in readable names
    const flaggedIndex = race.groups.findIndex((g) => !g.small && g.flagged.includes('selection_rate'));
    assert.ok(flaggedIndex >= 0);
    // flags with a BH-supported gap to the reference group (the report's `supported`) carry a *
    const flagged = race.groups[flaggedIndex]!;
    const star = (m: string) => (flagged.supported.includes(m) ? '\\*' : '');
    // each flag on its line, with the group's rate and its ratio to the reference's (the report's disparity)
    const flagLine = `Selection rate ${round3(flagged.metrics['selection_rate']!)} (×${flagged.disparities['selection_rate']!.toFixed(2)})${star('selection_rate')}`;
    assert.match((await cellTexts(page, 'groups', flaggedIndex))[1]!, new RegExp(`^${flagLine.replace(/[()]/g, '\\$&')}(\n|$)`));
    assert.match((await rowsOf(page, 'groups').nth(flaggedIndex).locator('td').nth(1).getAttribute('title'))!, /^Selection rate/, 'the full names on hover');
    await page.close();
  });

  it('compares every group with the reference chosen in the panel, as AIF360 defines it', async () => {
    const page = await open({ kind: 'audit', report: compas });
    await page.locator('vscode-tab-header', { hasText: 'Against the reference' }).click();
    const race = compas.groupings[0]!;
    assert.equal(
      await page.locator('[data-testid="reference-chooser"]').inputValue(),
      JSON.stringify(Object.values(race.reference)),
      "the report's reference first",
    );
    const headers = await headerTexts(page, 'reference');
    assert.deepEqual(headers, [
      'race',
      'Rows',
      'Statistical parity difference closer to 0 is fairer',
      'Disparate impact closer to 1 is fairer',
      'Equal opportunity difference closer to 0 is fairer',
      'Average odds difference closer to 0 is fairer',
    ]);
    // choose Caucasian: recomputed from the rates, (group − reference) and (group / reference)
    await page.locator('[data-testid="reference-chooser"]').selectOption(JSON.stringify(['Caucasian']));
    const reference = race.groups.find((g) => g.key['race'] === 'Caucasian')!.metrics;
    for (const [i, group] of race.groups.entries()) {
      const cells = await cellTexts(page, 'reference', i);
      const m = group.metrics;
      if (group.key['race'] === 'Caucasian') {
        assert.deepEqual(cells.slice(2), ['reference', 'reference', 'reference', 'reference']);
        continue;
      }
      const expected = [
        m['selection_rate']! - reference['selection_rate']!,
        m['selection_rate']! / reference['selection_rate']!,
        m['true_positive_rate']! - reference['true_positive_rate']!,
        (m['false_positive_rate']! - reference['false_positive_rate']! + (m['true_positive_rate']! - reference['true_positive_rate']!)) / 2,
      ];
      assert.deepEqual(cells.slice(2), expected.map(round3), group.key['race']);
    }
    assert.equal(await rowsOf(page, 'reference').first().locator('td.computed').count(), 4, 'marked as computed point estimates');
    assert.match(await page.locator('vscode-tab-panel:visible p.note').innerText(), /chosen here.*point estimates computed from the groups’ rates/);
    // the groups tab now flags against Caucasian: African-American's selection rate ratio is outside the band
    await page.locator('vscode-tab-header', { hasText: 'Groups' }).click();
    const ratio = race.groups[0]!.metrics['selection_rate']! / reference['selection_rate']!;
    assert.ok(ratio > 1.25);
    // the report's * tested each gap against its own reference (tests.comparedWith "reference"): none holds against Caucasian
    assert.equal(compas.groupings[0]!.tests.comparedWith, 'reference');
    assert.match(
      (await cellTexts(page, 'groups', 0))[1]!,
      new RegExp(`^Selection rate ${round3(race.groups[0]!.metrics['selection_rate']!)} \\(×${ratio.toFixed(2)}\\)\n`),
    );
    assert.ok(!(await cellTexts(page, 'groups', 0))[1]!.includes('*'), 'no flag starred');
    // the aggregates say they still compare with the report's own reference
    await page.locator('vscode-tab-header', { hasText: 'Aggregates' }).click();
    const own = Object.values(race.reference).join(' & ');
    assert.notEqual(own, 'Caucasian');
    assert.match(
      await page.locator('[data-testid="aggregates-note"]').innerText(),
      new RegExp(`report's reference "${own}", not with "Caucasian" chosen above`),
    );
    await page.close();
  });

  it('shows the aggregates over all groups and over the adequately sized ones, with which way is fairer', async () => {
    const page = await open({ kind: 'audit', report: compas });
    await page.locator('vscode-tab-header', { hasText: 'Aggregates' }).click();
    const race = compas.groupings[0]!;
    const large = race.groups.filter((g) => g.count >= compas.minGroupSize);
    const headers = await headerTexts(page, 'aggregates');
    assert.deepEqual(headers, ['Aggregate', 'Fairer when', `All ${race.groups.length} groups`, `${large.length} groups with ≥ ${compas.minGroupSize} rows`]);
    const row = await cellTexts(page, 'aggregates', 0);
    // under each name what it is, the two groups found afresh in each resample (BOUNDED_NOTE)
    assert.equal(row[0], 'Demographic parity difference\nlargest − smallest group');
    assert.equal(row[1], 'closer to 0 is fairer');
    // each figure, then the two groups it is the gap of: found here by brute force over the groups' selection rates
    const pair = (groups: typeof race.groups) => {
      const byRate = [...groups].sort((a, b) => b.metrics['selection_rate']! - a.metrics['selection_rate']!);
      return `${byRate[0]!.key['race']} vs ${byRate[byRate.length - 1]!.key['race']}`;
    };
    assert.equal(
      row[2],
      `${round3(race.aggregates['demographic_parity_difference']!)} ${interval3(race.aggregateIntervals['demographic_parity_difference']!)}\n${pair(race.groups)}`,
    );
    const rates = large.map((g) => g.metrics['selection_rate']!);
    assert.equal(
      row[3],
      `${round3(Math.max(...rates) - Math.min(...rates))} ${interval3(race.largeGroups.intervals['demographic_parity_difference']!)}\n${pair(large)}`,
    );
    const ratio = await cellTexts(page, 'aggregates', 1);
    assert.deepEqual(ratio.slice(0, 2), ['Demographic parity ratio\nsmallest / largest group', 'closer to 1 is fairer']);
    assert.equal(ratio[3]!.split(' ')[0], round3(Math.min(...rates) / Math.max(...rates)));
    await page.close();
  });

  it('sorts on a click anywhere in the header cell and from the keyboard, and keeps the view after a reload', async () => {
    const page = await open({ kind: 'audit', report: compas });
    const race = compas.groupings[0]!;
    const names = async () => (await page.locator('[data-testid="groups-table"] tbody tr td:first-child .truncate').allInnerTexts()).slice(0, -1);
    // click the header cell near its bottom-right corner, away from the label text
    const header = page.locator('[data-testid="groups-table"] th', { hasText: 'Selection rate' });
    const box = (await header.boundingBox())!;
    await page.mouse.click(box.x + box.width - 3, box.y + box.height - 3);
    const byRate = [...race.groups].sort((a, b) => b.metrics['selection_rate']! - a.metrics['selection_rate']!).map((g) => g.key['race']);
    assert.deepEqual(await names(), byRate);
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    await page.keyboard.press('Enter'); // the focus stayed on the header: ascending now
    assert.deepEqual(await names(), [...byRate].reverse());
    const count = page.locator('[data-testid="groups-table"] th button', { hasText: 'Rows' });
    await count.focus();
    await page.keyboard.press('Space');
    assert.deepEqual(
      await names(),
      [...race.groups].sort((a, b) => b.count - a.count).map((g) => g.key['race']),
    );
    // another grouping, a reference and a tab, then reload: all come back
    await page.locator('[data-testid="grouping-chooser"]').selectOption({ label: 'sex' });
    await page.locator('[data-testid="reference-chooser"]').selectOption(JSON.stringify(['Female']));
    await page.locator('vscode-tab-header', { hasText: 'Aggregates' }).click();
    await page.reload();
    await page.locator('h1').first().waitFor();
    assert.equal(await page.locator('[data-testid="grouping-chooser"]').inputValue(), '1');
    assert.equal(await page.locator('[data-testid="reference-chooser"]').inputValue(), JSON.stringify(['Female']));
    assert.equal(await page.locator('vscode-tabs').getAttribute('selected-index'), '2');
    await page.close();
  });

  it('keeps the group and flags columns in view when a wide table scrolls sideways', async () => {
    const page = await open({ kind: 'audit', report: compas }, 'light', 900);
    const scroller = page.locator('vscode-tab-panel:visible .table-scroll').first();
    const widths = await scroller.evaluate((s) => [s.scrollWidth, s.clientWidth]);
    // at 900 px (the narrowest page that pins the flags) the last rates lie past the box; at 1000 px the whole table fits (report-display.test)
    assert.ok(widths[0]! > widths[1]! + 40, `the table is wider than its box (${widths.join(' > ')})`);
    // the scrollbar takes room (a classic one, always drawn), so the hidden columns are announced
    const bar = await scroller.evaluate((s) => (s as HTMLElement).offsetHeight - s.clientHeight);
    assert.ok(bar >= 8, `a visible horizontal scrollbar (${bar} px)`);
    await scroller.evaluate((s) => (s.scrollLeft = s.scrollWidth - s.clientWidth));
    const box = (await scroller.boundingBox())!;
    const cell = (i: number) => page.locator('[data-testid="groups-table"] tbody tr').first().locator('td').nth(i).boundingBox();
    const [group, flags, rows] = [(await cell(0))!, (await cell(1))!, (await cell(2))!];
    assert.ok(Math.abs(group.x - box.x) < 1, `the group column stays at the left edge (${group.x} vs ${box.x})`);
    assert.ok(Math.abs(flags.x - (group.x + group.width)) < 1, `the flags column stays right after it (${flags.x} vs ${group.x + group.width})`);
    assert.ok(rows.x + rows.width < flags.x + flags.width, 'the "Rows" column scrolled under them');
    await page.screenshot({ path: path.join(screenshots, 'audit-scrolled-light.png') });
    // a narrow panel keeps only the group column: the flags, its neighbour, scroll with the rates
    await page.setViewportSize({ width: 700, height: 900 });
    await scroller.evaluate((s) => (s.scrollLeft = 250));
    const [narrowGroup, narrowFlags] = [(await cell(0))!, (await cell(1))!];
    assert.ok(Math.abs(narrowGroup.x - box.x) < 1);
    assert.ok(narrowFlags.x < narrowGroup.x + narrowGroup.width - 1, 'the flags scrolled under the group column');
    await page.close();
  });

  it('truncates a 356-character column name and long group names: nothing is wider than the page', async () => {
    const page = await open({ kind: 'audit', report: longNames }, 'light', 900);
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = Array.from(document.querySelectorAll('main *'))
        .filter((e) => !e.closest('.table-scroll') && e.getBoundingClientRect().right > width + 0.5)
        .map((e) => e.tagName);
      return { page: document.documentElement.scrollWidth, width, wide };
    });
    assert.deepEqual(overflow.wide, []);
    assert.equal(overflow.page, overflow.width);
    const header = page.locator('[data-testid="groups-table"] th').first();
    assert.ok((await header.boundingBox())!.width < 400, 'the column name is cut');
    assert.ok(await header.locator('.head-label').evaluate((e) => e.scrollWidth > e.clientWidth), 'with an ellipsis');
    assert.equal(await header.locator('button').getAttribute('title'), `groups by ${longColumn} — click to sort`);
    const cell = page.locator('[data-testid="groups-table"] tbody tr').first().locator('td').first();
    assert.ok((await cell.getAttribute('title'))!.startsWith(longNames.groupings[0]!.groups[0]!.key[longColumn]!), 'the full name on hover');
    assert.ok((await cell.boundingBox())!.width < 400);
    await screenshotThemes(page, 'audit-long-names');
    await page.close();
  });

  it('names the database, the table and who counted under the heading; a long URL wraps inside a narrow panel', async () => {
    const url = 'clickhouse://fairness_analyst@ch-replica-03.warehouse.internal.example.com:8123/fairness_reporting_2024';
    const report: AuditReport = { ...compas, file: `${url} table "predictions_daily_by_region"`, counting: { by: 'clickhouse', recordsRead: 1031 } };
    const page = await open({ kind: 'audit', report }, 'light', 480);
    assert.equal(await page.locator('h1').innerText(), 'Fairness audit: table "predictions_daily_by_region"');
    const run = await page.locator('ul.run li').allInnerTexts();
    assert.equal(run[0], `Source: ClickHouse ${url}, table "predictions_daily_by_region"`);
    assert.ok(run.includes('Counted by ClickHouse: 1,031 aggregated records for 7,214 rows'), run.join(' | '));
    const wide = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll('h1, ul.run li')).filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .length,
    );
    assert.equal(wide, 0, 'the heading and the run lines wrap within the panel');
    await screenshotThemes(page, 'audit-database-header');
    await page.close();
    // a file audit counted by Parity itself: its format and name, and no counting line
    const file = await open({ kind: 'audit', report: compas });
    const fileRun = await file.locator('ul.run li').allInnerTexts();
    assert.equal(fileRun[0], 'Source: CSV file compas-two-years.csv');
    assert.ok(!fileRun.some((line) => line.startsWith('Counted by')));
    await file.close();
  });

  it('shows a hostile column name and group values as text in every view, running nothing', async () => {
    const page = await open({ kind: 'audit', report: hostile });
    for (const tab of ['Groups', 'Against the reference', 'Aggregates', 'Charts']) {
      await page.locator('vscode-tab-header', { hasText: tab }).click();
      const text = await page.locator('body').innerText();
      assert.ok(text.includes('<script>alert(2)</script>') || tab === 'Aggregates', `the group value is shown literally (${tab})`);
    }
    const text = await page.locator('main').innerText();
    assert.ok(text.includes('<img src=x onerror=alert(1)>'), 'the column name is shown literally');
    assert.ok(text.includes('B&amp;'), 'an entity-like value is not decoded');
    assert.equal(await page.locator('main img, main script').count(), 0);
    assert.ok((await page.locator('svg.chart text.label').allTextContents()).includes('<script>alert(2)</script>'));
    assert.deepEqual(await pageErrors(page), { violations: [], alerts: 0 });
    await page.close();

    // the same strings as method, setting and group names in a mitigation report and a comparison
    const report = structuredClone(reports.get('reweighing')!);
    report.method = '<img src=x onerror=alert(3)>';
    report.parameters = { ...report.parameters, note: '<script>alert(4)</script>' };
    for (const summary of [report.before, report.after, ...report.tradeoff]) for (const g of summary.groups) g.group = `<b>${g.group}</b>`;
    const mitigation = await open({ kind: 'mitigation', report });
    assert.equal(await mitigation.locator('h1').innerText(), 'Mitigation: <img src=x onerror=alert(3)> on train.csv');
    await mitigation.locator('vscode-tab-header', { hasText: 'Settings' }).click();
    assert.match(await mitigation.locator('[data-testid="settings"]').innerText(), /<script>alert\(4\)<\/script>/);
    await mitigation.locator('vscode-tab-header', { hasText: 'Per group' }).click();
    assert.match(await mitigation.locator('[data-testid="per-group-table"]').innerText(), /<b>African-American<\/b>/);
    await mitigation.locator('vscode-tab-header', { hasText: 'Sweep over strength' }).click();
    assert.ok((await mitigation.locator('ul.legend').innerText()).includes('<img src=x onerror=alert(3)>'));
    assert.equal(await mitigation.locator('main img, main script, main b').count(), 0);
    assert.deepEqual(await pageErrors(mitigation), { violations: [], alerts: 0 });
    await mitigation.close();

    const hostileComparison = structuredClone(comparison);
    for (const p of hostileComparison.points) if (p.method === 'threshold') p.method = '<img src=x onerror=alert(5)>';
    const plot = await open({ kind: 'comparison', comparison: hostileComparison });
    assert.ok((await plot.locator('ul.legend').innerText()).includes('<img src=x onerror=alert(5)>'));
    const target = plot.locator('.point-target[data-method="<img src=x onerror=alert(5)>"]:not([hidden])').first();
    const box = (await target.boundingBox())!;
    await plot.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await plot.locator('.chart-tooltip').waitFor({ state: 'visible' });
    assert.match(await plot.locator('.chart-tooltip').innerText(), /<img src=x onerror=alert\(5\)>/);
    assert.equal(await plot.locator('main img, main script, .chart-tooltip img').count(), 0);
    assert.deepEqual(await pageErrors(plot), { violations: [], alerts: 0 });
    await plot.close();
  });

  it('offers "Set…" after an unstated meaning in the audit header and "Change…" after a stated one, both posting the same question', async () => {
    // the audit above stated no meaning (no positiveMeans given)
    assert.equal(compas.columns.positiveMeans ?? null, null);
    const unstated = await open({ kind: 'audit', report: compas });
    const unstatedLine = unstated.locator('li', { hasText: 'A positive prediction (predicting two_year_recid = 1)' });
    assert.equal(await unstatedLine.innerText(), 'A positive prediction (predicting two_year_recid = 1): not stated whether favourable or harmful — Set…');
    assert.equal(await unstated.locator('[data-testid="change-positive-means"]').count(), 0);
    await unstated.close();
    const harmful = { ...compas, columns: { ...compas.columns, positiveMeans: 'harm' as const } };
    const page = await open({ kind: 'audit', report: harmful });
    const line = page.locator('li', { hasText: 'A positive prediction (predicting two_year_recid = 1)' });
    assert.equal(
      await line.innerText(),
      'A positive prediction (predicting two_year_recid = 1) is harmful: groups with higher selection rates are disadvantaged — Change…',
    );
    assert.equal(await page.locator('[data-testid="set-positive-means"]').count(), 0);
    await page.locator('[data-testid="change-positive-means"]').click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'setPositiveMeans' });
    await page.close();
  });

  it('asks the extension to export, or to run a mitigation on the audited file, from the toolbar', async () => {
    const page = await open({ kind: 'audit', report: compas });
    await page.locator('vscode-button', { hasText: 'Export HTML' }).click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'export', format: 'html' });
    await page.locator('vscode-button', { hasText: 'Run Mitigation…' }).click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'runMitigation' });
    await page.close();
  });

  it('exports a self-contained HTML report (parity audit --format html) that shows hostile strings as text', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'parity-html-')), 'report.html');
    const fixtureFile = path.join(root, 'test/fixtures/webview/hostile.csv');
    const result = spawnSync(
      process.execPath,
      [
        path.join(root, 'dist/cli.js'),
        'audit',
        fixtureFile,
        '--label',
        'label',
        '--prediction',
        'prediction',
        '--sensitive',
        '<img src=x onerror=alert(1)>',
        '--bootstrap',
        '0',
        '--format',
        'html',
        '--out',
        out,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
    const html = readFileSync(out, 'utf8');
    assert.doesNotMatch(html, /<script/i, 'no script: readable with scripts off');
    const urls = new Set(html.match(/https?:\/\/[^"\s]+/g) ?? []);
    assert.deepEqual([...urls], ['http://www.w3.org/2000/svg'], 'nothing to fetch; the only URL is the SVG namespace');
    assert.match(html, /<title>Parity audit: hostile\.csv<\/title>/, 'the title names the file, not its path');
    assert.doesNotMatch(html, new RegExp(root.replace(/[/\\]/g, '.')), 'the absolute path appears nowhere');
    const page = await browser.newPage();
    const alerts: string[] = [];
    page.on('dialog', (dialog) => void dialog.dismiss().then(() => alerts.push(dialog.message())));
    await page.goto(pathToFileURL(out).toString());
    const text = await page.locator('body').innerText();
    assert.ok(text.includes('<img src=x onerror=alert(1)>') && text.includes('<script>alert(2)</script>'));
    assert.equal(await page.locator('img, script').count(), 0);
    // the exported table holds the audit's figures: base rate and selection rate 3/5 = 0.600 for "B&amp;" (hand count of the fixture)
    assert.match(text, /\nB&amp;\s+small\s*\t—\t5\t0\.600\t0\.600\t/);
    assert.ok((await page.locator('svg.chart').count()) >= 4);
    assert.deepEqual(alerts, []);
    // printed, the wide tables wrap instead of being clipped: no table is wider than the printed page
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 700, height: 900 });
    const clipped = await page.evaluate(
      () => Array.from(document.querySelectorAll('table')).filter((t) => t.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).length,
    );
    assert.equal(clipped, 0);
    await page.close();
  });

  it('exports a mitigation run and a comparison as HTML that prints without clipping', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-html-'));
    const files = {
      mitigation: await renderMitigationHtml(reports.get('threshold')!, 4),
      comparison: await renderComparisonHtml(allMethods),
    };
    for (const [name, html] of Object.entries(files)) {
      assert.doesNotMatch(html, /<script/i, name);
      writeFileSync(path.join(dir, `${name}.html`), html);
      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      await page.goto(pathToFileURL(path.join(dir, `${name}.html`)).toString());
      assert.equal(await page.locator('figure.tradeoff > svg').count(), 1, `${name}: the plot is drawn`);
      await wholePageShot(page, path.join(screenshots, `export-${name}-screen.png`));
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 700, height: 900 });
      const wide = await page.evaluate(() =>
        Array.from(document.querySelectorAll('body *'))
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .map((e) => e.tagName),
      );
      assert.deepEqual(wide, [], `${name}: nothing wider than the printed page`);
      await wholePageShot(page, path.join(screenshots, `export-${name}-print.png`));
      await page.close();
    }
    assert.match(files.mitigation, /<title>Parity mitigation: threshold on train\.csv<\/title>/);
    assert.match(files.mitigation, /“After” shows tolerance = 0\.1 \(point 5 of 6/);
  });

  it('shows which setting a mitigation run used, its figures before and after, and every setting', async () => {
    const report = reports.get('reject-option')!;
    const page = await open({ kind: 'mitigation', report });
    assert.equal(await page.locator('h1').innerText(), 'Mitigation: reject-option on train.csv');
    // the files it wrote open from the run's line: the page names which, the extension takes the path from the report
    await page.locator('[data-testid="open-predictions"]').click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'openOutput', file: 'predictions' });
    await page.locator('[data-testid="open-model"]').click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'openOutput', file: 'model' });
    assert.match(await page.locator('p.run').first().innerText(), / — Open predictions\.csv · model\.json$/);
    // the run's band is one of the searched bands: "after" names it and its place in the sweep
    const band = report.parameters['band'] as number;
    const own = report.tradeoff.findIndex((p) => p.value === band);
    assert.ok(own >= 0);
    assert.equal(
      await page.locator('[data-testid="after-setting"]').innerText(),
      `“After” is the run's own result: ${setting('band', band)} (point ${own + 1} of ${report.tradeoff.length} of the sweep).`,
    );
    // the plain settings in view without opening the Settings tab (the band rounded to 3 significant digits)
    assert.match(await page.locator('[data-testid="settings-summary"]').innerText(), new RegExp(`^Settings: .*Band ${Number(band.toPrecision(3))}( ·|$)`));
    // the columns the comparison above was asked to use
    assert.match(await page.locator('[data-testid="columns-summary"]').innerText(), /^Columns: Label two_year_recid · Sensitive race( ·|$)/);
    // before / after with which way is fairer and whether "after" went that way
    const rows = await rowsOf(page, 'before-after').allInnerTexts();
    // the row over all groups (badged "all N groups" under the large groups' row when some group is under 30 rows)
    const withRows = report.before.groups.filter((g) => g.count > 0).length;
    const overAll =
      withRows > report.before.groups.filter((g) => g.count >= 30).length
        ? `Demographic parity difference all ${withRows} groups`
        : 'Demographic parity difference';
    const dp = rows
      .find((r) => r.replace(/\s+/g, ' ').startsWith(`${overAll} `))!
      .split('\t')
      // under 1200 px an interval goes under its figure: the same words, one space apart
      .map((t) => t.replace(/\s+/g, ' ').trim());
    const [b, a] = [report.before.aggregates['demographic_parity_difference']!, report.after.aggregates['demographic_parity_difference']!];
    const interval = (summary: MitigationReport['before']) => interval3(summary.aggregateIntervals!['demographic_parity_difference']!);
    const changeInterval = report.change!.aggregateIntervals!['demographic_parity_difference']!;
    // each figure with the groups that set it under it
    assert.deepEqual(dp, [
      overAll,
      'closer to 0 is fairer',
      `${round3(b)} ${interval(report.before)} ${setBy(report.before, 0)}`,
      `${round3(a)} ${interval(report.after)} ${setBy(report.after, 0)}`,
      // the change with its paired interval, signed
      `${signed3(report.change!.aggregates['demographic_parity_difference']!)} [${report.change!.aggregateIntervals!['demographic_parity_difference']!.map(signed3).join(', ')}]`,
      // equal point estimates: "no clear change" unless the change is 0 in every resample; a change
      // whose paired interval holds 0 (or points the other way): "no clear change" too
      Math.abs(a - b) < 1e-12
        ? changeInterval[0] === 0 && changeInterval[1] === 0
          ? 'unchanged'
          : 'no clear change'
        : Math.abs(Math.abs(a) - Math.abs(b)) < 1e-12
          ? 'equally fair'
          : (a < b && changeInterval[1] >= 0) || (a > b && changeInterval[0] <= 0)
            ? 'no clear change'
            : Math.abs(a) < Math.abs(b)
              ? 'fairer'
              : 'less fair',
    ]);
    const ratio = rows
      .find((r) => r.startsWith('Demographic parity ratio'))!
      .split('\t')
      .map((t) => t.trim());
    assert.equal(ratio[1], 'closer to 1 is fairer');
    // per group, before and after
    await page.locator('vscode-tab-header', { hasText: 'Per group' }).click();
    const [beforeGroup, afterGroup] = [report.before.groups[0]!, report.after.groups.find((g) => g.group === report.before.groups[0]!.group)!];
    const cells = await cellTexts(page, 'per-group', 0);
    assert.deepEqual(cells.slice(0, 3), [
      beforeGroup.group,
      beforeGroup.count.toLocaleString('en-US'),
      // each figure with its bootstrap interval from report.json
      `${round3(beforeGroup.metrics['selection_rate']!)} ${interval3(beforeGroup.intervals!['selection_rate']!)} → ${round3(afterGroup.metrics['selection_rate']!)} ${interval3(afterGroup.intervals!['selection_rate']!)}`,
    ]);
    assert.equal((await headerTexts(page, 'per-group'))[2], 'Selection rate before → after');
    // groups under 30 rows are greyed here too
    const small = report.before.groups.findIndex((g) => g.count < 30);
    assert.match((await cellTexts(page, 'per-group', small))[0]!, / small$/);
    // every setting, readable
    await page.locator('vscode-tab-header', { hasText: 'Settings' }).click();
    const settings = await page.locator('[data-testid="settings"]').innerText();
    for (const key of Object.keys(report.parameters))
      assert.ok(
        settings.includes(
          key
            .replace(/([a-z])([A-Z])/g, '$1 $2')
            .replace(/^./, (c) => c.toUpperCase())
            .replace(/ ([A-Z])/g, (_, c: string) => ` ${c.toLowerCase()}`),
        ),
        key,
      );
    assert.ok(settings.includes(String(Number(band.toPrecision(3)))));
    assert.doesNotMatch(settings, /\d\.\d{6,}/, 'numbers are rounded');
    await page.close();
  });

  it('asks what a positive prediction means from a mitigation panel ("Set…" after "not stated"), then words it by the answer', async () => {
    const report = reports.get('reweighing')!;
    // the comparison above stated no meaning; the label's positive value is in the report
    assert.equal(report.columns.positive, '1');
    assert.equal(report.columns.positiveMeans, null);
    let asked = 0;
    const page = await openPanel(browser, origin, { kind: 'mitigation', report }, 'light', 1200, async (message, reply) => {
      if (message.type !== 'setPositiveMeans') return;
      asked++;
      // as the extension does with the answer "harmful": the same report, worded by it
      await reply({ kind: 'mitigation', report: { ...report, columns: { ...report.columns, positiveMeans: 'harm' } } });
    });
    // the split's columns but the label and the sensitive one: every one a feature (no audited column to leave out)
    assert.equal(
      await page.locator('[data-testid="features-summary"]').innerText(),
      'Features: sex, age, juv_fel_count, juv_misd_count, priors_count, c_charge_degree (never the sensitive attribute race)',
    );
    const line = page.locator('[data-testid="positive-meaning"]');
    assert.equal(await line.innerText(), 'A positive prediction (predicting two_year_recid = 1): not stated whether favourable or harmful — Set…');
    await page.locator('[data-testid="set-positive-means"]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="positive-meaning"]')?.textContent?.includes('harmful:'));
    // stated now: "Change…" takes the place of "Set…"
    assert.equal(
      await line.innerText(),
      'A positive prediction (predicting two_year_recid = 1) is harmful: groups with higher selection rates are disadvantaged — Change…',
    );
    assert.equal(await page.locator('[data-testid="set-positive-means"]').count(), 0);
    assert.equal(asked, 1);
    await page.close();
  });

  it('changes a stated meaning from a mitigation panel ("Change…" after the stated sentence), the same question', async () => {
    const report = reports.get('reweighing')!;
    const harmful = { ...report, columns: { ...report.columns, positiveMeans: 'harm' as const } };
    let asked = 0;
    const page = await openPanel(browser, origin, { kind: 'mitigation', report: harmful }, 'light', 1200, async (message, reply) => {
      if (message.type !== 'setPositiveMeans') return;
      asked++;
      // the answer "favourable": lower selection rates are then the disadvantage
      await reply({ kind: 'mitigation', report: { ...report, columns: { ...report.columns, positiveMeans: 'benefit' } } });
    });
    const line = page.locator('[data-testid="positive-meaning"]');
    assert.equal(
      await line.innerText(),
      'A positive prediction (predicting two_year_recid = 1) is harmful: groups with higher selection rates are disadvantaged — Change…',
    );
    assert.equal(await page.locator('[data-testid="set-positive-means"]').count(), 0);
    await page.locator('[data-testid="change-positive-means"]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="positive-meaning"]')?.textContent?.includes('favourable:'));
    assert.equal(
      await line.innerText(),
      'A positive prediction (predicting two_year_recid = 1) is favourable: groups with lower selection rates are disadvantaged — Change…',
    );
    assert.equal(asked, 1);
    await page.close();
  });

  it('shows the intervals and the large-group aggregates of a mitigation report, before and after', async () => {
    // the report the comparison above wrote: its own bootstrap intervals (200 resamples) and large-group aggregates
    const report = reports.get('reweighing')!;
    const page = await open({ kind: 'mitigation', report });
    const summaries = [report.before, report.after];
    const accuracy = (await cellTexts(page, 'before-after', 0)).map((cell) => cell.replace(/\s+/g, ' '));
    assert.deepEqual(
      accuracy.slice(2, 4),
      summaries.map((s) => `${round3(s.accuracy!)} ${interval3(s.intervals!['accuracy']!)}`),
    );
    // the groups of at least 30 rows, recounted here from the per-group figures, name the row
    const large = report.before.groups.filter((g) => g.count >= 30);
    assert.ok(large.length < report.before.groups.length, 'the COMPAS test split by race has groups under 30 rows');
    const rows = (await rowsOf(page, 'before-after').allInnerTexts()).map((r) => r.split('\t').map((t) => t.replace(/\s+/g, ' ').trim()));
    const dp = rows.find((r) => r[0] === `Demographic parity difference ${large.length} groups with ≥ 30 rows`)!;
    // its value: the gap between the highest and lowest selection rate among those groups
    const gap = (s: (typeof summaries)[number]) => {
      const rates = s.groups.filter((g) => g.count >= 30).map((g) => g.metrics['selection_rate']!);
      return Math.max(...rates) - Math.min(...rates);
    };
    assert.deepEqual(
      dp.slice(2, 4),
      summaries.map((s) => `${round3(gap(s))} ${interval3(s.largeGroups!.intervals!['demographic_parity_difference']!)} ${setBy(s, 30)}`),
    );
    assert.match(
      await page.locator('[data-testid="before-after-note"]').innerText(),
      /^Before: the same logistic regression fitted without the weights, on the same rows as after\. Intervals: 95% bootstrap percentile intervals \(200 Poisson resamples/,
    );
    await screenshotThemes(page, 'mitigation-before-after-intervals');
    await page.locator('vscode-tab-header', { hasText: 'Per group' }).click();
    const [b, a] = [report.before.groups[0]!, report.after.groups.find((g) => g.group === report.before.groups[0]!.group)!];
    const shown = (g: typeof b) => `${round3(g.metrics['selection_rate']!)} ${interval3(g.intervals!['selection_rate']!)}`;
    assert.equal((await cellTexts(page, 'per-group', 0))[2], `${shown(b)} → ${shown(a)}`);
    await screenshotThemes(page, 'mitigation-per-group-intervals');
    await page.close();
  });

  it('shows any sweep point as "after": chosen in the panel or clicked in the sweep plot', async () => {
    const report = reports.get('reject-option')!;
    const page = await open({ kind: 'mitigation', report });
    await page.locator('[data-testid="sweep-chooser"]').selectOption('3');
    const point = report.tradeoff[3]!;
    assert.match(
      await page.locator('[data-testid="after-setting"]').innerText(),
      new RegExp(`^“After” shows ${setting('band', point.value).replace('.', '\\.')} \\(point 4 of ${report.tradeoff.length}`),
    );
    await page.locator('vscode-tab-header', { hasText: 'Per group' }).click();
    const shown = await cellTexts(page, 'per-group', 0);
    const first = report.before.groups[0]!;
    assert.equal(
      shown[2],
      `${round3(first.metrics['selection_rate']!)} ${interval3(first.intervals!['selection_rate']!)} → ${round3(point.groups.find((g) => g.group === first.group)!.metrics['selection_rate']!)}`,
      "the sweep point's own per-group figures (a point estimate)",
    );
    // the Settings tab says its fitted state is the run's own, not the point's
    await page.locator('vscode-tab-header', { hasText: 'Settings' }).click();
    assert.match(
      await page.locator('[data-testid="settings-note"]').innerText(),
      new RegExp(`not of ${setting('band', point.value).replace('.', '\\.')} shown as “after”`),
    );
    // the sweep plot: hover a point for its setting, click it to show it as "after"
    await page.locator('vscode-tab-header', { hasText: 'Sweep over band' }).click();
    const index = await isolatedPoint(page);
    const target = page.locator(`[data-testid="point-${index}"]`);
    // the focused view (and its Show all line) can leave the point below the fold: scrolled to, as a user would
    await target.scrollIntoViewIfNeeded();
    const box = (await target.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('.chart-tooltip').waitFor({ state: 'visible' });
    const tip = await page.locator('.chart-tooltip').innerText();
    assert.ok(tip.includes(setting('band', report.tradeoff[index]!.value)), tip);
    assert.doesNotMatch(tip, /\d\.\d{7,}/, 'rounded values');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    assert.match(
      await page.locator('[data-testid="after-setting"]').innerText(),
      new RegExp(`shows ${setting('band', report.tradeoff[index]!.value).replace('.', '\\.')} \\(point ${index + 1} of`),
    );
    await page.close();
  });

  it('says in the header which tolerance the run used and which one "after" shows, the Set…/Change… link kept', async () => {
    const page = await open({ kind: 'mitigation', report: sweptReport() });
    const header = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll('main > p')).map((p) => [p.getAttribute('data-testid'), (p as HTMLElement).innerText.replace(/\s+/g, ' ').trim()]),
      );
    const run = 'post-processing · before and after both measured on the 1,000 rows of the held-out file test.csv';
    const shared = [
      ['columns-summary', 'Columns: Label outcome · Sensitive group · Score score'],
      ['positive-meaning', 'A positive prediction (predicting outcome = 1) is favourable: groups with lower selection rates are disadvantaged — Change…'],
      ['features-summary', 'Features: age, priors (never the sensitive attribute group)'],
      ['features-left-out', 'Left out: sex (a sensitive attribute of the file, or listed not to learn from)'],
    ];
    assert.deepEqual(await header(), [
      [null, `${run} · 1.5 s — Open predictions.csv · model.json`],
      ...shared,
      ['settings-summary', 'Settings: Constraint demographic-parity · Tolerance 0.01 · Objective accuracy'],
      ['after-setting', "“After” is the run's own result: tolerance = 0.01 (point 2 of 3 of the sweep)."],
    ]);
    await page.locator('[data-testid="sweep-chooser"]').selectOption('2');
    await page.waitForFunction(() => document.querySelector('[data-testid="after-setting"]')?.textContent?.startsWith('“After” shows'));
    assert.deepEqual(await header(), [
      [null, `${run} · 1.5 s for the whole run, not for this point — Open predictions.csv · model.json`],
      ...shared,
      ['settings-summary', "Settings: Constraint demographic-parity · Tolerance 0.01 for the run's own result · Objective accuracy"],
      ['after-setting', "“After” shows tolerance = 0.1 (point 3 of 3 of the sweep), not the run's own result (tolerance = 0.01)."],
      [
        'own-files',
        "model.json and predictions.csv beside this report are the run's own result (tolerance = 0.01), not tolerance = 0.1's: run the method again with tolerance = 0.1 to get its model.",
      ],
    ]);
    await screenshotThemes(page, 'mitigation-header-sweep-point');
    await page.close();
  });

  it('says under "after" that a randomized decision is shown in expectation, with the seeded draw of the point shown', async () => {
    const page = await open({ kind: 'mitigation', report: randomizedReport() });
    const lines = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll('main > p')).map((p) => [p.getAttribute('data-testid'), (p as HTMLElement).innerText.replace(/\s+/g, ' ').trim()]),
      );
    const after = async () => (await lines()).slice(-2);
    assert.deepEqual(await after(), [
      ['after-setting', "“After” is the run's own result: tolerance = 0.01 (point 2 of 3 of the sweep)."],
      ['randomized', RANDOMIZED_LINES.own],
    ]);
    await page.locator('[data-testid="sweep-chooser"]').selectOption('2');
    await page.waitForFunction(() => document.querySelector('[data-testid="after-setting"]')?.textContent?.startsWith('“After” shows'));
    // a sweep point also gets the line on whose files sit beside the report, after it
    assert.deepEqual(
      (await after()).map(([id]) => id),
      ['randomized', 'own-files'],
    );
    assert.deepEqual((await after())[0], ['randomized', RANDOMIZED_LINES.third]);
    await page.close();
  });

  it('plots the comparison: a tooltip per point, and a click opens exactly that run and setting', async () => {
    const page = await open({ kind: 'comparison', comparison });
    const index = await isolatedPoint(page, 'threshold');
    const p = comparison.points[index]!;
    const target = page.locator(`[data-testid="point-${index}"]`);
    const box = (await target.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('.chart-tooltip').waitFor({ state: 'visible' });
    const tip = await page.locator('.chart-tooltip').innerText();
    assert.ok(tip.startsWith('threshold'), tip);
    assert.ok(tip.includes(setting(p.parameter, p.value)) && tip.includes(`accuracy ${round3(p.accuracy!)}`) && tip.includes(round3(p.fairness!)), tip);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const message = (await posted(page)).at(-1) as Extract<WebviewToExtension, { type: 'openReport' }>;
    assert.deepEqual(message, { type: 'openReport', path: p.report, sweepIndex: p.sweepIndex, method: 'threshold', setting: setting(p.parameter, p.value) });
    // the message names a setting of that report whose figures are the point's
    const swept = JSON.parse(readFileSync(message.path, 'utf8')).tradeoff[message.sweepIndex!] as MitigationReport['tradeoff'][number];
    assert.deepEqual(
      [swept.parameter, swept.value, swept.accuracy, swept.aggregates['demographic_parity_difference']],
      [p.parameter, p.value, p.accuracy, p.fairness],
    );
    // the keyboard reaches the points too: Tab into the plot, arrows, Enter
    await page.locator('[data-testid="show-all"]').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    const focused = await page.evaluate(() => (document.activeElement as HTMLElement).dataset['testid']);
    await page.keyboard.press('Enter');
    const byKeyboard = (await posted(page)).at(-1) as Extract<WebviewToExtension, { type: 'openReport' }>;
    const chosen = comparison.points[Number(focused!.replace('point-', ''))]!;
    assert.deepEqual([byKeyboard.path, byKeyboard.sweepIndex], [chosen.report, chosen.sweepIndex]);
    // how each method was fitted (docs/comparison-json.md: post-processing on the base model's
    // out-of-fold training scores, the others on the training rows), every point on the test file
    const protocol = await page.locator('[data-testid="protocol"]').innerText();
    assert.match(protocol, /reweighing on the training rows/);
    assert.match(protocol, /(threshold, reject-option|reject-option, threshold) on the base model's out-of-fold scores of the training rows/);
    // and the criterion of the one method here that has one to choose, the measure compared's
    assert.match(
      protocol,
      /Every point is scored on test\.csv\. Each method’s report measures its change from the unmitigated model\. Fitted with a fairness criterion: threshold for demographic parity\.$/,
    );
    assert.deepEqual(await pageErrors(page), { violations: [], alerts: 0 });
    await page.close();
  });

  it('focuses on the useful region and shows every point on request', async () => {
    const page = await open({ kind: 'comparison', comparison: allMethods });
    const visible = () => page.locator('.point-target:not([hidden])').count();
    const focused = await visible();
    const note = await page.locator('[data-testid="outside-note"]').innerText();
    const outside = Number(/^(\d+) of (\d+) points/.exec(note)![1]);
    assert.ok(outside > 20, note);
    assert.equal(focused, allMethods.points.length - outside);
    // every Pareto-optimal point and the unmitigated model are in the focused view
    for (const [i, p] of allMethods.points.entries())
      if (p.pareto) assert.equal(await page.locator(`[data-testid="point-${i}"]`).isHidden(), false, `${p.method} ${p.value}`);
    await screenshotThemes(page, 'comparison-focused');
    await page.locator('[data-testid="show-all"]').click();
    await page.waitForTimeout(100);
    assert.equal(await visible(), allMethods.points.length);
    assert.equal(await page.locator('[data-testid="show-all"]').innerText(), 'Focus on the useful region');
    await screenshotThemes(page, 'comparison-all');
    // no text of the plot overlaps another (axis names, tick labels, the unmitigated label), nor the heading
    const overlaps = await page.locator('[data-testid="tradeoff-chart"] svg').evaluate((svg) => {
      const boxes = Array.from(svg.querySelectorAll('text'))
        .filter((t) => (t.textContent ?? '').trim() !== '')
        .map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() }));
      const hits: string[] = [];
      boxes.forEach((a, i) =>
        boxes.slice(i + 1).forEach((b) => {
          if (a.box.left < b.box.right && b.box.left < a.box.right && a.box.top < b.box.bottom && b.box.top < a.box.bottom) hits.push(`${a.text} / ${b.text}`);
        }),
      );
      return hits;
    });
    assert.deepEqual(overlaps, []);
    const heading = (await page.locator('h1').boundingBox())!;
    assert.ok(heading.y + heading.height < (await page.locator('[data-testid="tradeoff-chart"]').boundingBox())!.y, 'the title is above the plot');
    // the legend names every method in full, each with its own colour and marker
    const methods = [...new Set(allMethods.points.map((p) => p.method))];
    assert.equal(methods.length, 10);
    const legend = await page.locator('ul.legend li[data-method]').evaluateAll((items) =>
      items.map((li) => ({
        text: (li as HTMLElement).innerText,
        width: li.scrollWidth - li.clientWidth,
        path: li.querySelector('path')!.getAttribute('d'),
        fill: li.querySelector('path')!.getAttribute('fill'),
      })),
    );
    assert.deepEqual(
      legend.map((l) => l.text),
      methods,
    );
    assert.ok(
      legend.every((l) => l.width === 0),
      'no legend label is cut',
    );
    assert.equal(new Set(legend.map((l) => l.path)).size, 10, 'ten markers');
    assert.equal(new Set(legend.map((l) => l.fill)).size, 10, 'ten colours');
    await page.close();
  });

  it('verdict and flag text keeps 4.5:1 against the editor in light and dark themes (VS Code default status colours)', async () => {
    // the threshold run is fairer on demographic parity and less accurate: both verdict colours
    const mitigation = await open({ kind: 'mitigation', report: reports.get('threshold')! });
    const audit = await open({ kind: 'audit', report: compas });
    // text needs 4.5:1 against the page (WCAG 2.1, test/support/contrast.ts)
    for (const theme of ['light', 'dark'] as const) {
      for (const [page, selector] of [
        [mitigation, 'td.good'],
        [mitigation, 'td.bad'],
        [audit, 'td.flag'],
      ] as const) {
        await useTheme(page, theme);
        const found = await page.evaluate((s) => {
          const element = document.querySelector(s);
          return element ? [getComputedStyle(element).color, getComputedStyle(document.body).backgroundColor] : null;
        }, selector);
        assert.ok(found, `${selector} on the page`);
        const [colour, background] = found as [string, string];
        assert.ok(contrast(colour, background) >= 4.5, `${theme} ${selector}: ${colour} on ${background} is ${contrast(colour, background).toFixed(2)}:1`);
      }
    }
    await mitigation.close();
    await audit.close();
  });

  it('draws the plot in the high-contrast palette under a high-contrast theme, forced colours on', async () => {
    // as the VS Code suite switches to high contrast: the system's forced colours, then VS Code's variables
    const page = await open({ kind: 'comparison', comparison });
    await page.emulateMedia({ forcedColors: 'active' });
    await useTheme(page, 'high-contrast');
    const legend = await page.locator('figure.tradeoff > div').last().innerHTML();
    // high contrast's own palette: the dark one made lighter, 7:1 on black
    assert.ok(
      legend.toLowerCase().includes(`fill="${HIGH_CONTRAST_SERIES[0]!.toLowerCase()}"`),
      `the first method in ${HIGH_CONTRAST_SERIES[0]}: ${legend.slice(0, 300)}`,
    );
    await page.close();
  });

  it('saves screenshots of every view in the light, dark and high-contrast themes', async () => {
    const audit = await open({ kind: 'audit', report: compas });
    for (const [tab, name] of [
      ['Groups', 'groups'],
      ['Against the reference', 'reference'],
      ['Aggregates', 'aggregates'],
      ['Charts', 'charts'],
    ]) {
      await audit.locator('vscode-tab-header', { hasText: tab }).click();
      await screenshotThemes(audit, `audit-${name}`);
    }
    await audit.locator('[data-testid="grouping-chooser"]').selectOption({ label: 'race × sex' });
    await audit.locator('vscode-tab-header', { hasText: 'Groups' }).click();
    await screenshotThemes(audit, 'audit-intersection');
    await audit.close();
    // a run whose settings nest: per-group thresholds
    const threshold = await open({ kind: 'mitigation', report: reports.get('threshold')! });
    for (const [tab, name] of [
      ['Before and after', 'before-after'],
      ['Per group', 'per-group'],
      ['Settings', 'settings'],
    ]) {
      await threshold.locator('vscode-tab-header', { hasText: tab }).click();
      await screenshotThemes(threshold, `mitigation-threshold-${name}`);
    }
    await threshold.close();
    const mitigation = await open({ kind: 'mitigation', report: reports.get('reject-option')! });
    for (const [tab, name] of [
      ['Before and after', 'before-after'],
      ['Per group', 'per-group'],
      ['Settings', 'settings'],
      ['Sweep over band', 'sweep'],
      ['Charts', 'charts'],
    ]) {
      await mitigation.locator('vscode-tab-header', { hasText: tab }).click();
      await mitigation.waitForTimeout(100);
      await screenshotThemes(mitigation, `mitigation-${name}`);
    }
    await mitigation.close();
    const three = await open({ kind: 'comparison', comparison });
    const target = three.locator('.point-target:not([hidden])').nth(3);
    const box = (await target.boundingBox())!;
    await three.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await three.locator('.chart-tooltip').waitFor({ state: 'visible' });
    await three.screenshot({ path: path.join(screenshots, 'comparison-tooltip-light.png') });
    await three.close();
    // a comparison of seven methods on UCI Adult (the stored run, see the fixtures' README)
    const adult = await open({
      kind: 'comparison',
      comparison: JSON.parse(readFileSync(path.join(root, 'test/fixtures/webview/adult-comparison-view.json'), 'utf8')) as ComparisonView,
    });
    await screenshotThemes(adult, 'comparison-adult-focused');
    await adult.locator('[data-testid="show-all"]').click();
    await screenshotThemes(adult, 'comparison-adult-all');
    await adult.close();
  });
});
