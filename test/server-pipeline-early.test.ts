// A Python script written before its dataset was opened or audited (cold try 16: nothing was
// flagged for about 2 minutes, while the proxies of ProPublica's 53-column COMPAS file were
// measured): the sensitive attributes it uses as features are published first, from the column
// names; the proxies among its features follow once measured. The real server (IPC, as VS Code
// runs it), the real file (../shared/data/compas-scores-two-years.csv.gz, unzipped into a new folder).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Diagnostic, DidOpenTextDocumentNotification, PublishDiagnosticsNotification } from 'vscode-languageserver-protocol/node';
import { startServer, type ServerProcess } from './support/language-server';
import { SHARED_DATA } from './support/adult';

describe('language server: a script whose dataset was never opened', { timeout: 600_000 }, () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'parity-pipeline-early-'));
  let server: ServerProcess;
  const published: { uri: string; diagnostics: Diagnostic[] }[] = [];
  const waiters: (() => void)[] = [];

  before(async () => {
    writeFileSync(path.join(folder, 'compas-scores-two-years.csv'), gunzipSync(readFileSync(path.join(SHARED_DATA, 'compas-scores-two-years.csv.gz'))));
    server = await startServer(undefined, folder);
    server.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      published.push(params);
      waiters.splice(0).forEach((wake) => wake());
    });
  });

  after(() => server.stop());

  /** The messages of the first publish for `uri` that `accept`s, waiting for it. */
  async function publishOf(uri: string, accept: (messages: string[]) => boolean): Promise<string[]> {
    for (let seen = 0; ;) {
      for (; seen < published.length; seen++) {
        const entry = published[seen]!;
        if (entry.uri !== uri) continue;
        const messages = entry.diagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
        if (accept(messages)) return messages;
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }

  it('flags sex and race at once, then age as a proxy once measured', async () => {
    const script = path.join(folder, 'train.py');
    const text = [
      'import pandas as pd',
      'df = pd.read_csv("compas-scores-two-years.csv")',
      'features = ["age", "sex", "race"]',
      'X = df[features]',
      'y = df["two_year_recid"]',
      'model.fit(X, y)',
      '',
    ].join('\n');
    writeFileSync(script, text);
    const uri = pathToFileURL(script).toString();
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
    // the first publish with a finding: the sensitive attributes, named so by the file's column names (sex, age_cat, race)
    const first = await publishOf(uri, (messages) => messages.length > 0);
    assert.deepEqual(
      first.map((m) => /`(\w+)`/.exec(m)?.[1]),
      ['sex', 'race'],
      first.join('\n'),
    );
    assert.ok(
      first.every((m) => /sensitive attribute `\w+` is used as a model feature/.test(m)),
      first.join('\n'),
    );
    // then the proxy: age of age_cat (age_cat is binned from age), measured on the file
    const later = await publishOf(uri, (messages) => messages.some((m) => /`age`/.test(m)));
    assert.ok(
      later.some((m) => /`age`.* proxy of `age_cat`/.test(m)),
      later.join('\n'),
    );
  });
});
