// Parquet files and database tables driven as a user drives them, in a real VS Code (code-server
// 4.139) with the packaged .vsix: Explorer right-click on a Parquet file, "Parity: Audit Database
// Table…" against the real PostgreSQL of scripts/db/start.sh (Add Connection…, the password box,
// the table picker, the column questions), and its errors with their buttons. Expected figures are
// recounted from the bundled example's CSV text. Screenshots of every step in light, dark and
// high-contrast themes go to .vscode-test/screenshots (db-*.png).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { databaseServers, loadCsvTable, writeParquetCopy } from '../databases';
import type { VsCode } from '../launch';
import { root } from '../workspace';
import { EXAMPLE, expectedByRace } from './compas-files';
import { openWorkbench, THEME_SETTINGS, userFlow, Workbench } from './workbench';

const SHOTS = path.join(root, '.vscode-test/screenshots');
const TABLE = 'court_decisions';

let vscode: VsCode;
let ui: Workbench;
let workspace: string;
let servers: ReturnType<typeof databaseServers>;
let admin: pg.Client;

/**
 * The records a GROUP BY over the audited columns returns (the inferred sensitive sex, age_cat and
 * race, the label and the score): their distinct combinations in the CSV text, with thousands separators.
 */
function expectedRecords(): string {
  const [header, ...lines] = readFileSync(EXAMPLE, 'utf8').trimEnd().split('\n');
  const at = ['sex', 'age_cat', 'race', 'two_year_recid', 'decile_score'].map((name) => header!.split(',').indexOf(name));
  const distinct = new Set(lines.map((line) => at.map((i) => line.split(',')[i]).join('\t'))).size;
  return String(distinct).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** The race table of a report panel: each group's rows and selection rate (the point estimate) as shown. */
async function shownByRace(heading: RegExp): Promise<Map<string, { n: number; rate: string }>> {
  const panel = await ui.panelFrame(heading);
  await panel.locator('[data-testid="grouping-chooser"]').selectOption({ label: 'race' });
  const table = panel.locator('[data-testid="groups-table"]');
  await table.filter({ hasText: 'African-American' }).waitFor({ timeout: 30_000 });
  const headers = (await table.locator('thead th').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  const [rows, rate] = [headers.indexOf('Rows'), headers.indexOf('Selection rate')];
  const shown = new Map<string, { n: number; rate: string }>();
  for (const row of await table.locator('tbody tr').all()) {
    const cells = await row.locator('td').allInnerTexts();
    const group = cells[0]!.trim().split(/\s+(reference|small)$/)[0]!;
    if (group !== 'overall') shown.set(group, { n: Number(cells[rows]!.replace(/,/g, '')), rate: cells[rate]!.trim().split(/\s+/)[0]! });
  }
  return shown;
}

function assertFiguresOfTheCsv(shown: Map<string, { n: number; rate: string }>): void {
  const expected = expectedByRace();
  assert.deepEqual([...shown.keys()].sort(), [...expected.keys()].sort());
  for (const [group, { n, rate }] of expected) assert.deepEqual(shown.get(group), { n, rate: rate.toFixed(3) }, group);
}

/** The run lines under the panel's heading. */
async function runLines(heading: RegExp): Promise<string[]> {
  return (await ui.panelFrame(heading)).locator('ul.run li').allInnerTexts();
}

/** What is on screen now, in the three themes. */
async function screenshots(view: string): Promise<void> {
  await ui.screenshotsInThemes((kind) => path.join(SHOTS, `db-${view}-${kind}.png`));
}

/** The saved connections, as VS Code wrote them to the user settings. */
function savedConnections(): { name: string; url: string }[] {
  return (JSON.parse(readFileSync(vscode.settingsFile, 'utf8')) as { 'parity.connections'?: { name: string; url: string }[] })['parity.connections'] ?? [];
}

/** Palette > Parity: Audit Database Table… > Add Connection… with a name and a URL, up to the password box. */
async function addConnection(name: string, url: string, shoot = false): Promise<void> {
  await ui.palette('Parity: Audit Database Table…');
  await ui.quickTitle(/Audit Database Table: connection/);
  if (shoot) await screenshots('connection-picker');
  await ui.pick('Add Connection…');
  if (shoot) {
    // the URL typed where the name goes (as the cold try did) is refused there, with where it goes
    await ui.quickTitle(/\(1\/2\): name/);
    await ui.quickInputBox().fill(url);
    await ui.page.locator('.quick-input-widget', { hasText: 'This is a URL: the next step asks for it.' }).waitFor({ timeout: 30_000 });
    await ui.enter();
    await ui.page.waitForTimeout(500);
    await ui.quickTitle(/\(1\/2\): name/); // Enter did not move on
    await screenshots('connection-name-is-url');
  }
  await ui.type(/\(1\/2\): name/, name);
  await ui.quickTitle(/\(2\/2\): URL/);
  await ui.quickInputBox().fill(url);
  if (shoot) await screenshots('connection-url');
  await ui.enter();
}

const flow = userFlow(() => ui, SHOTS, 'db-');

describe('Parquet and databases in VS Code, as a user drives them', { timeout: 900_000 }, () => {
  let url: string;
  let password: string;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    servers = databaseServers();
    url = servers.variables.PARITY_POSTGRES_URL!;
    password = servers.variables.PARITY_POSTGRES_PASSWORD!;
    const target = new URL(url);
    target.password = password;
    admin = new pg.Client({ connectionString: target.toString() });
    await admin.connect();
    await loadCsvTable(admin, TABLE, EXAMPLE);
    workspace = mkdtempSync(path.join(tmpdir(), 'parity-ui-db-'));
    cpSync(EXAMPLE, path.join(workspace, 'compas-two-years.csv'));
    // the Parquet file a user would have: the example written by DuckDB, every column as text
    await writeParquetCopy(EXAMPLE, path.join(workspace, 'compas.parquet'));
    ({ vscode, ui } = await openWorkbench(workspace, { 'workbench.secondarySideBar.defaultVisibility': 'hidden', ...THEME_SETTINGS }, 'compas.parquet'));
  });

  after(async () => {
    await vscode?.close();
    await admin?.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
    await admin?.end();
    servers?.stop();
  });

  flow('right-click a Parquet file > Parity > Audit Fairness opens the panel with the figures of the CSV', async () => {
    await ui.explorerMenu('compas.parquet', 'Parity', 'Audit Fairness');
    // decile_score is 1-10, not a probability: the same question as for the CSV file, Enter takes 5
    assert.equal(await ui.quickTitle(/decile_score/), 'Parity: "decile_score" is a score from 1 to 10, not a probability');
    assert.match(await ui.activeItem(), /^Threshold 5/);
    await ui.enter();
    const heading = /^Fairness audit: compas\.parquet$/;
    assertFiguresOfTheCsv(await shownByRace(heading));
    const lines = await runLines(heading);
    assert.equal(lines[0], 'Source: Parquet file compas.parquet');
    assert.ok(lines.includes(`Counted by DuckDB: ${expectedRecords()} aggregated records for 7,214 rows`), lines.join(' | '));
  });

  flow('Audit Database Table… > Add Connection… > password > table > questions: the panel names PostgreSQL and who counted', async () => {
    await addConnection('warehouse', url, true);
    assert.equal(await ui.quickTitle(/password of warehouse/), 'Parity: password of warehouse');
    await ui.quickInputBox().fill(password);
    assert.equal(await ui.quickInputBox().getAttribute('type'), 'password', 'the password is not shown');
    await screenshots('password');
    await ui.enter();
    await ui.quickTitle(/Audit Database Table: warehouse/);
    await ui.quickPickRow(new RegExp(`^${TABLE}$`)).waitFor({ timeout: 30_000 });
    await screenshots('table-picker');
    await ui.quickInputBox().fill(TABLE);
    await ui.quickPickRow(new RegExp(`^${TABLE}$`)).click();
    // the column questions of a file: here the threshold of decile_score
    assert.equal(await ui.quickTitle(/decile_score/), 'Parity: "decile_score" is a score from 1 to 10, not a probability');
    await ui.enter();
    const heading = new RegExp(`^Fairness audit: table "${TABLE}"$`);
    assertFiguresOfTheCsv(await shownByRace(heading));
    const lines = await runLines(heading);
    assert.equal(lines[0], `Source: PostgreSQL ${url}, table "${TABLE}"`);
    assert.ok(lines.includes(`Counted by PostgreSQL: ${expectedRecords()} aggregated records for 7,214 rows`), lines.join(' | '));
    await ui.page.keyboard.press('Escape');
    await screenshots('panel-header');
    assert.deepEqual(savedConnections(), [{ name: 'warehouse', url }], 'saved without the password');
    assert.ok(!readFileSync(vscode.settingsFile, 'utf8').includes(password));
  });

  flow('a wrong password is forgotten at once, and Enter Password Again asks for it and goes on to the tables', async () => {
    await addConnection('wrong-password', url);
    await ui.type(/password of wrong-password/, `${password}-wrong`);
    const error = /wrong-password .* refused the user or password; the saved password is forgotten/;
    const toast = await ui.notification(error, 60_000);
    // the likely fix first (the primary button), then the other
    assert.deepEqual(await toast.locator('.monaco-button').allInnerTexts(), ['Enter Password Again', 'Edit Connection…', 'Show Log']);
    await screenshots('error-password');
    await ui.clickNotificationButton(error, 'Enter Password Again');
    await ui.type(/password of wrong-password/, password);
    await ui.quickTitle(/Audit Database Table: wrong-password/);
    await ui.page.keyboard.press('Escape');
    await ui.closeNotifications();
    // the right password was kept this time: the next run goes straight to the tables
    await ui.palette('Parity: Audit Database Table…');
    await ui.quickTitle(/Audit Database Table: connection/);
    await screenshots('connection-picker-saved');
    await ui.pick('wrong-password');
    await ui.quickTitle(/Audit Database Table: wrong-password/);
    await ui.page.keyboard.press('Escape');
  });

  flow('a refused connection: the error offers Edit Connection…, which edits the saved URL', async () => {
    const closed = new URL(url);
    closed.port = '1'; // nothing listens on port 1
    await addConnection('refused', closed.toString());
    await ui.type(/password of refused/, password);
    const error = /refused .* refused the connection: check that the database server runs/;
    const toast = await ui.notification(error, 60_000);
    // no password was refused: only the URL can be the fix
    assert.deepEqual(await toast.locator('.monaco-button').allInnerTexts(), ['Edit Connection…', 'Show Log']);
    await screenshots('error-refused');
    await ui.clickNotificationButton(error, 'Edit Connection…');
    assert.match(await ui.quickTitle(/edit a database connection \(1\/2\): name/), /edit/);
    assert.equal(await ui.quickInputBox().inputValue(), 'refused');
    await ui.enter();
    await ui.quickTitle(/edit a database connection \(2\/2\): URL/);
    assert.equal(await ui.quickInputBox().inputValue(), closed.toString());
    await ui.quickInputBox().fill(url);
    await ui.enter();
    await ui.noQuickInput();
    // VS Code writes the user settings file a moment after the input closes
    for (const started = Date.now(); savedConnections().find((c) => c.name === 'refused')?.url !== url; await ui.page.waitForTimeout(250)) {
      if (Date.now() - started > 10_000) break;
    }
    assert.deepEqual(
      savedConnections().find((c) => c.name === 'refused'),
      { name: 'refused', url },
    );
  });

  flow("a typo in Write a Query… is the query's: Edit Query… reopens it prefilled, and the fixed query is audited", async () => {
    await ui.palette('Parity: Audit Database Table…');
    await ui.quickTitle(/Audit Database Table: connection/);
    await ui.pick('warehouse');
    await ui.quickTitle(/Audit Database Table: warehouse/);
    await ui.pick('Write a Query…');
    const typo = `SELECT * FORM ${TABLE}`;
    await ui.type(/a query of warehouse/, typo);
    const error = /warehouse .* refused the query: .*syntax error.*Edit the query\./;
    const toast = await ui.notification(error, 60_000);
    // the query's fix, not the connection's
    assert.deepEqual(await toast.locator('.monaco-button').allInnerTexts(), ['Edit Query…', 'Show Log']);
    await screenshots('error-query');
    await ui.clickNotificationButton(error, 'Edit Query…');
    await ui.quickTitle(/a query of warehouse/);
    assert.equal(await ui.quickInputBox().inputValue(), typo, 'the refused query, to edit');
    await screenshots('edit-query');
    await ui.quickInputBox().fill(`SELECT * FROM ${TABLE}`);
    await ui.enter();
    // the column questions of the table: here the threshold of decile_score
    await ui.quickTitle(/decile_score/);
    await ui.enter();
    assertFiguresOfTheCsv(await shownByRace(new RegExp(`^Fairness audit: query of ${TABLE}$`)));
    assert.equal(await ui.activeTab(), `Audit: query of ${TABLE}`, 'the tab names what the query reads');
  });
});
