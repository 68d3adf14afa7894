// What both runners of the extension's suite (code-server + Chromium here, @vscode/test-electron
// where VS Code can be downloaded) need: a test workspace and an empty host extension.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adultCsvFiles } from '../support/adult';

export const root = path.resolve(__dirname, '../../../..');

/**
 * The tests need a development extension to run in; the one under test is the installed package.
 * This empty extension only hosts the mocha suite.
 */
export function makeTestHost(): string {
  const host = mkdtempSync(path.join(tmpdir(), 'parity-test-host-'));
  writeFileSync(
    path.join(host, 'package.json'),
    JSON.stringify({ name: 'parity-test-host', publisher: 'parity-tests', version: '0.0.0', engines: { vscode: '*' } }),
  );
  return host;
}

/**
 * A throwaway workspace with a copy of the bundled example, a file with small groups, a malformed
 * file, UCI Adult's training file (proxies of sex) and the pipeline fixtures (a Python file and a
 * notebook that load data/people.csv).
 */
export async function makeWorkspace(): Promise<string> {
  const workspace = mkdtempSync(path.join(tmpdir(), 'parity-workspace-'));
  cpSync(path.join(root, 'examples/compas/compas-two-years.csv'), path.join(workspace, 'compas.csv'));
  cpSync(path.join(root, 'test/fixtures/lsp/small-groups.csv'), path.join(workspace, 'small-groups.csv'));
  // a train/test split of the example for Compare Methods: every third row held out
  const [header, ...rows] = readFileSync(path.join(root, 'examples/compas/compas-two-years.csv'), 'utf8').trimEnd().split('\n');
  writeFileSync(path.join(workspace, 'compas-train.csv'), [header, ...rows.filter((_, i) => i % 3 !== 0)].join('\n') + '\n');
  writeFileSync(path.join(workspace, 'compas-test.csv'), [header, ...rows.filter((_, i) => i % 3 === 0)].join('\n') + '\n');
  writeFileSync(path.join(workspace, 'ragged.csv'), 'sex,label,prediction\nF,1,1\nM,0\n');
  cpSync((await adultCsvFiles()).train, path.join(workspace, 'adult.csv'));
  cpSync(path.join(root, 'test/fixtures/pipeline'), path.join(workspace, 'pipeline'), { recursive: true });
  return workspace;
}
