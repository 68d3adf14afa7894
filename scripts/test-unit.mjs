// The fast suite: every node test except those that need system packages (Chromium for the panel
// in a browser, PostgreSQL and ClickHouse servers) and the VS Code suites. No apt-get, no root.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const NEEDS_SYSTEM = new Set(['io/databases.test.js', 'webview/panel.test.js']);
const root = 'out/test';
const files = readdirSync(root, { recursive: true })
  .map((file) => file.toString())
  .filter((file) => file.endsWith('.test.js') && !NEEDS_SYSTEM.has(file.split(path.sep).join('/')))
  .map((file) => path.join(root, file));
const result = spawnSync(process.execPath, ['--test', '--test-reporter=dot', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
