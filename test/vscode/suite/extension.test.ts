// Runs in the real VS Code extension host with the real `vscode` API, against the installed .vsix.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AuditReport } from '../../../common/reports/audit';
import type { MitigationReport } from '../../../common/reports/mitigation';
import type { Comparison } from '../../../common/reports/comparison';

const workspace = process.env.PARITY_TEST_WORKSPACE!;
const file = (name: string) => vscode.Uri.file(path.join(workspace, name));
const sha256 = (name: string) =>
  createHash('sha256')
    .update(readFileSync(path.join(workspace, name)))
    .digest('hex');

/** Polls until `check` returns a value (VS Code publishes diagnostics asynchronously). */
async function eventually<T>(what: string, check: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('Parity in VS Code', () => {
  before(async () => {
    const extension = vscode.extensions.getExtension('parity.parity');
    assert.ok(extension, 'the packaged extension is installed');
    await extension.activate();
  });

  it('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['parity.auditFile', 'parity.configureColumns', 'parity.runMitigation', 'parity.compareMethods', 'parity.exportReport'])
      assert.ok(commands.includes(command), command);
  });

  it('reports a malformed file without crashing the server', async () => {
    const report = await vscode.commands.executeCommand<AuditReport | undefined>('parity.auditFile', file('ragged.csv'));
    assert.equal(report, undefined);
  });

  it('publishes diagnostics on an opened CSV file', async () => {
    const uri = file('small-groups.csv');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    // race and sex are both inferred as sensitive; the race warning sits on its header cell
    const small = await eventually('the small-group diagnostic of race', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.code === 'parity.smallGroup' && d.message.startsWith('race:')),
    );
    assert.equal(small.severity, vscode.DiagnosticSeverity.Warning);
    // header "sex,race,label,prediction": the race cell is characters 4-8
    assert.equal(small.range.start.character, 4);
    assert.equal(small.range.end.character, 8);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('shows proxies of a sensitive attribute in Problems, on their header cells (UCI Adult)', async () => {
    const uri = file('adult.csv');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    // income's values are "<=50K" and ">50K": the positive one is for the user to say
    await vscode.commands.executeCommand('parity.configureColumns', uri, { label: 'income', positive: '>50K', sensitive: ['sex'] });
    const proxy = await eventually('the relationship proxy warning', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.code === 'parity.proxy' && d.message.startsWith('`relationship` predicts `sex`')),
    );
    assert.equal(proxy.severity, vscode.DiagnosticSeverity.Warning);
    const header = readFileSync(uri.fsPath, 'utf8').split('\n')[0]!;
    const start = header.split(',').indexOf('relationship') === -1 ? -1 : header.indexOf('relationship');
    assert.equal(proxy.range.start.line, 0);
    assert.equal(proxy.range.start.character, start);
    assert.equal(proxy.range.end.character, start + 'relationship'.length);
    // the joint model follows the first look: the dataset-level warning that the columns together predict sex
    const joint = await eventually('the joint-leakage warning', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'parity.jointLeakage'));
    assert.match(joint.message, /together predict `sex`: AUC 0\.9\d/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('flags a sensitive column used as a model feature in a Python file, and its quick fix removes it', async () => {
    const uri = file('pipeline/train.py');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    // line 13 (0-based 12): X_small = df[["sex", "age"]]
    const finding = await eventually('the finding on "sex"', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.code === 'parity.featureLeakage' && d.range.start.line === 12),
    );
    assert.equal(document.getText(finding.range), '"sex"');
    const evaluation = vscode.languages.getDiagnostics(uri).filter((d) => document.lineAt(d.range.start.line).text.includes('sensitive_features'));
    assert.deepEqual(evaluation, [], 'columns passed as sensitive features to an evaluation call are not flagged');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, finding.range);
    const remove = actions.find((action) => action.edit && /^Remove/.test(action.title));
    assert.ok(remove?.edit, `a quick fix that removes the column; got ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(remove.edit));
    assert.equal(document.lineAt(12).text, 'X_small = df[["age"]]');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('flags a sensitive column used as a feature in a notebook cell, on that cell', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(file('pipeline/model.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    // cell 3 is `X_b = df[["café", "sex"]]`: "sex" starts at character 18 of its first line (counted by hand)
    const cell = notebook.cellAt(3).document;
    await eventually('findings in cell 3', () => (vscode.languages.getDiagnostics(cell.uri).length > 0 ? true : undefined));
    const findings = vscode.languages.getDiagnostics(cell.uri);
    const finding = findings.find((d) => d.code === 'parity.featureLeakage' && d.range.start.line === 0 && d.range.start.character === 18);
    assert.ok(
      finding,
      `a finding on "sex"; got ${JSON.stringify(findings.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.message]))} in ${JSON.stringify(cell.getText())}`,
    );
    assert.equal(cell.getText(finding.range), '"sex"');
    assert.deepEqual(vscode.languages.getDiagnostics(notebook.cellAt(0).document.uri), [], 'the markdown cell mentions df[["sex"]] in prose only');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('removes a sensitive column from a feature list written in one notebook cell and used in another, with the quick fix', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(file('pipeline/features.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    // cell 1 line 2 is `features = ["age", "sex", "hours"]` ("sex" at characters 19-24, counted by hand);
    // cell 2 uses the list: `features.append("race")` then `model.fit(df[features], ...)`
    const cell = notebook.cellAt(1).document;
    const onSex = (d: vscode.Diagnostic) => d.code === 'parity.featureLeakage' && d.range.start.line === 2 && d.range.start.character === 19;
    const finding = await eventually('the finding on "sex" in cell 1', () => vscode.languages.getDiagnostics(cell.uri).find(onSex));
    assert.equal(cell.getText(finding.range), '"sex"');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', cell.uri, finding.range);
    const remove = actions.find((action) => action.edit && /^Remove/.test(action.title));
    assert.ok(remove?.edit, `a quick fix that removes the column; got ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(remove.edit));
    assert.equal(cell.lineAt(2).text, 'features = ["age", "hours"]');
    // the edited cell is analysed again: the finding goes
    await eventually('the finding on "sex" to clear', () => (vscode.languages.getDiagnostics(cell.uri).some(onSex) ? undefined : true));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('runs a mitigation from the command, writes its outputs and leaves the input unchanged', async () => {
    const before = sha256('compas.csv');
    const out = path.join(workspace, 'threshold-out');
    const report = await vscode.commands.executeCommand<MitigationReport | undefined>('parity.runMitigation', file('compas.csv'), {
      method: 'threshold',
      params: { data: file('compas.csv').fsPath, score: 'decile_score', label: 'two_year_recid', sensitive: ['race'], fairness: 'demographic-parity', out },
    });
    assert.ok(report, 'the command returns the mitigation report');
    assert.equal(report.method, 'threshold');
    const predictions = readFileSync(path.join(out, 'predictions.csv'), 'utf8').trimEnd().split('\n');
    assert.equal(predictions.length, 7214 + 1, 'every input row, plus the header');
    assert.ok(existsSync(path.join(out, 'model.json')) && existsSync(path.join(out, 'report.json')));
    assert.equal(sha256('compas.csv'), before, 'the input file is byte-for-byte unchanged');
  });

  it('compares methods on a train/test split and writes comparison.json', async () => {
    const out = path.join(workspace, 'compare-out');
    const comparison = await vscode.commands.executeCommand<Comparison | undefined>('parity.compareMethods', file('compas-train.csv'), {
      train: file('compas-train.csv').fsPath,
      test: file('compas-test.csv').fsPath,
      label: 'two_year_recid',
      sensitive: ['race'],
      methods: ['reweighing'],
      out,
    });
    assert.ok(comparison, 'the command returns the comparison');
    assert.equal(comparison.methods[0]?.error, null);
    assert.ok(comparison.points.some((p) => p.pareto));
    assert.ok(existsSync(path.join(out, 'comparison.json')));
  });

  // The audit panel is left open for the runner to inspect in the browser.
  it('audits a CSV through the language server and opens the panel', async () => {
    const report = await vscode.commands.executeCommand<AuditReport | undefined>('parity.auditFile', file('compas.csv'), {
      label: 'two_year_recid',
      score: 'decile_score',
      threshold: 5,
      sensitive: ['race', 'sex'],
      bootstrap: 20,
    });
    assert.ok(report, 'the command returns the report');
    assert.equal(report.rows, 7214);
    assert.deepEqual(
      report.groupings.map((g) => g.by.join('&')),
      ['race', 'sex', 'race&sex'],
    );
  });

  it('exports the audit just shown as self-contained HTML', async () => {
    const target = file('audit-report.html');
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('parity.exportReport', 'html', target);
    assert.equal(written?.fsPath, target.fsPath);
    const html = readFileSync(target.fsPath, 'utf8');
    assert.match(html, /Fairness audit/);
    assert.match(html, /<svg/);
    assert.doesNotMatch(html, /<script/);
  });
});
