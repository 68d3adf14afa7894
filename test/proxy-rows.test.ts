// The proxy check's two paths measure the same rows, so the report panel and the Problems
// diagnostics show the same figures in the same words: the diagnostics' check (a quick audit
// with the sample drawn from its pass) and a panel's own check (the leakage job, for columns
// the diagnostics did not measure) both take their rows from proxyRows. law_data.csv (LSAC) has
// 21,791 data rows: with the first 15,000 read and 5,000 sampled, both must say so, by hand.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { measuredRows, proxiesNote } from '../common/render/proxies';
import type { LeakageResult } from '../common/reports/leakage';
import { auditedColumns } from '../common/reports/audit';
import { DEFAULT_SETTINGS, type ParitySettings } from '../common/settings';
import { csvLeakageDiagnostics, proxyFindings } from '../server/src/adapters/lsp/leakage-diagnostics';
import { diagnoseJob, proxyCheckOptions, proxyRows } from '../server/src/adapters/lsp/proxy-rows';
import type { Diagnosis } from '../server/src/adapters/worker/jobs';
import { performJob } from '../server/src/adapters/worker/perform';
import { SHARED_DATA } from './support/adult';

const law = path.join(SHARED_DATA, 'law_data.csv');
const nothing = () => undefined;

describe("the proxy check's rows, for the diagnostics and the report panel alike", () => {
  // more rows than the diagnostics' first look (10,000), fewer than the file: the full check's rows are the file's first ones
  const settings: ParitySettings = {
    ...DEFAULT_SETTINGS,
    diagnostics: { ...DEFAULT_SETTINGS.diagnostics, maxRows: 15_000 },
    // a lower moderate threshold only chooses which figures become diagnostics (law_data.csv's columns stay under 0.65 for race)
    leakage: {
      ...DEFAULT_SETTINGS.leakage,
      sampleSize: 5_000,
      jointSampleSize: 1_000,
      thresholds: { ...DEFAULT_SETTINGS.leakage.thresholds, moderateAuc: 0.6 },
    },
  };
  const configured = { label: 'first_pf', sensitive: ['race'] };

  it('come from the settings parity.diagnostics.maxRows, parity.leakage.sampleSize and jointSampleSize', () => {
    assert.deepEqual(proxyRows(settings), { maxRows: 15_000, sampleSize: 5_000, seed: 0, jointRows: 1_000 });
  });

  it('are the same rows on both paths, so the figures and their wording are the same', async () => {
    const signal = new AbortController().signal;
    const diagnosis = (await performJob(diagnoseJob(settings, configured, law), signal, nothing)) as Diagnosis;
    const diagnosed = diagnosis.leakage;
    assert.ok(diagnosed && diagnosis.report, JSON.stringify(diagnosis.failure));
    // the panel asks with its audit's columns (client/src/commands/show.ts)
    const columns = diagnosis.report.columns;
    const options = proxyCheckOptions(settings, configured, {
      sensitive: columns.sensitive,
      label: columns.label ?? undefined,
      audited: auditedColumns(columns),
    });
    const checked = (await performJob({ kind: 'leakage', file: law, options }, signal, nothing)) as LeakageResult;

    // 5,000 of the first 15,000 rows, the file having more (21,791)
    for (const result of [diagnosed, checked]) {
      assert.deepEqual(
        { rows: result.sample.rows, totalRows: result.sample.totalRows, sampled: result.sample.sampled, firstRows: result.sample.firstRows },
        { rows: 5_000, totalRows: 15_000, sampled: true, firstRows: true },
      );
    }
    const figures = (result: LeakageResult) => result.columns.map((c) => [c.column, c.sensitive, c.auc, c.cramersV]);
    assert.ok(diagnosed.columns.length > 0);
    assert.deepEqual(figures(checked), figures(diagnosed));
    assert.deepEqual(
      checked.joint.map((j) => [j.sensitive, j.auc]),
      diagnosed.joint.map((j) => [j.sensitive, j.auc]),
    );

    const words = 'a seeded random sample of 5,000 of the first 15,000 rows of a longer file';
    assert.equal(measuredRows(checked.sample), words);
    assert.match(proxiesNote(proxyFindings(checked, settings.leakage), 'panel'), new RegExp(` Measured on ${words}\\.`));
    const proxies = csvLeakageDiagnostics('file:///law_data.csv', 0, '', diagnosed, settings.leakage);
    const messages = proxies.filter((d) => d.code === 'parity.proxy').map((d) => String(d.message));
    assert.ok(messages.length > 0, 'law_data.csv has moderate proxies of race');
    for (const message of messages) assert.ok(message.endsWith(` proxy; measured on ${words})`), message);
  });
});
