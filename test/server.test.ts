// The bundled language server as the VS Code client runs it: a child process over Node IPC.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  ProtocolConnection,
  ResponseError,
} from 'vscode-languageserver-protocol/node';
import { AuditRequest } from '../server/src/protocol';

const root = path.resolve(__dirname, '../..');

describe('language server: parity/audit', () => {
  const server = fork(path.join(root, 'dist/server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let connection: ProtocolConnection;

  before(async () => {
    connection = createProtocolConnection(new IPCMessageReader(server), new IPCMessageWriter(server));
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
  });

  after(() => {
    connection.dispose();
    server.kill();
  });

  it('audits a file and returns the report', async () => {
    const report = await connection.sendRequest(AuditRequest, {
      uri: pathToFileURL(path.join(root, 'examples/compas/compas-two-years.csv')).toString(),
      options: { label: 'two_year_recid', score: 'decile_score', threshold: 5, sensitive: ['race', 'sex'], bootstrap: 0 },
    });
    assert.equal(report.rows, 7214);
    assert.deepEqual(report.groupings.map((g) => g.by.join('&')), ['race', 'sex', 'race&sex']);
  });

  it('answers bad input with a clear error and keeps running', async () => {
    await assert.rejects(
      connection.sendRequest(AuditRequest, {
        uri: pathToFileURL(path.join(root, 'examples/compas/compas-two-years.csv')).toString(),
        options: { sensitive: ['racee'] },
      }),
      (error: ResponseError<unknown>) => /unknown column "racee"; did you mean "race"/.test(error.message),
    );
    const report = await connection.sendRequest(AuditRequest, {
      uri: pathToFileURL(path.join(root, 'test/fixtures/audit/dataset.csv')).toString(),
      options: { label: 'approved', sensitive: ['region'], bootstrap: 0 },
    });
    assert.equal(report.task, 'dataset');
  });
});
