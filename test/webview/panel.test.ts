/// <reference lib="dom" />
// The built panel (dist/webview.js inside the extension's own page and CSP) in Debian's Chromium.
// Only the VS Code host is stood in for: `acquireVsCodeApi` answers `ready` with the content, as
// the extension does, and keeps the state the page saves.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Browser, chromium, Page } from 'playwright-core';
import { panelHtml } from '../../client/src/panel-html';
import { runAudit } from '../../server/src/services/audit';
import type { AuditReport } from '../../common/reports/audit';
import type { MitigationReport } from '../../common/reports/mitigation';
import { summarizeOutcomes } from '../../server/src/engine/audit/outcomes';
import type { PanelContent } from '../../common/protocol';

const root = path.resolve(__dirname, '../../..');
const screenshots = path.join(root, '.vscode-test');

/** A few VS Code theme variables (Light+ / Dark+), set on <html> the way VS Code sets them. */
const THEMES = {
  light: { '--vscode-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff', '--vscode-descriptionForeground': '#717171', '--vscode-panel-border': '#e5e5e5', '--vscode-editorWarning-foreground': '#bf8803', '--vscode-focusBorder': '#005fb8', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-red': '#e51400', '--vscode-charts-green': '#388a34', '--vscode-charts-yellow': '#bf8803', '--vscode-charts-purple': '#652d90', '--vscode-charts-orange': '#d18616', '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px' },
  dark: { '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1f1f1f', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-panel-border': '#2b2b2b', '--vscode-editorWarning-foreground': '#cca700', '--vscode-focusBorder': '#0078d4', '--vscode-charts-blue': '#3794ff', '--vscode-charts-red': '#f14c4c', '--vscode-charts-green': '#89d185', '--vscode-charts-yellow': '#cca700', '--vscode-charts-purple': '#b180d7', '--vscode-charts-orange': '#d18616', '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px' },
};

describe('webview panel in Chromium', () => {
  let server: Server;
  let origin: string;
  let browser: Browser;
  let compas: AuditReport;
  let hostile: AuditReport;

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
    const script = readFileSync(path.join(root, 'dist/webview.js'));
    server = createServer((request, response) => {
      if (request.url === '/webview.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      } else {
        response.writeHead(200, { 'content-type': 'text/html' }).end(panelHtml(origin, `${origin}/webview.js`, 'dGVzdC1ub25jZQ=='));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    mkdirSync(screenshots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  /** Opens the panel page with a stand-in host that answers `ready` with `content`. */
  async function open(content: PanelContent, theme: keyof typeof THEMES = 'light'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.addInitScript(
      ({ content, variables }) => {
        const host = window as unknown as { posted: unknown[]; violations: string[]; alerts: number; acquireVsCodeApi: unknown };
        host.posted = [];
        host.violations = [];
        host.alerts = 0;
        window.alert = () => void host.alerts++;
        document.addEventListener('securitypolicyviolation', (event) => host.violations.push(`${event.violatedDirective} ${event.blockedURI}`));
        document.addEventListener('DOMContentLoaded', () => {
          for (const [name, value] of Object.entries(variables)) document.documentElement.style.setProperty(name, value);
        });
        let state: unknown = JSON.parse(sessionStorage.getItem('state') ?? 'null') ?? undefined;
        host.acquireVsCodeApi = () => ({
          postMessage(message: { type: string }) {
            host.posted.push(message);
            if (message.type === 'ready') window.postMessage({ type: 'show', content, view: {} }, '*');
          },
          getState: () => state,
          setState(next: unknown) {
            state = next;
            sessionStorage.setItem('state', JSON.stringify(next));
          },
        });
      },
      { content, variables: THEMES[theme] },
    );
    await page.goto(origin);
    await page.locator('h1').first().waitFor();
    return page;
  }

  async function pageErrors(page: Page): Promise<{ violations: string[]; alerts: number }> {
    return page.evaluate(() => {
      const host = window as unknown as { violations: string[]; alerts: number };
      return { violations: host.violations, alerts: host.alerts };
    });
  }

  it('shows every grouping as a tab with the report values, intervals and charts', async () => {
    const page = await open({ kind: 'audit', report: compas });
    const tabs = page.locator('vscode-tab-header');
    assert.deepEqual(await tabs.allTextContents(), ['By race', 'By sex', 'By race × sex']);
    // First tab: the race table, groups by decreasing size (the report's order).
    const race = compas.groupings[0]!;
    const rows = page.locator('vscode-tab-panel').first().locator('table.metrics').first().locator('tbody tr');
    assert.equal(await rows.count(), race.groups.length + 1);
    const first = await rows.first().locator('td').allInnerTexts();
    const group = race.groups[0]!;
    assert.equal(first[0], 'African-American');
    assert.equal(first[1], String(group.count));
    const selection = group.metrics['selection_rate']!;
    const interval = group.intervals['selection_rate']!;
    assert.equal(first[3], `${selection.toFixed(3)} [${interval[0].toFixed(3)}, ${interval[1].toFixed(3)}]`);
    const panelText = await page.locator('vscode-tab-panel').first().innerText();
    assert.match(panelText, new RegExp(`demographic_parity_difference\\s+${race.aggregates['demographic_parity_difference']!.toFixed(3)}`));
    // bar charts with whiskers, and the score CDFs
    assert.ok((await page.locator('vscode-tab-panel').first().locator('svg.chart').count()) >= 5);
    assert.ok((await page.locator('vscode-tab-panel').first().locator('svg.chart path.whisker').count()) >= race.groups.length);
    assert.equal(await page.locator('vscode-tab-panel').first().locator('svg.chart .series').count(), race.groups.length);
    assert.match(await page.locator('body').innerText(), /US employment-law heuristic/);
    assert.deepEqual(await pageErrors(page), { violations: [], alerts: 0 });
    await page.screenshot({ path: path.join(screenshots, 'panel-light.png'), fullPage: true });
    await page.close();
  });

  it('renders the same report in the dark theme', async () => {
    const page = await open({ kind: 'audit', report: compas }, 'dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(31, 31, 31)');
    await page.screenshot({ path: path.join(screenshots, 'panel-dark.png'), fullPage: true });
    await page.close();
  });

  it('shows a hostile column name and group values as text, running nothing', async () => {
    const page = await open({ kind: 'audit', report: hostile });
    const text = await page.locator('body').innerText();
    assert.ok(text.includes('<img src=x onerror=alert(1)>'), 'the column name is shown literally');
    assert.ok(text.includes('<script>alert(2)</script>'), 'the group value is shown literally');
    assert.ok(text.includes('B&amp;'), 'an entity-like value is not decoded');
    assert.equal(await page.locator('main img, main script').count(), 0);
    // the chart labels too (SVG <text>)
    assert.ok((await page.locator('svg.chart text.label').allTextContents()).includes('<script>alert(2)</script>'));
    assert.deepEqual(await pageErrors(page), { violations: [], alerts: 0 });
    await page.close();
  });

  it('sorts a column from the keyboard and keeps the view after a reload', async () => {
    const page = await open({ kind: 'audit', report: compas });
    const panel = page.locator('vscode-tab-panel').first();
    const header = panel.locator('th button', { hasText: 'select' });
    await header.focus();
    await page.keyboard.press('Enter'); // descending first
    const byRate = [...compas.groupings[0]!.groups].sort((a, b) => b.metrics['selection_rate']! - a.metrics['selection_rate']!);
    const firstColumn = async () => (await panel.locator('table.metrics').first().locator('tbody tr td:first-child').allInnerTexts()).map((t) => t.replace(' ⚠', ''));
    assert.deepEqual((await firstColumn()).slice(0, -1), byRate.map((g) => Object.values(g.key).join(' & ')));
    assert.equal(await panel.locator('th[aria-sort="descending"]').count(), 1);
    await page.keyboard.press('Enter'); // focus stays on the header: ascending now
    assert.deepEqual((await firstColumn()).slice(0, -1), [...byRate].reverse().map((g) => Object.values(g.key).join(' & ')));
    // switch to the third tab, reload: the saved state brings back the tab and the sort
    await page.locator('vscode-tab-header').nth(2).click();
    await page.reload();
    await page.locator('h1').first().waitFor();
    assert.equal(await page.locator('vscode-tabs').getAttribute('selected-index'), '2');
    assert.equal(await page.locator('vscode-tab-panel').first().locator('th[aria-sort="ascending"]').count(), 1);
    await page.close();
  });

  it('asks the extension to export, or to run a mitigation on the audited file, from the toolbar', async () => {
    const page = await open({ kind: 'audit', report: compas });
    await page.locator('vscode-button', { hasText: 'Export HTML' }).click();
    const posted = await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted);
    assert.deepEqual(posted.at(-1), { type: 'export', format: 'html' });
    await page.locator('vscode-button', { hasText: 'Run Mitigation…' }).click();
    const after = await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted);
    assert.deepEqual(after.at(-1), { type: 'runMitigation' });
    await page.close();
  });

  it('exports a self-contained HTML report (parity audit --format html) that shows hostile strings as text', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'parity-html-')), 'report.html');
    const fixtureFile = path.join(root, 'test/fixtures/webview/hostile.csv');
    const result = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'audit', fixtureFile, '--label', 'label', '--prediction', 'prediction', '--sensitive', '<img src=x onerror=alert(1)>', '--bootstrap', '0', '--format', 'html', '--out', out], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const html = readFileSync(out, 'utf8');
    assert.doesNotMatch(html, /<script/i, 'no script: readable with scripts off');
    const urls = new Set(html.match(/https?:\/\/[^"\s]+/g) ?? []);
    assert.deepEqual([...urls], ['http://www.w3.org/2000/svg'], 'nothing to fetch; the only URL is the SVG namespace');
    const page = await browser.newPage();
    const alerts: string[] = [];
    page.on('dialog', (dialog) => void dialog.dismiss().then(() => alerts.push(dialog.message())));
    await page.goto(pathToFileURL(out).toString());
    const text = await page.locator('body').innerText();
    assert.ok(text.includes('<img src=x onerror=alert(1)>') && text.includes('<script>alert(2)</script>'));
    assert.equal(await page.locator('img, script').count(), 0);
    // the exported table holds the audit's figures: selection rate 3/5 = 0.600 for "B&amp;" (hand count of the fixture)
    assert.match(text, /B&amp;\t5\t0\.600\t0\.600/);
    assert.ok((await page.locator('svg.chart').count()) >= 4);
    assert.deepEqual(alerts, []);
    await page.close();
  });

  it('shows a mitigation run before and after, and a comparison whose points open their reports', async () => {
    const groups = ['a', 'a', 'a', 'b', 'b', 'b'];
    const labels = [1, 0, 1, 1, 0, 0];
    const report: MitigationReport = {
      schemaVersion: 1,
      method: 'example',
      kind: 'post-processing',
      task: 'classification',
      files: { inputs: { data: '/tmp/in.csv' }, predictions: '/tmp/out/predictions.csv', model: '/tmp/out/model.json', report: '/tmp/out/report.json' },
      columns: { label: 'y', sensitive: ['s'], prediction: null, score: 's', added: ['example_prediction'] },
      parameters: {},
      evaluatedOn: 'train',
      before: summarizeOutcomes({ task: 'classification', labels, predictions: [1, 1, 1, 0, 0, 0], groups }),
      after: summarizeOutcomes({ task: 'classification', labels, predictions: [1, 0, 1, 1, 0, 1], groups }),
      tradeoff: [],
      seconds: 0.5,
      warnings: [],
    };
    const page = await open({ kind: 'mitigation', report });
    const text = await page.locator('body').innerText();
    // demographic parity difference: before |3/3 - 0/3| = 1, after |2/3 - 2/3| = 0 (hand computed)
    assert.match(text, /demographic_parity_difference\s+1\s+0\.000/);
    await page.close();

    const comparison = await open({
      kind: 'comparison',
      comparison: {
        title: 'Methods on example',
        fairnessMetric: 'demographic_parity_difference',
        reference: { accuracy: 0.8, fairness: 0.3 },
        points: [
          { method: 'm1', parameter: 'strength', value: 1, accuracy: 0.78, fairness: 0.02, pareto: true, report: '/tmp/m1/report.json' },
          { method: 'm2', parameter: 'strength', value: 1, accuracy: 0.7, fairness: 0.05, pareto: false, report: '/tmp/m2/report.json' },
        ],
      },
    });
    assert.equal(await comparison.locator('svg.chart circle.pareto').count(), 1);
    await comparison.locator('svg.chart circle[data-index="1"]').focus();
    await comparison.keyboard.press('Enter');
    const posted = await comparison.evaluate(() => (window as unknown as { posted: unknown[] }).posted);
    assert.deepEqual(posted.at(-1), { type: 'openReport', path: '/tmp/m2/report.json' });
    await comparison.close();
  });
});
