// A model's decisions audited without the true label: the groups' selection rates, their gap and
// four-fifths flags, and nothing that needs the label. Expected rates are counted by hand from the
// rows written below, or recounted here from the bundled COMPAS file by a plain split of its lines
// (no Parity code), and DuckDB's counting must give the reader's figures.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { auditsDecisionsOnly, type AuditReport, type GroupResult } from '../../common/reports/audit';
import { describeRun, keyMetrics } from '../../common/render/text';
import { formatMarkdown } from '../../common/render/markdown';
import { runAudit } from '../../server/src/services/audit';
import { COMPAS_CSV } from '../support/compas-formats';
import { assertSameReport } from '../support/same-report';

const dir = mkdtempSync(path.join(tmpdir(), 'parity-decisions-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function csv(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

// Women: 1 of 4 approved; men: 3 of 4. The score is 0.9 for each approval and 0.2 otherwise.
const LOANS = csv(
  'loans.csv',
  ['sex,approved,score', 'F,yes,0.9', 'F,no,0.2', 'F,no,0.2', 'F,no,0.2', 'M,yes,0.9', 'M,yes,0.9', 'M,no,0.2', 'M,yes,0.9'].join('\n') + '\n',
);

function groupOf(report: AuditReport, value: string): GroupResult {
  const found = report.groupings[0]!.groups.find((g) => g.key['sex'] === value || g.key['race'] === value);
  assert.ok(found, `group ${value}`);
  return found;
}

describe('an audit of decisions without the label', () => {
  it('compares the prediction’s selection rates (1/4 and 3/4) and flags the four-fifths gap', async () => {
    const report = await runAudit(LOANS, { roles: { prediction: 'approved', sensitive: ['sex'], exact: true }, bootstrap: 0, minGroupSize: 1 });
    assert.equal(report.task, 'dataset');
    assert.ok(auditsDecisionsOnly(report));
    assert.equal(report.columns.label, null);
    assert.equal(report.columns.prediction, 'approved');
    assert.equal(report.columns.positive, 'yes');
    const women = groupOf(report, 'F');
    const men = groupOf(report, 'M');
    assert.equal(women.metrics['selection_rate'], 1 / 4);
    assert.equal(men.metrics['selection_rate'], 3 / 4);
    // nothing that needs the label
    for (const metric of ['base_rate', 'true_positive_rate', 'accuracy', 'label_imbalance']) assert.equal(women.metrics[metric], undefined, metric);
    const aggregates = report.groupings[0]!.aggregates;
    assert.equal(aggregates['demographic_parity_difference'], 3 / 4 - 1 / 4);
    assert.equal(aggregates['demographic_parity_ratio'], 1 / 3);
    // the reference is the larger group, a tie taken by the first seen (F): M's ratio is 3 > 1.25
    assert.deepEqual(report.groupings[0]!.reference, { sex: 'F' });
    assert.deepEqual(men.flagged, ['selection_rate']);
    assert.deepEqual(women.flagged, []);
    assert.deepEqual(
      keyMetrics(report).map((m) => m.name),
      ['count', 'representation', 'selection_rate'],
    );
    assert.match(describeRun(report).join('\n'), /No label column: the groups' selection rates are compared/);
  });

  it('reads in the exported report as decisions: their meaning, the selected share, its gap to the reference', async () => {
    const report = await runAudit(LOANS, {
      roles: { prediction: 'approved', sensitive: ['sex'], exact: true },
      positiveMeans: 'benefit',
      bootstrap: 0,
      minGroupSize: 1,
    });
    const markdown = formatMarkdown(report);
    assert.match(markdown, /A positive prediction \(approved = yes\) is favourable: groups with lower selection rates are disadvantaged/);
    assert.match(markdown, /a ratio above 1 on the selection rate means the group gets it more often/);
    // M against the reference F: 3/4 − 1/4 and (3/4) / (1/4), by hand
    assert.match(markdown, /\| M \| 4 \| 0\.500 \| 3 \|/);
    assert.doesNotMatch(markdown, /TPR|base rate|Base rate/);
  });

  it('cuts a score at the threshold: the same rates as the prediction above', async () => {
    const report = await runAudit(LOANS, { roles: { score: 'score', sensitive: ['sex'], exact: true }, threshold: 0.5, bootstrap: 0, minGroupSize: 1 });
    assert.ok(auditsDecisionsOnly(report));
    assert.equal(report.columns.score, 'score');
    assert.equal(report.columns.threshold, 0.5);
    assert.equal(groupOf(report, 'F').metrics['selection_rate'], 1 / 4);
    assert.equal(groupOf(report, 'M').metrics['selection_rate'], 3 / 4);
    assert.match(describeRun(report).join('\n'), /prediction = score >= 0.5/);
  });

  it('refuses a many-valued prediction, and a model task, without the label, naming the fix', async () => {
    const grades = csv('grades.csv', ['sex,grade', 'F,4', 'F,10', 'F,12', 'M,15', 'M,9', 'M,11'].join('\n') + '\n');
    await assert.rejects(
      runAudit(grades, { roles: { prediction: 'grade', sensitive: ['sex'], exact: true }, bootstrap: 0 }),
      /prediction "grade" has more than two values: without the true label only yes\/no decisions are compared/,
    );
    // a cut of the prediction makes it yes/no: 10 and above is 2 of 3 women, 2 of 3 men
    const cut = await runAudit(grades, { roles: { prediction: 'grade', sensitive: ['sex'], exact: true }, positive: '>=10', bootstrap: 0, minGroupSize: 1 });
    assert.equal(groupOf(cut, 'F').metrics['selection_rate'], 2 / 3);
    await assert.rejects(
      runAudit(LOANS, { roles: { prediction: 'approved', sensitive: ['sex'], exact: true }, task: 'classification', bootstrap: 0 }),
      /--task classification of the model output "approved" needs the true label/,
    );
    // two columns named like the label: no label is inferred, and the audit does not go on without one
    const ambiguous = csv('ambiguous.csv', ['sex,label,target,approved', 'F,1,1,yes', 'M,0,0,no'].join('\n') + '\n');
    await assert.rejects(
      runAudit(ambiguous, { roles: { prediction: 'approved', sensitive: ['sex'] }, bootstrap: 0 }),
      /needs the true label, which the column names do not settle \(ambiguous label: candidates label, target\)/,
    );
  });

  it('gives the bundled COMPAS decile cut at 5 per race as a plain count of the file does', async () => {
    const report = await runAudit(COMPAS_CSV, { roles: { score: 'decile_score', sensitive: ['race'], exact: true }, threshold: 5, bootstrap: 0 });
    const [header, ...lines] = readFileSync(COMPAS_CSV, 'utf8').trimEnd().split('\n');
    const columns = header!.split(',');
    const [race, decile] = [columns.indexOf('race'), columns.indexOf('decile_score')];
    const counts = new Map<string, [number, number]>();
    for (const line of lines) {
      const fields = line.split(',');
      const [rows, selected] = counts.get(fields[race]!) ?? [0, 0];
      counts.set(fields[race]!, [rows + 1, selected + (Number(fields[decile]) >= 5 ? 1 : 0)]);
    }
    assert.equal(report.groupings[0]!.groups.length, counts.size);
    for (const [group, [rows, selected]] of counts) {
      const result = groupOf(report, group);
      assert.equal(result.count, rows, group);
      assert.equal(result.metrics['selection_rate'], selected / rows, group);
    }
  });

  it('is counted by DuckDB as the reader counts it, intervals included', () => {
    const cli = path.resolve(__dirname, '../../../dist/cli.js');
    const args = ['--score', 'decile_score', '--threshold', '5', '--sensitive', 'race,sex', '--exact-roles', '--bootstrap', '40', '--format', 'json'];
    const run = (counting: string) => {
      const result = spawnSync(process.execPath, [cli, 'audit', COMPAS_CSV, ...args, '--csv-counting', counting], { encoding: 'utf8', maxBuffer: 64 << 20 });
      assert.equal(result.status, 0, result.stderr);
      return JSON.parse(result.stdout) as AuditReport;
    };
    const reader = run('reader');
    const counted = run('duckdb');
    assert.equal(counted.counting?.by, 'duckdb');
    assert.ok(assertSameReport(counted, reader) > 50);
  });
});
