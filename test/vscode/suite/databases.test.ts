// Parquet files and database tables in the real VS Code extension host, against the installed
// .vsix (which must carry DuckDB's native binding). Expected figures: the same audit of the
// bundled example read from its CSV file by the CSV reader, compared figure by figure.
import assert from 'node:assert/strict';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
// Requests by method name: the test's copy of the protocol classes is not the bundle's.
import { AuditRequest, type AuditRequestOptions, TablesRequest, type TablesResult } from '../../../common/protocol';
import type { AuditReport } from '../../../common/reports/audit';
import { seal } from '../../../common/sealed-secret';
import { loadCsvTable } from '../databases';

const workspace = process.env.PARITY_TEST_WORKSPACE!;
const file = (name: string) => vscode.Uri.file(path.join(workspace, name));
const AUDIT: AuditRequestOptions = { label: 'two_year_recid', score: 'decile_score', threshold: 5, sensitive: ['race', 'sex'], bootstrap: 50, seed: 3 };
/** The table the database test loads, with a name that needs quoting. */
const TABLE = 'compas "editor"';

/** Every group's counts and rates, and the aggregates: what two readings of the same rows must agree on. */
function figures(report: AuditReport): unknown {
  return { rows: report.rows, rowsUsed: report.rowsUsed, groupings: report.groupings };
}

describe('Parquet and databases in the editor', () => {
  let parity: { client: LanguageClient; sealKey: string };
  let csvReport: AuditReport;

  before(async () => {
    const extension = vscode.extensions.getExtension<{ client: LanguageClient; sealKey: string }>('parity.parity');
    assert.ok(extension);
    parity = await extension.activate();
    csvReport = (await vscode.commands.executeCommand<AuditReport | undefined>('parity.auditFile', file('compas.csv'), AUDIT))!;
    assert.equal(csvReport.rows, 7214);
  });

  it('audits a Parquet file (made from the example by DuckDB) with the figures of the CSV audit', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const csv = file('compas.csv').fsPath.replaceAll("'", "''");
    await connection.run(
      `COPY (SELECT * FROM read_csv('${csv}', all_varchar = true)) TO '${file('compas.parquet').fsPath.replaceAll("'", "''")}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const report = await vscode.commands.executeCommand<AuditReport | undefined>('parity.auditFile', file('compas.parquet'), AUDIT);
    assert.ok(report, 'the audit of the Parquet file ran (the .vsix loads DuckDB)');
    assert.equal(report.file, file('compas.parquet').fsPath);
    assert.deepEqual(figures(report), figures(csvReport));
  });

  const url = process.env.PARITY_POSTGRES_URL;
  const password = process.env.PARITY_POSTGRES_PASSWORD;
  (url && password ? describe : describe.skip)('PostgreSQL (scripts/db/start.sh)', () => {
    let admin: pg.Client;

    before(async () => {
      const target = new URL(url!);
      target.password = password!;
      admin = new pg.Client({ connectionString: target.toString() });
      await admin.connect();
      await loadCsvTable(admin, TABLE, file('compas.csv').fsPath);
    });

    after(async () => {
      await admin?.query(`DROP TABLE IF EXISTS "${TABLE.replaceAll('"', '""')}"`);
      await admin?.end();
    });

    it('lists the tables, audits one with the figures of the CSV audit, and names where it ran and the rows', async () => {
      const sealedPassword = seal(password!, parity.sealKey);
      const listed = await parity.client.sendRequest<TablesResult>(TablesRequest.method, { source: url!, sealedPassword });
      const table = listed.tables.find((t) => t.name === TABLE);
      assert.ok(table, `the table is listed; got ${JSON.stringify(listed.tables.map((t) => t.name))}`);
      assert.deepEqual(table.relation, { table: TABLE });
      const report = await parity.client.sendRequest<AuditReport>(AuditRequest.method, {
        uri: 'parity-db:/test/compas',
        options: AUDIT,
        database: { source: url!, sealedPassword, relation: { query: `SELECT * FROM "${TABLE.replaceAll('"', '""')}" ORDER BY CAST(id AS integer)` } },
      });
      assert.equal(report.file, `${url} query`);
      assert.deepEqual(figures(report), figures(csvReport));
      assert.ok(!JSON.stringify(report).includes(password!), 'the report has no password');
    });

    it('refuses a URL with a password in it, without repeating the password', async () => {
      const withPassword = new URL(url!);
      withPassword.password = password!;
      await assert.rejects(parity.client.sendRequest<TablesResult>(TablesRequest.method, { source: withPassword.toString() }), (error: Error) => {
        assert.match(error.message, /has a password in its URL; leave it out/);
        assert.ok(!error.message.includes(password!));
        return true;
      });
    });

    it('cancelling the audit cancels its query on the database server', async () => {
      const sealedPassword = seal(password!, parity.sealKey);
      const cancel = new vscode.CancellationTokenSource();
      // Two minutes of sleeping rows: still running when cancelled, and nothing spills to disk (a
      // 200-million-row series once filled a CI machine's temporary files and ended on its own).
      const query =
        "SELECT CAST(i % 2 AS text) AS label, CAST(i % 3 AS text) AS prediction, CASE WHEN i % 5 = 0 THEN 'a' ELSE 'b' END AS sex FROM generate_series(1, 1200) AS i CROSS JOIN LATERAL pg_sleep(0.1 + 0 * i) AS pause";
      const running = parity.client.sendRequest(
        AuditRequest.method,
        {
          uri: 'parity-db:/test/slow',
          options: { label: 'label', prediction: 'prediction', sensitive: ['sex'] },
          database: { source: url!, sealedPassword, relation: { query } },
        },
        cancel.token,
      );
      const active = async () =>
        (
          await admin.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'parity' AND state = 'active' AND query LIKE '%generate_series%'",
          )
        ).rows[0].n as number;
      // seen once is enough: between two fetches of its rows the session is idle in its transaction
      let seen = 0;
      for (let i = 0; i < 300 && seen === 0; i++) {
        seen = await active();
        if (seen === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(seen, 1, 'the query runs on the server');
      cancel.cancel();
      await assert.rejects(running);
      let left = 1;
      for (let i = 0; i < 100 && left > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        left = await active();
      }
      assert.equal(left, 0, 'no Parity query runs on the server after cancel');
    });
  });
});
