// The same suite with @vscode/test-electron, for machines that can download VS Code (CI with
// internet access): `npm run test:vscode:electron`. It installs the packaged .vsix into a fresh
// extensions folder and runs the suite in VS Code's extension host. This offline machine cannot
// download VS Code, so it runs the suite through code-server instead (run.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { makeTestHost, makeWorkspace, root } from './workspace';

async function main(): Promise<number> {
  const vsix = path.join(root, 'parity.vsix');
  if (!existsSync(vsix)) throw new Error('parity.vsix is missing: run npm run package first');
  const executable = await downloadAndUnzipVSCode('stable');
  const extensions = mkdtempSync(path.join(tmpdir(), 'parity-extensions-'));
  const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(executable);
  const install = spawnSync(cli!, [...cliArgs, '--extensions-dir', extensions, '--install-extension', vsix, '--force'], {
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (install.status !== 0) throw new Error(`installing parity.vsix failed: ${install.stdout}${install.stderr}`);
  const workspace = await makeWorkspace();
  const results = path.join(mkdtempSync(path.join(tmpdir(), 'parity-results-')), 'results.json');
  const code = await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: makeTestHost(),
    extensionTestsPath: path.join(root, 'out/vscode-test/test/vscode/suite/index.js'),
    launchArgs: [workspace, '--extensions-dir', extensions, '--disable-workspace-trust'],
    extensionTestsEnv: { PARITY_TEST_WORKSPACE: workspace, PARITY_TEST_RESULTS: results },
  });
  const counts = existsSync(results) ? (JSON.parse(readFileSync(results, 'utf8')) as { passes: number; failures: number }) : { passes: 0, failures: 1 };
  process.stdout.write(`vscode (electron): ${counts.passes} passed, ${counts.failures} failed\n`);
  return code === 0 && counts.failures === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`vscode tests (electron): ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
