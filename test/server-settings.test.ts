// A settings change that alters what a data file's check computes checks the open file again:
// cold try 14 set parity.minGroupSize to 200 and Problems still said "under 30 rows". The real
// language server (dist/server.js) in a child process, as the VS Code client runs it, on the
// small-groups fixture: 30 White, 8 Black and 2 Asian rows (counted by hand).
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  PublishDiagnosticsNotification,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';

const root = path.resolve(__dirname, '../..');
const file = path.join(root, 'test/fixtures/lsp/small-groups.csv');
const uri = pathToFileURL(file).toString();
const message = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

describe('a settings change that alters the check', () => {
  const server = fork(path.join(root, 'dist/server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const connection = createProtocolConnection(new IPCMessageReader(server), new IPCMessageWriter(server));
  let minGroupSize = 30;
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({ minGroupSize })));
  const waiting: { until: (all: Diagnostic[]) => boolean; resolve: (all: Diagnostic[]) => void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    if (params.uri !== uri) return;
    for (const waiter of waiting.filter((w) => w.until(params.diagnostics))) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(params.diagnostics);
    }
  });
  const published = (until: (all: Diagnostic[]) => boolean) => new Promise<Diagnostic[]>((resolve) => waiting.push({ until, resolve }));
  const smallGroups = (all: Diagnostic[]) => all.filter((d) => d.code === 'parity.smallGroup').map(message);
  after(() => {
    connection.dispose();
    server.kill();
  });

  it('checks the open file again with the new minimum group size', { timeout: 60_000 }, async () => {
    connection.listen();
    const folder = pathToFileURL(path.dirname(file)).toString();
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: folder, capabilities: { workspace: { configuration: true } } });
    await connection.sendNotification(InitializedNotification.type, {});
    const first = published((all) => smallGroups(all).some((m) => m.startsWith('race:')));
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'csv', version: 1, text: readFileSync(file, 'utf8') },
    });
    // at 30 rows: Black (8) and Asian (2) are small, White (30) is not
    assert.match(
      smallGroups(await first).find((m) => m.startsWith('race:'))!,
      /^race: 2 groups under 30 rows/,
    );
    // at 5 rows only Asian (2) is: the file is checked again, not republished from the old check
    minGroupSize = 5;
    const second = published((all) => smallGroups(all).some((m) => m.startsWith('race: 1 group under 5 rows')));
    await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.match(
      smallGroups(await second).find((m) => m.startsWith('race:'))!,
      /^race: 1 group under 5 rows, too small to judge: "Asian" \(2\)$/,
    );
  });
});
