// What the report panel asks of the bundled language server (dist/server.js, in a child process
// as VS Code runs it): an audit says when it ran; an audited file's proxies are the leakage
// service's figures under the settings' thresholds, the same whether measured for the panel or
// already kept; a database is not checked. And a query's text loses its secrets before it
// reaches a report (expected texts written by hand).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { AuditRequest, ProxiesRequest } from '../common/protocol';
import { DEFAULT_SETTINGS } from '../common/settings';
import { proxySeverity } from '../server/src/engine/leakage/thresholds';
import { queryWithoutSecrets } from '../server/src/io/location';
import { analyzeLeakage } from '../server/src/services/leakage';
import { startServer, type ServerProcess } from './support/language-server';

const COMPAS = path.resolve(__dirname, '../../examples/compas/compas-two-years.csv');

describe('the panel’s requests to the language server', () => {
  let server: ServerProcess;

  before(async () => {
    server = await startServer();
  });

  after(() => server?.stop());

  it('returns an audit with the ISO date-time it ran at', async () => {
    const before = Date.now();
    const report = await server.connection.sendRequest(AuditRequest, {
      uri: pathToFileURL(COMPAS).toString(),
      options: { label: 'two_year_recid', score: 'decile_score', threshold: 5, sensitive: ['race'], bootstrap: 0 },
    });
    assert.match(report.ranAt!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const ranAt = Date.parse(report.ranAt!);
    assert.ok(ranAt >= before - 1000 && ranAt <= Date.now(), report.ranAt);
    assert.equal(report.query, undefined, 'a file has no query');
  });

  it("gives an audited file's proxies: the leakage service's figures, strong first, under the default thresholds", async () => {
    const uri = pathToFileURL(COMPAS).toString();
    const findings = await server.connection.sendRequest(ProxiesRequest, { uri, sensitive: ['race', 'sex'], label: 'two_year_recid' });
    assert.ok(findings.checked);
    // the service measured here, in this process: every column at or over a threshold, and no other
    const leakage = await analyzeLeakage(COMPAS, { sensitive: ['race', 'sex'], label: 'two_year_recid', sampleSize: 20_000, jointRows: 5_000 });
    const expected = leakage.columns
      .filter((c) => proxySeverity(c, DEFAULT_SETTINGS.leakage.thresholds) !== undefined)
      .map((c) => [c.column, c.sensitive, c.auc.toFixed(6)]);
    assert.ok(expected.length > 0, 'COMPAS has a proxy (decile_score predicts race)');
    const byName = (a: string[], b: string[]) => `${a[0]} ${a[1]}`.localeCompare(`${b[0]} ${b[1]}`);
    assert.deepEqual(findings.proxies.map((p) => [p.column, p.sensitive, p.auc.toFixed(6)]).sort(byName), expected.sort(byName));
    assert.deepEqual(
      findings.proxies.map((p) => p.severity),
      [...findings.proxies.map((p) => p.severity)].sort((a, b) => Number(b === 'strong') - Number(a === 'strong')),
      'strong first',
    );
    assert.deepEqual(findings.sample, { rows: 7214, totalRows: 7214, sampled: false });
    // asked again: the figures kept for the file, not a new measurement (the same, within no time)
    const started = Date.now();
    assert.deepEqual(await server.connection.sendRequest(ProxiesRequest, { uri, sensitive: ['race'], label: 'two_year_recid' }), findings);
    assert.ok(Date.now() - started < 500, `answered from what was kept (${Date.now() - started} ms)`);
  });

  it('does not check a database table, and says why', async () => {
    const findings = await server.connection.sendRequest(ProxiesRequest, {
      uri: 'parity-db:/warehouse/compas?connection=warehouse&table=compas',
      sensitive: ['race'],
      label: null,
    });
    assert.deepEqual(findings, { checked: false, reason: 'proxies are checked in data files, not in database tables or queries' });
  });

  it("takes the secrets out of a query's text, and nothing else", () => {
    const location = 'postgres://analyst:s3cr3t-pw@db.internal:5432/warehouse';
    assert.equal(
      queryWithoutSecrets("SELECT * FROM t -- s3cr3t-pw\nWHERE note = 'see postgres://ro:hunter2@replica/db'", location),
      "SELECT * FROM t -- ***\nWHERE note = 'see postgres://ro:***@replica/db'",
    );
    assert.equal(
      queryWithoutSecrets("CREATE SECRET s (TYPE s3, KEY_ID 'AKIA1', SECRET 'abc/def'); SELECT token, api_key FROM t WHERE password = 'x'", 'duckdb:/w.duckdb'),
      'CREATE SECRET s (TYPE s3, KEY_ID ***, SECRET ***); SELECT token, api_key FROM t WHERE password = ***',
    );
    assert.equal(
      queryWithoutSecrets('SELECT race, sex FROM compas', 'postgres://analyst:ab@h/db'),
      'SELECT race, sex FROM compas',
      'a password of 2 characters is not hunted in words',
    );
  });
});
