// The bundled language server as the VS Code client runs it: a child process over Node IPC.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  CodeActionRequest,
  createProtocolConnection,
  Diagnostic,
  DiagnosticSeverity,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  LSPErrorCodes,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  ResponseError,
  WorkDoneProgress,
} from 'vscode-languageserver-protocol/node';
import { generateCsv, generateWideCsv } from '../bench/generate';
import { AuditRequest, ColumnsRequest, FileColumnsNotification, MitigationsRequest, ProxiesRequest } from '../common/protocol';

const root = path.resolve(__dirname, '../..');
const fixture = (name: string) => pathToFileURL(path.join(root, 'test/fixtures', name)).toString();

describe('language server', { timeout: 120_000 }, () => {
  const server = fork(path.join(root, 'dist/server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let connection: ProtocolConnection;
  /** Every diagnostics publication, by URI, in arrival order. */
  const published = new Map<string, Diagnostic[][]>();
  const waiters: (() => void)[] = [];

  before(async () => {
    connection = createProtocolConnection(new IPCMessageReader(server), new IPCMessageWriter(server));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      published.set(params.uri, [...(published.get(params.uri) ?? []), params.diagnostics]);
      waiters.splice(0).forEach((wake) => wake());
    });
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: { window: { workDoneProgress: true } } });
    await connection.sendNotification(InitializedNotification.type, {});
  });

  after(() => {
    connection.dispose();
    server.kill();
  });

  /** Opens a file and waits for its `count`-th diagnostics publication. */
  async function diagnosticsOf(uri: string, count = 1): Promise<Diagnostic[]> {
    while ((published.get(uri)?.length ?? 0) < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return published.get(uri)![count - 1]!;
  }

  /** The first publication for `uri` after the `skip` already seen that satisfies `settled`: a publication
   * already queued from an earlier open may arrive between a notification and the republish it causes. */
  async function diagnosticsAfter(uri: string, skip: number, settled: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    for (let count = skip + 1; ; count++) {
      const diagnostics = await diagnosticsOf(uri, count);
      if (settled(diagnostics)) return diagnostics;
    }
  }

  function message(diagnostic: Diagnostic): string {
    return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
  }

  function open(uri: string): Promise<void> {
    return connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'csv', version: 1, text: '' } });
  }

  it('audits a file and returns the report', async () => {
    const report = await connection.sendRequest(AuditRequest, {
      uri: pathToFileURL(path.join(root, 'examples/compas/compas-two-years.csv')).toString(),
      options: { label: 'two_year_recid', score: 'decile_score', threshold: 5, sensitive: ['race', 'sex'], bootstrap: 0 },
    });
    assert.equal(report.rows, 7214);
    assert.deepEqual(
      report.groupings.map((g) => g.by.join('&')),
      ['race', 'sex', 'race&sex'],
    );
  });

  it('answers bad input with a clear error and keeps running', async () => {
    await assert.rejects(
      connection.sendRequest(AuditRequest, {
        uri: pathToFileURL(path.join(root, 'examples/compas/compas-two-years.csv')).toString(),
        options: { sensitive: ['racee'] },
      }),
      (error: ResponseError<unknown>) => /unknown column "racee"; did you mean "race"/.test(error.message),
    );
    await assert.rejects(
      connection.sendRequest(AuditRequest, { uri: fixture('audit/dataset.csv'), options: { bootstrap: -1 } as never }),
      /"Bootstrap resamples" expects an integer in \[0, 10000\], got -1$/,
    );
    const report = await connection.sendRequest(AuditRequest, {
      uri: fixture('audit/dataset.csv'),
      options: { label: 'approved', sensitive: ['region'], bootstrap: 0 },
    });
    assert.equal(report.task, 'dataset');
  });

  it('publishes small groups, inferred roles and metrics that cannot be estimated on the header cells', async () => {
    const uri = fixture('lsp/small-groups.csv');
    await open(uri);
    const diagnostics = await diagnosticsOf(uri);
    // header "sex,race,label,prediction": race spans characters 4-8, label 9-14 (counted by hand)
    const small = diagnostics.filter((d) => d.code === 'parity.smallGroup');
    const onRace = small.find((d) => d.range.start.character === 4);
    assert.ok(onRace, 'a small-group warning on the race header cell');
    assert.deepEqual(onRace.range, { start: { line: 0, character: 4 }, end: { line: 0, character: 8 } });
    assert.equal(onRace.severity, DiagnosticSeverity.Warning);
    // the fixture has 30 White, 8 Black, 2 Asian rows; the minimum group size is 30
    assert.match(message(onRace), /2 groups under 30 rows.*"Black" \(8\), "Asian" \(2\)/);
    const inferred = diagnostics.filter((d) => d.code === 'parity.inferredRole');
    const onLabel = inferred.find((d) => d.range.start.character === 9);
    assert.equal(onLabel?.severity, DiagnosticSeverity.Hint, 'the label was inferred from its name: a hint on its cell');
    // every inferred role is in one information entry (Problems lists it; hints it does not)
    const summaries = diagnostics.filter((d) => d.code === 'parity.inferredRoles');
    assert.equal(summaries.length, 1);
    assert.equal(summaries[0]!.severity, DiagnosticSeverity.Information);
    for (const hint of inferred) assert.ok(message(summaries[0]!).includes(message(hint).split('"')[1]!), message(summaries[0]!));
    const notEstimable = diagnostics.find((d) => d.code === 'parity.notEstimable' && message(d).includes('"Asian"'));
    assert.ok(notEstimable, 'the Asian rows have no positive label: TPR cannot be estimated');
    assert.match(message(notEstimable), /true_positive_rate/);
    // one entry per kind of gap and column, naming its groups: no two entries say the same thing
    const gaps = diagnostics.filter((d) => d.code === 'parity.notEstimable').map((d) => message(d).replace(/^[^=]+ = .*?: /, ''));
    assert.equal(new Set(gaps).size, gaps.length, gaps.join('\n'));
  });

  it('follows the columns chosen with Configure Columns', async () => {
    const uri = fixture('lsp/small-groups.csv');
    const before = published.get(uri)?.length ?? 0;
    await connection.sendNotification(FileColumnsNotification, { uri, options: { label: 'label', prediction: 'prediction', sensitive: ['sex'] } });
    // sex alone: 20 F and 20 M rows, both under 30; nothing is inferred any more (the test times out otherwise)
    const diagnostics = await diagnosticsAfter(uri, before, (all) => !all.some((d) => d.code === 'parity.inferredRole' || d.code === 'parity.inferredRoles'));
    const small = diagnostics.find((d) => d.code === 'parity.smallGroup');
    assert.deepEqual(small?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
    assert.match(message(small!), /"M" \(20\), "F" \(20\)|"F" \(20\), "M" \(20\)/);
  });

  it("puts a finding about one column on that column's header cell, so entries differ by column", async () => {
    // 40 rows, 20 F and 20 M, scores 0.1 or 0.9: the score is a probability without a threshold; "note" is repeated
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'parity-cells-')), 'repeated.csv');
    const rows = Array.from({ length: 40 }, (_, i) => `${i % 2 ? 'F' : 'M'},${i % 3 === 0 ? 1 : 0},${i % 4 === 0 ? 0.9 : 0.1},a,b`);
    writeFileSync(file, ['sex,label,score,note,note', ...rows, ''].join('\n'));
    const uri = pathToFileURL(file).toString();
    await open(uri);
    const diagnostics = await diagnosticsAfter(uri, 0, (all) => all.some((d) => d.code === 'parity.csv'));
    // header "sex,label,score,note,note": score spans characters 10-15, the second note 21-25 (counted by hand)
    const cell = (start: number, end: number) => ({ start: { line: 0, character: start }, end: { line: 0, character: end } });
    const repeated = diagnostics.find((d) => d.code === 'parity.csv');
    assert.equal(message(repeated!), 'column name "note" is repeated; column 5 is called "note.1"');
    assert.deepEqual(repeated!.range, cell(21, 25));
    const threshold = diagnostics.find((d) => d.code === 'parity.threshold');
    assert.match(message(threshold!), /^no prediction column: predictions derived as score >= 0\.5/);
    assert.deepEqual(threshold!.range, cell(10, 15));
  });

  it('points at the line of a malformed file, and leaves files without fairness columns alone', async () => {
    const ragged = fixture('lsp/ragged.csv');
    await open(ragged);
    const [error] = await diagnosticsOf(ragged);
    assert.equal(error?.severity, DiagnosticSeverity.Error);
    assert.equal(error?.range.start.line, 2, 'the third physical line has 2 fields instead of 3');
    const plain = fixture('lsp/no-roles.csv');
    await open(plain);
    assert.deepEqual(await diagnosticsOf(plain), []);
  });

  it('publishes a first look at the first 10,000 rows of a longer file, then the full check', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-first-look-'));
    const file = path.join(dir, 'wide.csv');
    await generateWideCsv(file, 25_000, 12); // id, sex, race, label and 8 features
    const uri = pathToFileURL(file).toString();
    await open(uri);
    const first = await diagnosticsOf(uri, 1);
    const full = await diagnosticsOf(uri, 2);
    const partial = (diagnostics: Diagnostic[]) => diagnostics.find((d) => d.code === 'parity.partial');
    assert.match(message(partial(first)!), /only the first 10,000 rows were read/);
    assert.equal(partial(full), undefined, 'the full check read all 25,000 rows');
    // f1 is zip-code-like: 70% of its values follow race (bench/generate.ts)
    for (const diagnostics of [first, full]) {
      assert.ok(
        diagnostics.some((d) => d.code === 'parity.proxy' && message(d).startsWith('`f1` predicts `race`')),
        'the zip-code proxy of race',
      );
    }
  });

  it("judges COMPAS's audited score, not as a proxy: no calibration entries for a decile score, no zero contributions", async () => {
    const uri = pathToFileURL(path.join(root, 'examples/compas/compas-two-years.csv')).toString();
    const options = { label: 'two_year_recid', score: 'decile_score', threshold: 5, sensitive: ['race', 'sex', 'age_cat'] };
    const before = published.get(uri)?.length ?? 0;
    await connection.sendNotification(FileColumnsNotification, { uri, options });
    await open(uri);
    const diagnostics = await diagnosticsAfter(uri, before, (all) => all.some((d) => d.code === 'parity.jointLeakage'));
    const texts = diagnostics.map(message);
    // a 1-10 score with a threshold has no calibration: the report says so once, Problems not at all
    assert.deepEqual(
      texts.filter((t) => /brier|calibration/i.test(t)),
      [],
    );
    const report = await connection.sendRequest(AuditRequest, { uri, options: { ...options, bootstrap: 0 } });
    assert.deepEqual(report.notApplicable, [
      { metrics: ['brier_score', 'expected_calibration_error'], reason: 'Calibration (Brier, ECE) needs a score in [0, 1]; decile_score is 1–10' },
    ]);
    // the audited score and its bands (score_text: Low 1-4, Medium 5-7, High 8-10) are what the audit judges, not proxies
    const proxies = diagnostics.filter((d) => d.code === 'parity.proxy').map((d) => message(d).split(' ')[0]);
    assert.ok(proxies.includes('`age`'), 'age predicts age_cat');
    assert.ok(!proxies.includes('`decile_score`') && !proxies.includes('`score_text`'), proxies.join(', '));
    const actions = await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 200 } },
      context: { diagnostics },
    });
    const titles = (actions ?? []).map((action) => action.title);
    assert.ok(titles.includes('Mark `age` as sensitive'), titles.join('; '));
    assert.ok(!titles.some((title) => /decile_score|score_text/.test(title)), titles.join('; '));
    // header cells counted by hand: score_text spans characters 95-105
    const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 97 } });
    assert.match(JSON.stringify(hover?.contents), /score_text.*encodes the audited .*decile_score.*not checked as a proxy/);
    // the joint line: 6 candidates (id, age, juv_fel_count, juv_misd_count, priors_count, c_charge_degree);
    // each listed one shows as non-zero, the rest are counted
    const joint = texts.find((t) => t.startsWith('the other columns together predict `age_cat`'))!;
    const [, listed] = /\(largest contributions: (.*)\)/.exec(joint)!;
    const parts = listed!.split(', ');
    const shown = parts.filter((part) => !part.startsWith('+'));
    assert.ok(shown.length >= 1 && shown.every((part) => Number(part.split(' ')[1]) >= 0.01), joint);
    const counted = parts.filter((part) => part.startsWith('+')).map((part) => Number(/^\+(\d+)/.exec(part)![1]));
    assert.equal(shown.length + counted.reduce((a, b) => a + b, 0), 6, joint);
    // the panel asks with the audited score too: the figures the diagnostics kept, without it
    const findings = await connection.sendRequest(ProxiesRequest, { uri, sensitive: options.sensitive, label: options.label, audited: ['decile_score'] });
    assert.ok(findings.checked);
    assert.deepEqual(
      findings.proxies.map((p) => p.column),
      ['age'],
    );
  });

  it('says when the roles of a fairness dataset cannot be settled', async () => {
    // "label" and "target" both look like the label: the audit cannot choose (hand-made fixture)
    const uri = fixture('lsp/ambiguous.csv');
    await open(uri);
    const [error] = await diagnosticsOf(uri);
    assert.equal(error?.severity, DiagnosticSeverity.Error);
    assert.equal(error?.range.start.line, 0, 'on the header line');
    assert.match(message(error!), /needs the true label.*Configure Columns/);
  });

  it('lists the columns with their inferred roles for Configure Columns', async () => {
    const result = await connection.sendRequest(ColumnsRequest, { uri: fixture('lsp/small-groups.csv') });
    assert.deepEqual(
      result.columns.map((c) => c.name),
      ['sex', 'race', 'label', 'prediction'],
    );
    assert.ok(result.inferred.some((r) => r.role === 'sensitive' && r.column === 'race'));
    // The groups a reference can be chosen from, counted by hand in the fixture's 40 rows: largest
    // first, a tie in value order.
    const groups = (name: string) => result.columns.find((c) => c.name === name)?.groups;
    assert.deepEqual(groups('race'), [
      { value: 'White', rows: 30 },
      { value: 'Black', rows: 8 },
      { value: 'Asian', rows: 2 },
    ]);
    assert.deepEqual(groups('sex'), [
      { value: 'F', rows: 20 },
      { value: 'M', rows: 20 },
    ]);
    assert.equal(result.rowsRead, 40);
    assert.equal(result.wholeFile, true);
  });

  it('lists the mitigation methods with their parameters', async () => {
    const methods = await connection.sendRequest(MitigationsRequest);
    for (const method of methods) assert.ok('sensitive' in method.parameters.properties, `${method.name} takes sensitive attributes`);
  });

  it('runs a long audit off the main thread: progress, other requests answered meanwhile, cancel', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-lsp-'));
    const big = path.join(dir, 'big.csv');
    await generateCsv(big, 1_500_000);
    const token = 'audit-progress';
    const progress: string[] = [];
    const reported = new Promise<void>((resolve) =>
      connection.onProgress(WorkDoneProgress.type, token, (value) => {
        progress.push(value.kind);
        if (value.kind === 'report') resolve();
      }),
    );
    const source = new CancellationTokenSource();
    const events: string[] = [];
    const audit = connection
      .sendRequest(
        AuditRequest,
        { uri: pathToFileURL(big).toString(), options: { label: 'label', score: 'score', sensitive: ['group', 'sex'], bootstrap: 200 }, workDoneToken: token },
        source.token,
      )
      .then(
        () => events.push('audit finished'),
        (error: ResponseError<unknown>) => events.push(error.code === LSPErrorCodes.RequestCancelled ? 'audit cancelled' : `audit failed: ${error.message}`),
      );
    await reported;
    await connection.sendRequest(ColumnsRequest, { uri: fixture('lsp/small-groups.csv') });
    events.push('columns answered');
    source.cancel();
    await audit;
    assert.deepEqual(events, ['columns answered', 'audit cancelled']);
    assert.equal(progress[0], 'begin');
    assert.ok(progress.includes('report'));
  });
});
