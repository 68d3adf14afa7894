// Pipeline-code diagnostics through the bundled language server (IPC, as VS Code runs it): a
// Python file and a notebook that load test/fixtures/pipeline/data/people.csv and use its
// sensitive columns as model features.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FileColumnsNotification } from '../common/protocol';
import { adultCsvFiles } from './support/adult';
import {
  CodeActionRequest,
  createProtocolConnection,
  Diagnostic,
  DidChangeNotebookDocumentNotification,
  DidOpenNotebookDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  NotebookCellKind,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  TextEdit,
} from 'vscode-languageserver-protocol/node';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/pipeline');

describe('language server: pipeline code', { timeout: 120_000 }, () => {
  const server = fork(path.join(root, 'dist/server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let connection: ProtocolConnection;
  const published = new Map<string, Diagnostic[]>();
  const waiters: (() => void)[] = [];

  before(async () => {
    connection = createProtocolConnection(new IPCMessageReader(server), new IPCMessageWriter(server));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      published.set(params.uri, params.diagnostics);
      waiters.splice(0).forEach((wake) => wake());
    });
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(root).toString(),
      workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'parity' }],
      capabilities: {},
    });
    await connection.sendNotification(InitializedNotification.type, {});
  });

  after(() => {
    connection.dispose();
    server.kill();
  });

  async function diagnosticsOf(uri: string): Promise<Diagnostic[]> {
    while (!published.has(uri)) await new Promise<void>((resolve) => waiters.push(resolve));
    return published.get(uri)!;
  }

  it('warns on the header cell of a column that predicts a sensitive attribute (UCI Adult)', async () => {
    const { train } = await adultCsvFiles();
    const uri = pathToFileURL(train).toString();
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'csv', version: 1, text: '' } });
    await connection.sendNotification(FileColumnsNotification, { uri, options: { label: 'income', positive: '>50K', sensitive: ['sex'] } });
    const header = readFileSync(train, 'utf8').split('\n')[0]!;
    const start = header.indexOf('relationship');
    let proxy: Diagnostic | undefined;
    while (!proxy) {
      await diagnosticsOf(uri);
      proxy = published.get(uri)!.find((d) => d.code === 'parity.proxy' && d.range.start.character === start);
      if (!proxy) await new Promise<void>((resolve) => waiters.push(resolve));
    }
    assert.equal(proxy.range.end.character, start + 'relationship'.length);
    assert.match(typeof proxy.message === 'string' ? proxy.message : proxy.message.value, /relationship.*sex.*AUC 0\.\d\d/);
    const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: start + 2 } });
    assert.match(JSON.stringify(hover?.contents), /Leakage of `relationship`/);
  });

  it('flags the sensitive columns used as features in a Python file, with a quick fix that removes them', async () => {
    const file = path.join(fixtures, 'train.py');
    const uri = pathToFileURL(file).toString();
    const text = readFileSync(file, 'utf8');
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
    const diagnostics = await diagnosticsOf(uri);
    const lines = text.split('\n');
    const quoted = (d: Diagnostic) => lines[d.range.start.line]!.slice(d.range.start.character, d.range.end.character);
    // `X_small = df[["sex", "age"]]` (line 13): "sex" is a model feature; people.csv's sensitive columns are sex and race
    const sex = diagnostics.find((d) => d.range.start.line === 12 && quoted(d) === '"sex"');
    assert.ok(sex, `"sex" in df[["sex", "age"]] is flagged; got ${JSON.stringify(diagnostics.map((d) => [d.range.start.line, quoted(d)]))}`);
    // sensitive_features=df["sex"] (evaluation) is not a model feature
    assert.equal(diagnostics.filter((d) => lines[d.range.start.line]!.includes('sensitive_features')).length, 0);
    const actions = await connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: sex.range, context: { diagnostics: [sex] } });
    const remove = actions?.find((a) => 'edit' in a && a.title.includes('Remove'));
    assert.ok(remove && 'edit' in remove && remove.edit?.changes);
    const [edit] = remove.edit.changes[uri] as TextEdit[];
    const fixed = applyEdit(text, edit!);
    assert.equal(fixed.split('\n')[12], 'X_small = df[["age"]]');
  });

  /** Opens a fixture notebook as VS Code does: the notebook and a text document per cell. */
  async function openNotebook(name: string): Promise<{ uri: string; cellUri: (index: number) => string; texts: string[] }> {
    const file = path.join(fixtures, name);
    const uri = pathToFileURL(file).toString();
    const notebook = JSON.parse(readFileSync(file, 'utf8')) as { cells: { cell_type: string; source: string[] | string }[] };
    const cellUri = (index: number) => `vscode-notebook-cell:${pathToFileURL(file).pathname}#cell${index}`;
    const texts = notebook.cells.map((cell) => (Array.isArray(cell.source) ? cell.source.join('') : cell.source));
    await connection.sendNotification(DidOpenNotebookDocumentNotification.type, {
      notebookDocument: {
        uri,
        notebookType: 'jupyter-notebook',
        version: 1,
        cells: notebook.cells.map((cell, index) => ({
          kind: cell.cell_type === 'code' ? NotebookCellKind.Code : NotebookCellKind.Markup,
          document: cellUri(index),
        })),
      },
      cellTextDocuments: notebook.cells.map((cell, index) => ({
        uri: cellUri(index),
        languageId: cell.cell_type === 'code' ? 'python' : 'markdown',
        version: 1,
        text: texts[index]!,
      })),
    });
    return { uri, cellUri, texts };
  }

  it('publishes a notebook finding on the cell it belongs to', async () => {
    const { cellUri } = await openNotebook('model.ipynb');
    // cell 3 is `X_b = df[["café", "sex"]]`: "sex" starts at character 18 of its first line (counted by hand)
    const diagnostics = await diagnosticsOf(cellUri(3));
    const sex = diagnostics.find((d) => d.range.start.line === 0 && d.range.start.character === 18);
    assert.ok(sex, `a finding on "sex" in cell 3; got ${JSON.stringify(diagnostics.map((d) => d.range))}`);
    // Problems lists it under the notebook's name: the message says the cell, counted from 1 with the Markdown cell 0
    assert.match(String(sex.message), /^cell 4: sensitive attribute `sex` is in `X_b`/);
    assert.deepEqual(await diagnosticsOf(cellUri(0)), [], 'the markdown cell mentions df[["sex"]] in prose only');
  });

  it('a notebook gets the quick fixes of a .py file, as edits of its cells, and is analysed again when a cell changes', async () => {
    const { uri, cellUri, texts } = await openNotebook('features.ipynb');
    // cell 1 line 2 is `features = ["age", "sex", "hours"]`: "sex" at characters 19-24; cell 2 line 0 is
    // `features.append("race")`: "race" at 16-22 (counted by hand); people.csv's sex and race are sensitive
    const at = (line: number, start: number, end: number) => (d: Diagnostic) =>
      JSON.stringify(d.range) === JSON.stringify({ start: { line, character: start }, end: { line, character: end } });
    const sex = (await diagnosticsOf(cellUri(1))).find(at(2, 19, 24));
    const race = (await diagnosticsOf(cellUri(2))).find(at(0, 16, 22));
    assert.ok(sex && race, `findings on "sex" and "race"; got ${JSON.stringify([published.get(cellUri(1)), published.get(cellUri(2))])}`);
    assert.deepEqual([String(sex.message).slice(0, 8), String(race.message).slice(0, 8)], ['cell 2: ', 'cell 3: ']);
    const fix = async (cell: number, diagnostic: Diagnostic) => {
      const actions = await connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: cellUri(cell) },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      });
      const remove = actions?.find((a) => 'edit' in a && a.title.includes('Remove'));
      assert.ok(remove && 'edit' in remove && remove.edit?.changes?.[cellUri(cell)], `a removal edit of cell ${cell}; got ${JSON.stringify(actions)}`);
      const [edit] = remove.edit.changes[cellUri(cell)]!;
      return { edit: edit!, text: applyEdit(texts[cell]!, edit!) };
    };
    assert.equal((await fix(1, sex)).text, 'import pandas as pd\ndf = pd.read_csv("data/people.csv")\nfeatures = ["age", "hours"]');
    const raceFix = await fix(2, race);
    assert.equal(raceFix.text, 'model.fit(df[features], df["income"])');
    // the editor applies the edit to cell 2: it is analysed again, from the cells as they now are
    published.delete(cellUri(2));
    await connection.sendNotification(DidChangeNotebookDocumentNotification.type, {
      notebookDocument: { uri, version: 2 },
      change: { cells: { textContent: [{ document: { uri: cellUri(2), version: 2 }, changes: [{ range: raceFix.edit.range, text: raceFix.edit.newText }] }] } },
    });
    assert.deepEqual(await diagnosticsOf(cellUri(2)), []);
    assert.ok(published.get(cellUri(1))?.some(at(2, 19, 24)), '"sex" in cell 1 is still flagged');
  });
});

function applyEdit(text: string, edit: TextEdit): string {
  const lines = text.split('\n');
  const offset = (line: number, character: number) => lines.slice(0, line).reduce((sum, l) => sum + l.length + 1, 0) + character;
  return (
    text.slice(0, offset(edit.range.start.line, edit.range.start.character)) + edit.newText + text.slice(offset(edit.range.end.line, edit.range.end.character))
  );
}
