// Runs the extension's mocha suite inside a real VS Code: the code-server build of VS Code 1.139
// (installed by scripts/install-vscode-test.sh) opened in headless Chromium with playwright-core.
// Exit code: 0 when the suite passed and the audit panel rendered in the browser, else 1.
import { formatWithOptions } from 'node:util';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { databaseServers } from './databases';
import { launchVsCode } from './launch';
import { makeTestHost, makeWorkspace, root } from './workspace';

const RUN_TIMEOUT_MS = 180_000;

async function panelText(frames: Frame[]): Promise<string | undefined> {
  for (const frame of frames) {
    const heading = await frame
      .locator('h1')
      .first()
      .textContent({ timeout: 500 })
      .catch(() => null);
    if (heading?.startsWith('Fairness audit')) return frame.locator('body').innerText();
  }
  return undefined;
}

/** `PARITY_TEST_FILES=configure-columns npm run test:vscode`: only those suite files, without the panel check. */
const only = process.env.PARITY_TEST_FILES || undefined;

/** The file's bytes, or none when it went between listing and reading (VS Code, still running, removes its lock files). */
function bytesLeft(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
}

/** Every file under a folder that contains `text`. */
function filesContaining(folder: string, text: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => bytesLeft(file).includes(text));
}

async function main(): Promise<number> {
  const workspace = await makeWorkspace();
  const databases = only && !only.includes('databases') ? undefined : databaseServers();
  try {
    return await runSuite(workspace, databases?.variables ?? {});
  } finally {
    databases?.stop();
  }
}

async function runSuite(workspace: string, databaseVariables: Record<string, string>): Promise<number> {
  const results = path.join(mkdtempSync(path.join(tmpdir(), 'parity-results-')), 'results.json');
  const host = makeTestHost();
  const vscode = await launchVsCode({
    workspace,
    // Every message to and from the server is logged: the password must still appear nowhere.
    settings: { 'parity.trace.server': 'verbose' },
    payload: (remote) => [
      ['extensionDevelopmentPath', remote(host)],
      ['extensionTestsPath', remote(path.join(root, 'out/vscode-test/test/vscode/suite/index.js'))],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
      [
        'extensionEnvironment',
        JSON.stringify({ PARITY_TEST_WORKSPACE: workspace, PARITY_TEST_RESULTS: results, PARITY_TEST_FILES: only ?? '', ...databaseVariables }),
      ],
    ],
  });
  try {
    const page = vscode.page;
    const exitCode = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)));
    // The extension host's console (mocha's reporter) arrives as page console messages whose first
    // two arguments are styling; the rest is a format string and its values.
    page.on('console', (message) => {
      void Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => ''))).then((values) => {
        const [format, ...rest] = values.slice(2) as unknown[];
        if (typeof format !== 'string' || !format.includes('%')) return;
        process.stdout.write(`${formatWithOptions({ colors: false }, format, ...rest)}\n`);
      });
    });
    await page.goto(vscode.url);
    const code = await Promise.race([exitCode, new Promise<number>((resolve) => setTimeout(() => resolve(-1), RUN_TIMEOUT_MS).unref())]);
    if (code === -1) {
      process.stderr.write(`vscode tests: no result after ${RUN_TIMEOUT_MS / 1000} s\n`);
      return 1;
    }
    const counts = existsSync(results) ? (JSON.parse(readFileSync(results, 'utf8')) as { passes: number; failures: number }) : { passes: 0, failures: 1 };
    // The database test's password: in no log, setting or file VS Code wrote, while its traced audit request is.
    const password = databaseVariables.PARITY_POSTGRES_PASSWORD;
    if (password) {
      const leaks = [...filesContaining(vscode.dataDir, password), ...filesContaining(workspace, password)];
      const traced = filesContaining(vscode.dataDir, 'sealedPassword').length > 0;
      const clean = leaks.length === 0 && traced;
      process.stdout.write(
        clean
          ? 'logs: the traced database requests show no password\n'
          : `logs: password found in ${leaks.join(', ') || '(none)'}; traced requests logged: ${traced}\n`,
      );
      counts.passes += clean ? 1 : 0;
      counts.failures += clean ? 0 : 1;
    }
    if (only) {
      process.stdout.write(`vscode (${only} only): ${counts.passes} passed, ${counts.failures} failed\n`);
      return code === 0 && counts.failures === 0 ? 0 : 1;
    }
    // The suite left the audit panel of the bundled example open: check what the browser shows.
    let text: string | undefined;
    for (let attempt = 0; attempt < 20 && text === undefined; attempt++) {
      text = await panelText(page.frames());
      if (text === undefined) await page.waitForTimeout(500);
    }
    await page.screenshot({ path: path.join(root, '.vscode-test/audit-panel.png') });
    const rendered = text !== undefined && text.includes('African-American') && text.includes('Selection rate');
    process.stdout.write(rendered ? 'webview: the audit panel rendered the report\n' : 'webview: the audit panel did not render the report\n');
    const passed = counts.passes + (rendered ? 1 : 0);
    const failed = counts.failures + (rendered ? 0 : 1);
    process.stdout.write(`vscode: ${passed} passed, ${failed} failed\n`);
    return code === 0 && failed === 0 ? 0 : 1;
  } finally {
    await vscode.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`vscode tests: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
