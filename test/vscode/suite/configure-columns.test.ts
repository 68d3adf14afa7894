// Configure Columns driven through its quick picks in the real extension host, the way a keyboard
// drives them (up, down, accept): from the summary to the roles to change, then the audit of the
// same file.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AuditRequestOptions } from '../../../common/protocol';
import type { AuditReport } from '../../../common/reports/audit';

const workspace = process.env.PARITY_TEST_WORKSPACE!;

/**
 * Group A: 6 rows, B: 4, C: 2 (A is the largest); sex M: 7 rows, F: 5.
 *   A: labels 1,1,1,0,0,0, predictions 1,1,0,1,0,0 → selection rate 3/6, TPR 2/3, FPR 1/3
 *   B: labels 1,1,0,0,     predictions 1,0,0,0     → selection rate 1/4, TPR 1/2, FPR 0
 *   C: labels 1,0,         predictions 1,1         → selection rate 1,   TPR 1,   FPR 1
 */
const FIXTURE = `group,sex,label,prediction
A,F,1,1
A,F,1,1
A,F,1,0
A,F,0,1
A,M,0,0
A,M,0,0
B,F,1,1
B,M,1,0
B,M,0,0
B,M,0,0
C,M,1,1
C,M,0,1
`;

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One key in the open quick pick, then a pause for the next step to show (the flow's steps follow at once). */
async function press(command: 'workbench.action.acceptSelectedQuickOpenItem' | 'quickInput.previous' | 'quickInput.next'): Promise<void> {
  await vscode.commands.executeCommand(command);
  await settle(400);
}

describe('Configure Columns', () => {
  before(async () => {
    await vscode.extensions.getExtension('parity.parity')!.activate();
  });

  it('changes only the roles picked in the summary: a reference group per sensitive column (a stale one dropped) and what a positive prediction means; the audit follows', async () => {
    const uri = vscode.Uri.file(path.join(workspace, 'reference-groups.csv'));
    writeFileSync(uri.fsPath, FIXTURE);
    // Saved before: group's reference C (still a group) and sex's "X" (no such group: stale).
    await vscode.commands.executeCommand('parity.configureColumns', uri, {
      label: 'label',
      positive: '1',
      prediction: 'prediction',
      sensitive: ['group', 'sex'],
      reference: ['group=C', 'sex=X'],
      exactRoles: true,
    } satisfies AuditRequestOptions);

    const flow = vscode.commands.executeCommand<AuditRequestOptions | undefined>('parity.configureColumns', uri);
    await settle(3000); // the server lists the columns, then the summary shows
    // The summary: Use these (highlighted), Label, Positive value, Prediction, Score (none: no
    // threshold row), Sensitive attributes, Reference groups, A positive prediction is.
    for (let row = 0; row < 6; row++) await press('quickInput.next');
    await press('workbench.action.acceptSelectedQuickOpenItem');
    // Reference group of group: [Largest group (default), A, B, C], starting on the saved C.
    await press('quickInput.previous');
    await press('workbench.action.acceptSelectedQuickOpenItem');
    // Reference group of sex: "X" is dropped, so it starts on "Largest group (default)".
    await press('workbench.action.acceptSelectedQuickOpenItem');
    // Back on the summary, on "Use these": down to what a positive prediction means.
    for (let row = 0; row < 7; row++) await press('quickInput.next');
    await press('workbench.action.acceptSelectedQuickOpenItem');
    // [Favourable…, Harmful…, Not stated], starting on "Not stated": up one to "Harmful".
    await press('quickInput.previous');
    await press('workbench.action.acceptSelectedQuickOpenItem');
    await press('workbench.action.acceptSelectedQuickOpenItem'); // Use these
    const saved = await flow;
    assert.deepEqual(saved, {
      label: 'label',
      positive: '1',
      positiveMeans: 'harm',
      prediction: 'prediction',
      sensitive: ['group', 'sex'],
      reference: ['group=B'],
      exactRoles: true,
    });

    // Audit Fairness from the Explorer: the file's saved columns, no options.
    const report = await vscode.commands.executeCommand<AuditReport | undefined>('parity.auditFile', uri);
    assert.ok(report, 'the audit ran');
    assert.equal(report.columns.positiveMeans, 'harm');
    assert.deepEqual(report.columns.references, { group: 'B' });
    const byGroup = report.groupings.find((g) => g.by.join('&') === 'group')!;
    assert.deepEqual(byGroup.reference, { group: 'B' });
    assert.equal(byGroup.referenceSource, 'given');
    const of = (value: string) => byGroup.groups.find((g) => g.key.group === value)!;
    // By hand from the counts above, against B (selection rate 1/4, TPR 1/2, FPR 0):
    //   A: SPD 1/2 − 1/4 = 0.25, DI (1/2)/(1/4) = 2, TPR diff 2/3 − 1/2 = 1/6, AOD ((1/3 − 0) + 1/6)/2 = 0.25
    //   C: SPD 1 − 1/4 = 0.75,   DI 1/(1/4) = 4,     TPR diff 1 − 1/2 = 1/2,   AOD ((1 − 0) + 1/2)/2 = 0.75
    // (against the largest group A they would be B −0.25 and C +0.5: the reference matters.)
    const close = (actual: number | null | undefined, expected: number, what: string) =>
      assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);
    close(of('B').differences.selection_rate, 0, 'B against itself');
    close(of('A').differences.statistical_parity_difference, 0.25, 'A SPD');
    close(of('A').disparities.selection_rate, 2, 'A DI');
    close(of('A').differences.true_positive_rate, 1 / 6, 'A TPR difference');
    close(of('A').differences.average_odds_difference, 0.25, 'A AOD');
    close(of('C').differences.statistical_parity_difference, 0.75, 'C SPD');
    close(of('C').disparities.selection_rate, 4, 'C DI');
    close(of('C').differences.true_positive_rate, 0.5, 'C TPR difference');
    close(of('C').differences.average_odds_difference, 0.75, 'C AOD');
    // sex kept the default: its largest group, M (7 rows against F's 5).
    const bySex = report.groupings.find((g) => g.by.join('&') === 'sex')!;
    assert.deepEqual(bySex.reference, { sex: 'M' });
    assert.equal(bySex.referenceSource, 'largest');
  });
});
