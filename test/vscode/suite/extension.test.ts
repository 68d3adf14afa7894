// Runs in the real VS Code extension host with the real `vscode` API.
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AuditReport } from '../../../server/src/engine/audit/report';

const workspace = process.env.PARITY_TEST_WORKSPACE!;

describe('Parity in VS Code', () => {
  before(async () => {
    const extension = vscode.extensions.getExtension('parity.parity');
    assert.ok(extension, 'the extension is installed');
    await extension.activate();
  });

  it('contributes the Audit Fairness command', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('parity.auditFile'));
  });

  it('reports a malformed file without crashing the server', async () => {
    const report = await vscode.commands.executeCommand<AuditReport | undefined>('parity.auditFile', vscode.Uri.file(path.join(workspace, 'ragged.csv')));
    assert.equal(report, undefined);
  });

  it('audits a CSV through the language server and opens the panel', async () => {
    const report = await vscode.commands.executeCommand<AuditReport | undefined>('parity.auditFile', vscode.Uri.file(path.join(workspace, 'compas.csv')), {
      label: 'two_year_recid',
      score: 'decile_score',
      threshold: 5,
      sensitive: ['race', 'sex'],
      bootstrap: 20,
    });
    assert.ok(report, 'the command returns the report');
    assert.equal(report.rows, 7214);
    assert.deepEqual(report.groupings.map((g) => g.by.join('&')), ['race', 'sex', 'race&sex']);
  });
});
