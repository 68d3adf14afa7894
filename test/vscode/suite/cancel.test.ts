// Runs in the real VS Code extension host against the installed .vsix: a cancel says that it
// worked ("Parity: Mitigation cancelled."), and a cancel that comes after a job has finished says
// that too ("Parity: the audit had already finished; its report is open."). Parity: Cancel Running
// Job (the status item's click) resolves to what the user was told.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AuditReport } from '../../../common/reports/audit';
import type { MitigationReport } from '../../../common/reports/mitigation';

const workspace = process.env.PARITY_TEST_WORKSPACE!;
const file = (name: string) => vscode.Uri.file(path.join(workspace, name));

describe('cancelling a job in VS Code', () => {
  before(async () => {
    await vscode.extensions.getExtension('parity.parity')!.activate();
  });

  it('says a cancelled mitigation was cancelled, and writes nothing', async () => {
    const out = path.join(workspace, 'cancelled-representation');
    // a fair representation trained for 200 epochs takes minutes: it is still running when cancelled
    const running = vscode.commands.executeCommand<MitigationReport | undefined>('parity.runMitigation', file('compas.csv'), {
      method: 'representation',
      params: { train: file('compas.csv').fsPath, tasks: ['two_year_recid'], sensitive: ['race'], epochs: 200, out },
    });
    let told = '';
    for (let attempt = 0; attempt < 100 && !told.includes('cancelled'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      told = await vscode.commands.executeCommand<string>('parity.cancelJob');
    }
    assert.equal(told, 'Parity: Mitigation cancelled.');
    assert.equal(await running, undefined, 'the command resolves without a report');
    assert.ok(!existsSync(out), 'a cancelled run leaves no output folder');
  });

  it('says a cancel came too late when the audit had already finished and its report is open', async () => {
    const report = await vscode.commands.executeCommand<AuditReport | undefined>('parity.auditFile', file('compas.csv'), {
      label: 'two_year_recid',
      score: 'decile_score',
      threshold: 5,
      sensitive: ['race'],
      bootstrap: 0,
    });
    assert.ok(report, 'the audit finished');
    assert.equal(await vscode.commands.executeCommand<string>('parity.cancelJob'), 'Parity: the audit had already finished; its report is open.');
  });
});
