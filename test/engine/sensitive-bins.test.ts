// A method's groups of a numeric sensitive column are the audit's bins: fitted on the fitting rows,
// applied unchanged to held-out rows and, through model.json, by `parity apply`.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { MitigationReport, ModelFile } from '../../common/reports/mitigation';
import { escape, formatMarkdown } from '../../common/render/markdown';
import { formatMitigationMarkdown } from '../../common/render/mitigation-markdown';
import { fitSensitiveBins, sensitiveGroupColumn } from '../../server/src/engine/audit/sensitive-bins';
import { tableFromRows } from '../../server/src/engine/table/table';
import { checkModel } from '../../server/src/methods/framework/model-file';
import { ferm } from '../../server/src/methods/ferm/command';
import { reweighing } from '../../server/src/methods/reweighing/command';
import { threshold } from '../../server/src/methods/threshold/command';
import { runAudit } from '../../server/src/services/audit';
import { loadTable } from '../../server/src/io/table';
import { SHARED_DATA } from '../support/adult';
import { runWithFlags } from '../support/run-with-flags';

/**
 * 24 rows, each of 12 ages twice (once per label). Sorted, the ages are 20,20,22,22,25,25,27,27,
 * 30,30,33,33,35,35,38,38,40,40,45,45,50,50,60,60; the audit's quartile k/4 is the value at index
 * floor(23k/4) (numpy's "lower"): indices 5, 11 and 17, i.e. 25, 33 and 40. So the groups are
 * <25 (20, 22: 4 rows), [25, 33) (25, 27, 30: 6), [33, 40) (33, 35, 38: 6) and >=40 (40, 45, 50, 60: 8).
 */
const AGES = [20, 22, 25, 27, 30, 33, 35, 38, 40, 45, 50, 60];
const EDGES = [25, 33, 40];
const BINS = ['<25', '[25, 33)', '[33, 40)', '>=40'];

function handRows(ages: readonly number[]): string[] {
  // score rises with age and with the label, so every group has both labels and several scores
  return ages.flatMap((age, i) => [0, 1].map((label) => `${age},${(i % 5) + label},${((age + 30 * label) / 100).toFixed(2)},${label},${i % 2 ? 'x' : 'y'}`));
}

function write(dir: string, name: string, rows: readonly string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, ['age,x,score,label,kind', ...rows].join('\n') + '\n');
  return file;
}

function groupNames(summary: MitigationReport['before']): string[] {
  return summary.groups.map((g) => g.group).sort();
}

describe('sensitive bins of the methods', () => {
  it('fits the quartile edges computed by hand, and names the rows by the audit’s bins', async () => {
    const rows = handRows(AGES).map((line) => line.split(','));
    const table = tableFromRows(
      'hand.csv',
      ['age', 'x', 'score', 'label', 'kind'],
      rows,
      rows.map((_, i) => i + 2),
    );
    const bins = fitSensitiveBins(table, ['age']);
    assert.deepEqual(bins, { age: { edges: EDGES } });
    const groups = sensitiveGroupColumn(table, ['age'], bins);
    const count = (name: string) => groups.filter((g) => g === name).length;
    assert.deepEqual(BINS.map(count), [4, 6, 6, 8]);
    // a column of words keeps its values; with a binned one they are crossed as the audit crosses them
    assert.deepEqual(fitSensitiveBins(table, ['kind']), {});
    assert.equal(sensitiveGroupColumn(table, ['age', 'kind'], bins)[0], '<25 & y');
    // explicit --bins edges replace the quartiles
    assert.deepEqual(fitSensitiveBins(table, ['age'], { age: [30] }), { age: { edges: [30] } });
    assert.throws(() => fitSensitiveBins(table, ['kind'], { kind: [1] }), /bin edges were given for "kind", which is not numeric/);
  });

  it('reweighing with sensitive = age reports the audit’s groups and bins', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-bins-'));
    const file = write(dir, 'hand.csv', handRows(AGES));
    const report = await runWithFlags(reweighing, { train: file, label: 'label', sensitive: 'age', features: 'x', bootstrap: '0', out: path.join(dir, 'out') });
    assert.deepEqual(groupNames(report.before), [...BINS].sort());
    assert.deepEqual(groupNames(report.after), [...BINS].sort());
    assert.deepEqual(report.columns.bins, { age: EDGES });
    const audit = await runAudit(file, { roles: { label: 'label', sensitive: ['age'], exact: true }, bootstrap: 0 });
    const audited = audit.groupings.find((g) => g.by.length === 1 && g.by[0] === 'age')!;
    assert.deepEqual(audited.groups.map((g) => g.key.age).sort(), groupNames(report.before));
    assert.deepEqual(audit.columns.bins, report.columns.bins);
    // both reports state the bins alike, by the groups' names
    const line = `- ${escape('Bins: age <25, [25, 33), [33, 40), >=40')}\n`;
    assert.ok(formatMarkdown(audit).includes(line));
    assert.ok(formatMitigationMarkdown(report).includes(line));
  });

  it('FERM with sensitive = age states the same bins as the other methods', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-bins-'));
    const file = write(dir, 'hand.csv', handRows(AGES));
    const report = await runWithFlags(ferm, { train: file, label: 'label', sensitive: 'age', features: 'x', bootstrap: '0', out: path.join(dir, 'out') });
    assert.deepEqual(groupNames(report.after), [...BINS].sort());
    assert.deepEqual(report.columns.bins, { age: EDGES });
    assert.ok(formatMitigationMarkdown(report).includes(`- ${escape('Bins: age <25, [25, 33), [33, 40), >=40')}\n`));
  });

  it('threshold: held-out rows use the training edges, and apply with model.json reproduces the groups', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-bins-'));
    const data = write(dir, 'data.csv', handRows(AGES));
    // the held-out file's own quartiles would differ; by the training edges 24 is <25, 26 and 31 [25, 33), 39 [33, 40), 70 >=40
    const test = write(dir, 'test.csv', handRows([24, 26, 31, 39, 70]));
    const out = path.join(dir, 'out');
    const report = await runWithFlags(threshold, { data, test, score: 'score', label: 'label', sensitive: 'age', bootstrap: '0', out });
    assert.deepEqual(report.columns.bins, { age: EDGES });
    const counts = Object.fromEntries(report.after.groups.map((g) => [g.group, g.count]));
    assert.deepEqual(counts, { '<25': 2, '[25, 33)': 4, '[33, 40)': 2, '>=40': 2 });
    assert.deepEqual((report.parameters.rules as { group: string }[]).map((r) => r.group).sort(), [...BINS].sort());

    const model = checkModel(threshold.modelSchema!, JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')) as ModelFile, 'model.json') as ModelFile;
    assert.deepEqual((model as { bins?: unknown }).bins, { age: { edges: EDGES } });
    const applied = path.join(dir, 'applied.csv');
    await threshold.apply!(model, test, { out: applied, csv: {} }, {});
    const probability = (file: string) =>
      readFileSync(file, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',').at(-2));
    assert.deepEqual(probability(applied), probability(path.join(out, 'predictions.csv')));
  });

  it('an older model.json without bins keeps working (groups are the values)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-bins-'));
    const data = write(dir, 'data.csv', handRows(AGES));
    const out = path.join(dir, 'out');
    await runWithFlags(threshold, { data, score: 'score', label: 'label', sensitive: 'kind', bootstrap: '0', out });
    const { bins, ...older } = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8'));
    assert.deepEqual(bins, {});
    const model = checkModel(threshold.modelSchema!, older as ModelFile, 'model.json') as ModelFile;
    const applied = path.join(dir, 'applied.csv');
    await threshold.apply!(model, data, { out: applied, csv: {} }, {});
    assert.equal(readFileSync(applied, 'utf8'), readFileSync(path.join(out, 'predictions.csv'), 'utf8'));
  });

  it("German credit's age as the sensitive attribute: reweighing runs on the audit's four bins", async () => {
    // german.data: space-separated, no header; attribute 13 is the age in years, 21 the class (1 good, 2 bad)
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-bins-'));
    const lines = readFileSync(path.join(SHARED_DATA, 'german.data'), 'utf8').trimEnd().split('\n');
    const fields = lines.map((line) => line.trim().split(/\s+/));
    const file = path.join(dir, 'german.csv');
    writeFileSync(file, ['duration,amount,age,good', ...fields.map((f) => [f[1], f[4], f[12], f[20] === '1' ? 1 : 0].join(','))].join('\n') + '\n');
    // single ages have one label only (e.g. the one 74-year-old): a group per age would fail
    const report = await runWithFlags(reweighing, {
      train: file,
      label: 'good',
      sensitive: 'age',
      features: 'duration,amount',
      bootstrap: '0',
      out: path.join(dir, 'out'),
    });
    const audit = await runAudit(file, { roles: { label: 'good', sensitive: ['age'], exact: true }, bootstrap: 0 });
    assert.equal(report.before.groups.length, 4);
    assert.deepEqual(groupNames(report.before), audit.groupings[0]!.groups.map((g) => g.key.age).sort());
    assert.deepEqual(report.columns.bins, audit.columns.bins);
  });

  it("Adult's age binned on adult.data is applied unchanged to adult.test", async () => {
    const csv = { header: false, columnNames: ['age'], comments: '|' };
    const only = (gz: string) => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'parity-bins-')), 'ages.csv');
      const ages = gunzipSync(readFileSync(path.join(SHARED_DATA, gz)))
        .toString('utf8')
        .split('\n')
        .filter((line) => line.includes(','))
        .map((line) => line.split(',')[0]!.trim());
      writeFileSync(file, ages.join('\n') + '\n');
      return file;
    };
    const train = await loadTable(only('adult.data.gz'), csv);
    const test = await loadTable(only('adult.test.gz'), csv);
    const bins = fitSensitiveBins(train, ['age']);
    // the quartiles by numpy's "lower" rule: the value at index floor((n - 1) k / 4) of the sorted ages
    const sorted = Array.from({ length: train.rowCount }, (_, row) => Number(train.data[0]!.text(row))).sort((a, b) => a - b);
    const quartiles = [1, 2, 3].map((k) => sorted[Math.floor(((sorted.length - 1) * k) / 4)]!);
    assert.deepEqual(bins, { age: { edges: quartiles } });
    // adult.test's rows are named by those edges, not by quartiles of their own
    const names = sensitiveGroupColumn(test, ['age'], bins);
    const below = Array.from({ length: test.rowCount }, (_, row) => Number(test.data[0]!.text(row))).filter((age) => age < quartiles[0]!).length;
    assert.equal(names.filter((name) => name === `<${quartiles[0]}`).length, below);
    assert.equal(new Set(names).size, 4);
  });
});
