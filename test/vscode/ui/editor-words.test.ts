// What a new user met in a cold try, driven as a user drives it in real VS Code (code-server 4.139,
// the packaged .vsix) through Chromium: the bundled example opened without touching the workspace
// and audited, its "not stated" positive meaning set from the panel; proxy warnings on a Parquet
// file in Problems; the CSV reading settings offered for CSV files only; the mitigation methods and
// the connection URL example readable at the default width; the settings in editor words.
// Screenshots of each view in dark, light and high-contrast themes go to .vscode-test/screenshots.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { adultCsvFiles, SHARED_DATA } from '../../support/adult';
import { folderHashes } from '../../support/cli';
import type { VsCode } from '../launch';
import { root } from '../workspace';
import { openWorkbench, THEME_SETTINGS, userFlow, Workbench } from './workbench';

const SHOTS = path.join(root, '.vscode-test/screenshots');
const SETTINGS = { 'workbench.secondarySideBar.defaultVisibility': 'hidden', ...THEME_SETTINGS };

let vscode: VsCode;
let ui: Workbench;
let workspace: string;

/**
 * What is on screen now, in the dark, light and high-contrast themes (VS Code re-themes a quick
 * input, a panel or a notification in place), ending in dark.
 */
async function screenshots(view: string): Promise<void> {
  await ui.page.mouse.move(150, 600); // no hover tooltip over what is shown
  for (const kind of ['dark', 'light', 'high-contrast', 'dark'] as const) {
    await ui.page.emulateMedia({ colorScheme: kind === 'light' ? 'light' : 'dark', forcedColors: kind === 'high-contrast' ? 'active' : 'none' });
    await ui.page.locator(`.monaco-workbench.${{ light: 'vs', dark: 'vs-dark', 'high-contrast': 'hc-black' }[kind]}`).waitFor({ timeout: 30_000 });
    await ui.page.waitForTimeout(800); // quick inputs fade in, webviews re-theme
    await ui.screenshot(path.join(SHOTS, `${view}-${kind}.png`));
  }
}

/** The rows of the open quick pick, as read (label, description, detail). */
async function quickPickRows(): Promise<string[]> {
  return (await ui.page.locator('.quick-input-widget .monaco-list-row').allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());
}

/** Texts cut with an ellipsis in the open quick input (their full width exceeds their box). */
async function cutTexts(): Promise<string[]> {
  return ui.page.evaluate(() => {
    type Element = { textContent: string | null; scrollWidth: number; clientWidth: number };
    const document = (globalThis as unknown as { document: { querySelectorAll(selector: string): Element[] } }).document;
    const style = globalThis as unknown as { getComputedStyle(element: Element): { textOverflow: string } };
    return Array.from(document.querySelectorAll('.quick-input-widget .monaco-list-row *'))
      .filter((element) => style.getComputedStyle(element).textOverflow === 'ellipsis' && element.scrollWidth > element.clientWidth + 1)
      .map((element) => element.textContent ?? '');
  });
}

/** A palette command of the extension, retried while VS Code is still starting it (its commands not listed yet). */
async function paletteWhenReady(title: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await ui.page.keyboard.press('F1');
    await ui.quickInputBox().waitFor({ timeout: 30_000 });
    await ui.quickInputBox().fill(`>${title}`);
    const row = ui.quickPickRow(new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    if (
      await row.waitFor({ timeout: 2000 }).then(
        () => true,
        () => false,
      )
    ) {
      await row.click();
      return;
    }
    if (attempt > 30) throw new Error(`no "${title}" in the palette`);
    await ui.page.keyboard.press('Escape');
    await ui.page.waitForTimeout(1000);
  }
}

const flow = userFlow(() => ui, SHOTS, 'words-');

/** race, sex and `decision` (yes when the decile score is 5 or more) of the bundled COMPAS sample. */
function compasDecisions(): string {
  const [header, ...lines] = readFileSync(path.join(root, 'examples/compas/compas-two-years.csv'), 'utf8').trimEnd().split('\n');
  const columns = header!.split(',');
  const [race, sex, decile] = ['race', 'sex', 'decile_score'].map((name) => columns.indexOf(name));
  const rows = lines.map((line) => line.split(',')).map((f) => `${f[race!]},${f[sex!]},${Number(f[decile!]) >= 5 ? 'yes' : 'no'}`);
  return ['race,sex,decision', ...rows].join('\n') + '\n';
}

describe('editor words and data files in VS Code, as a user meets them', { timeout: 900_000 }, () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    workspace = mkdtempSync(path.join(tmpdir(), 'parity-ui-words-'));
    cpSync(path.join(root, 'examples/compas/compas-two-years.csv'), path.join(workspace, 'compas.csv'));
    // a model's decisions without the outcome: COMPAS's decile score cut at 5 as yes/no, no two_year_recid
    writeFileSync(path.join(workspace, 'decisions.csv'), compasDecisions());
    // Law School: no column whose name says it is the outcome (first_pf, ZFYA)
    cpSync(path.join(SHARED_DATA, 'law_data.csv'), path.join(workspace, 'law_data.csv'));
    const adult = (await adultCsvFiles()).train;
    cpSync(adult, path.join(workspace, 'adult.csv'));
    // the same rows as a Parquet file, every column as text, written by DuckDB
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const quoted = (file: string) => `'${file.replaceAll("'", "''")}'`;
    await connection.run(
      `COPY (SELECT * FROM read_csv(${quoted(adult)}, all_varchar = true, header = true, quote = '"', escape = '"', strict_mode = false)) TO ${quoted(path.join(workspace, 'adult.parquet'))} (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    ({ vscode, ui } = await openWorkbench(workspace, SETTINGS, 'adult.parquet'));
  });

  after(async () => {
    await vscode?.close();
  });

  flow('Open Example leaves the workspace as it was, opens the example read-only with its columns set, and audits it without a question', async () => {
    const before = folderHashes(workspace);
    await paletteWhenReady('Parity: Open the Bundled Example (COMPAS)');
    // the first open copies it to the extension's storage
    await ui.page.locator('.tabs-container .tab.active', { hasText: 'compas-two-years.csv' }).waitFor({ timeout: 90_000 });
    assert.deepEqual(folderHashes(workspace), before, 'the workspace is byte for byte the same');
    // a key pressed in the example's editor changes nothing: it is read-only
    await ui.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await ui.page.keyboard.type('x');
    await ui.page.waitForTimeout(500);
    assert.ok(!((await ui.page.locator('.tabs-container .tab.active').getAttribute('class')) ?? '').includes('dirty'), 'the example is not edited');
    await ui.page.keyboard.press('Escape');
    // the columns its README describes, said once, with the audit as the next step: no question, no error in Problems
    const said = 'Parity: the COMPAS example, a read-only copy: label two_year_recid (positive: 1); sensitive race, sex.';
    await ui.notification(new RegExp(`${said.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await screenshots('example-opened');
    await ui.page.keyboard.press('Control+Shift+M');
    await ui.page.locator('.markers-panel').waitFor({ timeout: 30_000 });
    assert.equal(await ui.page.locator('.markers-panel .monaco-tl-row', { hasText: /not a probability/ }).count(), 0, 'the score has its threshold');
    await ui.clickNotificationButton(/the COMPAS example/, 'Audit Fairness');
    const heading = /^Fairness audit: compas-two-years\.csv$/;
    const panel = await ui.panelFrame(heading);
    const harmful = 'A positive prediction (predicting two_year_recid = 1) is harmful: groups with higher selection rates are disadvantaged — Change…';
    assert.ok((await panel.locator('ul.run li').allInnerTexts()).includes(harmful), (await panel.locator('ul.run li').allInnerTexts()).join(' | '));
    await panel.locator('vscode-tab-header', { hasText: 'Against the reference' }).click();
    assert.match(
      await panel.locator('vscode-tab-panel:visible p.note').first().innerText(),
      /A positive prediction is harmful: a group whose selection rate is above the reference's \(difference above 0, ratio above 1\) is disadvantaged\./,
    );
    await screenshots('audit-header-harmful');
    // its export is proposed in the workspace, not in Parity's storage where the copy is
    await panel.locator('[data-testid="export-html"]').click();
    assert.equal(await ui.proposedSavePath('.parity.html'), path.join(workspace, 'compas-two-years.csv.parity.html'));
    await ui.page.keyboard.press('Escape');
    assert.deepEqual(folderHashes(workspace), before, 'still the same after the audit');
  });

  flow("the walkthrough's Audit Fairness audits the example, opening it first, without a file question", async () => {
    // every editor closed: the step's button has to open the example itself
    await ui.page.keyboard.press('Escape');
    await ui.palette('View: Close All Editors');
    // found among Parity's commands (cold try 17 looked there; VS Code's own is "Welcome: Open Walkthrough...")
    await ui.palette('Parity: Get Started (Walkthrough)');
    const step = (id: string) => ui.page.locator(`.getting-started-step[data-step-id$="#${id}"]`);
    await step('open').waitFor({ timeout: 30_000 });
    // the first flow opened the example from the palette, before the walkthrough was ever shown: its step is ticked
    await step('open').locator('.codicon-getting-started-step-checked').waitFor({ timeout: 10_000 });
    await step('audit').click();
    await step('audit').getByRole('button', { name: 'Audit Fairness', exact: true }).click();
    await ui.page.locator('.tabs-container .tab', { hasText: 'compas-two-years.csv' }).first().waitFor({ timeout: 30_000 });
    const panel = await ui.panelFrame(/^Fairness audit: compas-two-years\.csv$/);
    assert.ok(
      (await panel.locator('ul.run li').allInnerTexts()).some((line) => line.startsWith('A positive prediction (predicting two_year_recid = 1) is harmful')),
    );
    await ui.noQuickInput();
  });

  flow(
    'a proxy of sex in a Parquet file is in Problems while the file is open, once Configure Columns has its positive value; it leaves with its tab',
    async () => {
      await ui.page.keyboard.press('Escape');
      await ui.explorerRow('adult.parquet').dblclick();
      await ui.page.keyboard.press('Control+Shift+M');
      // income is "<=50K" or ">50K": the quick audit cannot tell the positive value, and says so on the file
      const unclear = ui.page.locator('.markers-panel .monaco-tl-row', { hasText: /cannot tell which label value is positive/ }).first();
      await unclear.waitFor({ timeout: 120_000 });
      // Configure Columns on the Parquet file: its summary, the positive value picked, Use these
      await ui.explorerMenu('adult.parquet', 'Parity', 'Configure Columns…');
      const summary = /^Parity: columns of adult\.parquet$/;
      await ui.quickTitle(summary);
      const rows = await quickPickRows();
      assert.ok(
        rows.some((row) => /^Positive value\s*not inferred: choose one/.test(row)),
        rows.join(' | '),
      );
      await ui.pick('Positive value');
      await ui.quickTitle(/the positive outcome$/);
      await ui.pick('>50K');
      await ui.quickTitle(summary, 'positive outcome');
      await ui.enter();
      // Problems lists every finding of the file (small groups too): narrowed by its filter, as a user would
      await unclear.waitFor({ state: 'detached', timeout: 120_000 });
      const filter = ui.page.locator('[placeholder^="Filter (e.g. text"]').first();
      await filter.fill('predicts `sex`');
      const proxy = ui.page.locator('.markers-panel .monaco-tl-row', { hasText: /`relationship` predicts `sex`/ }).first();
      await proxy.waitFor({ timeout: 120_000 });
      await ui.closeNotifications();
      await ui.page.mouse.move(150, 600);
      await screenshots('problems-parquet');
      await ui.page.locator('.tabs-container .tab', { hasText: 'adult.parquet' }).first().click();
      await ui.page.keyboard.press('Control+W');
      await proxy.waitFor({ state: 'detached', timeout: 60_000 });
      await filter.fill('');
    },
  );

  flow("an audit whose header says a positive outcome's meaning is not stated gets it from Set…", async () => {
    await ui.explorerMenu('adult.parquet', 'Parity', 'Audit Fairness');
    const heading = /^Fairness audit: adult\.parquet$/;
    let panel = await ui.panelFrame(heading);
    const unstated = 'A positive label (income = >50K): not stated whether favourable or harmful — Set…';
    await panel.locator('ul.run li', { hasText: 'not stated' }).waitFor({ timeout: 120_000 });
    assert.ok((await panel.locator('ul.run li').allInnerTexts()).includes(unstated), (await panel.locator('ul.run li').allInnerTexts()).join(' | '));
    await screenshots('audit-header-unstated');
    await panel.locator('[data-testid="set-positive-means"]').click();
    // a label audited alone: the question words it as the header does ("A positive label")
    assert.equal(await ui.quickTitle(/A positive label is$/), 'Parity: adult.parquet: A positive label is');
    await screenshots('positive-means-question');
    const rows = await quickPickRows();
    assert.deepEqual(
      rows.map((row) => row.split(' groups')[0]!.split(' reports')[0]),
      ['Favourable, e.g. a loan granted', 'Harmful, e.g. predicted to reoffend', 'Not stated'],
    );
    // a label audited alone has base rates, as the report then says (cold try 15 read "selection rates" here)
    assert.ok(rows[0]!.includes('groups with lower base rates are disadvantaged'), rows.join(' | '));
    await ui.pick('Favourable, e.g. a loan granted');
    panel = await ui.panelFrame(heading);
    await panel.locator('ul.run li', { hasText: 'is favourable' }).waitFor({ timeout: 30_000 });
    assert.ok(
      (await panel.locator('ul.run li').allInnerTexts()).includes(
        'A positive label (income = >50K) is favourable: groups with lower base rates are disadvantaged — Change…',
      ),
    );
  });

  flow('More settings… offers the CSV reading settings for a CSV file, not for a Parquet file', async () => {
    /** Run Mitigation… > Reweighing, Enter to the review, then More settings…; its description. */
    const moreSettings = async (file: string): Promise<string> => {
      await ui.page.keyboard.press('Escape');
      await ui.explorerMenu(file, 'Parity', 'Run Mitigation…');
      await ui.quickTitle(/run a mitigation/);
      await ui.pick('Reweighing');
      for (let asked = 0, previous: string | undefined; asked < 15; asked++) {
        previous = await ui.quickTitle(/Reweighing/, previous);
        if (/review$/.test(previous)) break;
        // income's values give no positive one and adult.csv has none saved: nothing is highlighted, so it is picked
        await (/Positive label value/.test(previous) ? ui.pick('>50K') : ui.enter());
      }
      const more = (await quickPickRows()).find((row) => row.startsWith('More settings…'))!;
      await ui.pick('More settings…');
      await ui.page.waitForTimeout(500);
      return more;
    };
    /** Whether the review lists a setting, found by typing its name as a user would (the list scrolls). */
    const offered = async (label: string): Promise<boolean> => {
      await ui.quickInputBox().fill(label);
      await ui.page.waitForTimeout(400);
      const names = await ui.page.locator('.quick-input-widget .monaco-list-row .label-name').allInnerTexts();
      await ui.quickInputBox().fill('');
      return names.some((name) => name.trim() === label);
    };
    const csv = ['Delimiter', 'No header row', 'Column names', 'Missing-value markers', 'Comment prefix'];
    assert.match(await moreSettings('adult.csv'), /CSV reading/);
    for (const setting of csv) assert.ok(await offered(setting), `${setting} is offered for adult.csv`);
    assert.doesNotMatch(await moreSettings('adult.parquet'), /CSV reading/);
    await screenshots('more-settings-parquet');
    for (const setting of csv) assert.ok(!(await offered(setting)), `${setting} is not offered for adult.parquet`);
    assert.ok(await offered('Output folder'), 'the other settings stay');
    await ui.page.keyboard.press('Escape');
  });

  flow('the mitigation methods and the connection URL example are read whole at the default width', async () => {
    await ui.explorerMenu('compas.csv', 'Parity', 'Run Mitigation…');
    await ui.quickTitle(/run a mitigation/);
    await screenshots('method-picker-words');
    const rows = await quickPickRows();
    assert.ok(
      rows.some((row) => row.startsWith('Threshold optimizer')),
      rows.join(' | '),
    );
    assert.deepEqual(await cutTexts(), [], 'no method is cut short');
    await ui.page.keyboard.press('Escape');
    await ui.palette('Parity: Audit Database Table…');
    await ui.quickTitle(/Audit Database Table: connection/);
    await ui.pick('Add Connection…');
    await ui.type(/\(1\/2\): name/, 'warehouse');
    await ui.quickTitle(/\(2\/2\): URL/);
    await screenshots('connection-url-words');
    // the example in the empty box fits it: its width in the box's font, against the box's
    const fit = await ui.quickInputBox().evaluate((input) => {
      const box = input as unknown as { placeholder: string; clientWidth: number };
      const style = (globalThis as unknown as { getComputedStyle(e: unknown): { font: string; paddingLeft: string; paddingRight: string } }).getComputedStyle(
        input,
      );
      const canvas = (
        globalThis as unknown as {
          document: { createElement(tag: string): { getContext(kind: string): { font: string; measureText(text: string): { width: number } } } };
        }
      ).document
        .createElement('canvas')
        .getContext('2d');
      canvas.font = style.font;
      return {
        text: box.placeholder,
        width: canvas.measureText(box.placeholder).width,
        room: box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
      };
    });
    assert.ok(fit.width <= fit.room, `"${fit.text}" is ${Math.round(fit.width)} px in a box of ${fit.room} px`);
    assert.match(await ui.page.locator('.quick-input-widget .quick-input-message').innerText(), /clickhouse:\/\/USER@HOST:8123\/DATABASE, or duckdb:PATH/);
    await ui.page.keyboard.press('Escape');
  });

  flow('the settings speak editor words', async () => {
    await ui.page.keyboard.press('Escape');
    await ui.palette('Preferences: Open Settings (UI)');
    // the search box is an editor: click it and type, as a user does
    const search = ui.page.locator('.settings-editor .settings-header .suggest-input-container').first();
    await search.waitFor({ timeout: 30_000 });
    await search.click();
    await ui.page.keyboard.press('Control+A');
    await ui.page.keyboard.type('@ext:parity.parity');
    await ui.page.locator('.settings-editor .setting-item-contents', { hasText: 'Bootstrap' }).first().waitFor({ timeout: 30_000 });
    await screenshots('settings-words');
    const text = await ui.page.locator('.settings-editor .settings-body').innerText();
    assert.match(text, /Diagnostics: Enabled/);
    assert.doesNotMatch(text, /--[a-z]/, 'no command-line flag');
    await ui.page.keyboard.press('Control+W');
  });

  flow("a model's decisions without a label are audited by their selection rates, flagged and compared with the reference", async () => {
    await ui.page.keyboard.press('Escape');
    await ui.explorerMenu('decisions.csv', 'Parity', 'Audit Fairness');
    const panel = await ui.panelFrame(/^Fairness audit: decisions\.csv$/);
    const header = panel.locator('ul.run li', { hasText: /^No label column/ });
    assert.match(await header.innerText(), /the groups' selection rates are compared/);
    assert.ok((await panel.locator('[data-testid="groups-table"] th', { hasText: /^Selection rate/ }).count()) > 0, 'selection rates');
    assert.ok((await panel.locator('[data-testid="groups-table"] th', { hasText: /^Four-fifths flags/ }).count()) > 0, 'a flags column');
    // Caucasian 854 of 2,454 against African-American 2,174 of 3,696 (counted from the file): ratio 0.59, flagged
    assert.match(
      await panel
        .locator('[data-testid="groups-table"] tr', { hasText: /^Caucasian/ })
        .first()
        .innerText(),
      /0\.348/,
    );
    assert.deepEqual(await panel.locator('vscode-tab-header').allInnerTexts(), ['Groups', 'Against the reference', 'Aggregates', 'Charts']);
    await screenshots('audit-decisions-no-label');
    await ui.page.keyboard.press('Control+W');
  });

  flow('a dataset audit without a label says what it compares; its Configure Columns… names the label, and the open audit runs again with it', async () => {
    await ui.page.keyboard.press('Escape');
    await ui.explorerMenu('law_data.csv', 'Parity', 'Audit Fairness');
    let panel = await ui.panelFrame(/^Fairness audit: law_data\.csv$/);
    const header = panel.locator('ul.run li', { hasText: /^No label column/ });
    assert.match(
      await header.innerText(),
      /only the groups' sizes are compared; name the outcome column to compare the groups' base rates \(a binary label\) or means \(a numeric one\), or a model's decision column \(prediction\) to compare its selection rates — Configure Columns…/,
    );
    assert.equal(await panel.locator('[data-testid="groups-table"] th', { hasText: /^Base rate/ }).count(), 0, 'no base rate without a label');
    // sizes alone: no empty flags column, and no reference comparison or aggregates to show
    assert.equal(await panel.locator('[data-testid="groups-table"] th', { hasText: /^Four-fifths flags/ }).count(), 0, 'no flags column');
    assert.deepEqual(await panel.locator('vscode-tab-header').allInnerTexts(), ['Groups', 'Charts']);
    await screenshots('dataset-audit-no-label');
    await header.getByRole('button', { name: 'Configure Columns…' }).click();
    const summary = /^Parity: columns of law_data\.csv$/;
    await ui.quickTitle(summary);
    await ui.pick('Label (true outcome)');
    await ui.quickTitle(/the true outcome \(label\) \(1\/2\)$/);
    await ui.pick('first_pf');
    const positive = await ui.quickTitle(/the positive outcome \(2\/2\)$/);
    await ui.pick('1.0');
    await ui.quickTitle(summary, positive);
    assert.match(await ui.activeItem(), /Use these/);
    await ui.enter();
    await ui.notification(/law_data\.csv: label first_pf \(positive: 1\.0\)/);
    // the same panel, audited again: the label is in its header and the groups have base rates
    const deadline = Date.now() + 120_000;
    for (;;) {
      panel = await ui.panelFrame(/^Fairness audit: law_data\.csv$/);
      const run = await panel
        .locator('ul.run')
        .innerText()
        .catch(() => '');
      if (/label first_pf \(positive "1\.0"\)/.test(run)) break;
      if (Date.now() > deadline) throw new Error(`the audit did not run again with the label: ${run}`);
      await ui.page.waitForTimeout(500);
    }
    assert.equal(await panel.locator('ul.run li', { hasText: /^No label column/ }).count(), 0);
    assert.ok((await panel.locator('[data-testid="groups-table"] th', { hasText: /^Base rate/ }).count()) > 0, 'base rates with the label');
    await ui.closeNotifications();
    // a setting the figures depend on, changed in the workspace's settings file: the open audit says so, and Audit again applies it
    mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    writeFileSync(path.join(workspace, '.vscode/settings.json'), JSON.stringify({ 'parity.bootstrap': 50 }));
    // the panel's frame is looked up again each time: VS Code may recreate a webview's frame
    const inPanel = async (selector: string, text?: RegExp) => {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const frame = await ui.panelFrame(/^Fairness audit: law_data\.csv$/);
        const found = frame.locator(selector, text ? { hasText: text } : {}).first();
        if (await found.isVisible().catch(() => false)) return found;
        if (Date.now() > deadline) throw new Error(`no ${selector} in the law_data.csv audit panel`);
        await ui.page.waitForTimeout(500);
      }
    };
    const stale = await inPanel('[data-testid="stale-settings"]');
    assert.equal(await stale.innerText(), 'Settings changed since this audit: bootstrap resamples 200 → 50 — Audit again');
    await screenshots('audit-stale-settings');
    await (await inPanel('[data-testid="audit-again"]')).click();
    await inPanel('ul.run li', /^Intervals: 95% percentile bootstrap, 50 Poisson resamples/);
    panel = await ui.panelFrame(/^Fairness audit: law_data\.csv$/);
    assert.equal(await panel.locator('[data-testid="stale-settings"]').count(), 0, 'a new audit has no stale settings');
    rmSync(path.join(workspace, '.vscode/settings.json'));
  });
});
