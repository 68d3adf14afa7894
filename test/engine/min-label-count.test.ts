// A group with enough rows but few rows of a label value (--min-label-count): set aside from the
// aggregates over adequately sized groups, no four-fifths flags on the rates conditioned on the
// label, and said why in the report and its renderings. Every expected figure is worked out by
// hand from the counts of the hand-made file below.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runAudit } from '../../server/src/services/audit';
import type { AuditOptions } from '../../server/src/engine/audit/options';
import { summarizeOutcomes } from '../../server/src/engine/audit/outcomes';
import type { AuditReport, Grouping, GroupResult } from '../../common/reports/audit';
import { aggregatePair } from '../../common/render/audit-model';
import { aggregatesTable, groupsNote, groupsTable } from '../../common/render/audit-tables';
import { formatTable } from '../../server/src/adapters/cli/format/table';
import { beforeAfterTable, perGroupTable } from '../../common/render/mitigation-model';
import { mitigationShell } from '../support/mitigation-shell';
import { parseCommandLine } from '../../server/src/adapters/cli/flags';
import { AUDIT_COMMAND_PARAMS, auditCommandOptions } from '../../server/src/services/audit-params';
import { outcomeEvaluation } from '../../server/src/params/fragments';
import { THRESHOLD_PARAMS } from '../../server/src/methods/threshold/params';

/**
 * Three groups of 40 rows, as [TP, FN, FP, TN]:
 *   A: 15, 5, 4, 16  → 20 positives, 20 negatives; TPR 15/20 = 0.75, FPR 4/20 = 0.2, selection 19/40 = 0.475
 *   B:  6, 4, 9, 21  → 10 positives, 30 negatives; TPR 6/10 = 0.6,  FPR 9/30 = 0.3, selection 15/40 = 0.375
 *   C:  0, 2, 2, 36  →  2 positives, 38 negatives; TPR 0/2 = 0,     FPR 2/38,       selection 2/40 = 0.05
 * C passes the row count (40 ≥ 30) but has 2 rows with a positive label, under 5.
 */
const COUNTS = { A: [15, 5, 4, 16], B: [6, 4, 9, 21], C: [0, 2, 2, 36] } as const;

function close(actual: number | null | undefined, expected: number, label: string): void {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= 1e-12, `${label}: expected ${expected}, got ${actual}`);
}

function group(grouping: Grouping, name: string): GroupResult {
  const found = grouping.groups.find((g) => g.key['grp'] === name);
  assert.ok(found, `group ${name}`);
  return found;
}

describe('groups with few rows of a label value (minLabelCount)', () => {
  let directory: string;
  let file: string;
  const audit = (extra: Partial<AuditOptions> = {}): Promise<AuditReport> =>
    runAudit(file, { roles: { label: 'label', prediction: 'prediction', sensitive: ['grp'], exact: true }, bootstrap: 0, ...extra });

  before(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'parity-min-labels-'));
    file = path.join(directory, 'few-positives.csv');
    const cells: [number, number][] = [
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ];
    const rows = Object.entries(COUNTS).flatMap(([name, counts]) =>
      counts.flatMap((n, i) => Array.from({ length: n }, () => `${name},${cells[i]![0]},${cells[i]![1]}`)),
    );
    writeFileSync(file, ['grp,label,prediction', ...rows].join('\n') + '\n');
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('sets C aside from the adequate aggregates, keeps it in those over all groups, and says why', async () => {
    const report = await audit();
    assert.equal(report.minLabelCount, 5, 'the default: 5 rows of each label value');
    const grouping = report.groupings[0]!;
    const c = group(grouping, 'C');
    assert.equal(c.count, 40);
    assert.equal(c.small, false, 'C has enough rows');
    assert.deepEqual(c.labels, { positive: 2, negative: 38 });
    assert.equal(c.fewLabels, true);
    assert.equal(group(grouping, 'B').fewLabels, undefined, 'B has 10 positives and 30 negatives');
    assert.deepEqual(group(grouping, 'B').labels, { positive: 10, negative: 30 });
    assert.equal(grouping.largeGroups.minLabelCount, 5);
    assert.equal(grouping.largeGroups.groups, 2);
    // over all groups: TPR 0.75 − 0; over A and B: 0.75 − 0.6
    close(grouping.aggregates['equal_opportunity_difference'], 0.75, 'EOD over all groups');
    close(grouping.largeGroups.aggregates['equal_opportunity_difference'], 0.15, 'EOD over A and B');
    // equalized odds: max(TPR gap, FPR gap): all max(0.75, 0.3 − 2/38) = 0.75; A and B max(0.15, 0.1) = 0.15
    close(grouping.aggregates['equalized_odds_difference'], 0.75, 'equalized odds over all groups');
    close(grouping.largeGroups.aggregates['equalized_odds_difference'], 0.15, 'equalized odds over A and B');
    // the whole group is set aside: selection rates over A and B 0.475 − 0.375
    close(grouping.aggregates['demographic_parity_difference'], 0.475 - 0.05, 'DPD over all groups');
    close(grouping.largeGroups.aggregates['demographic_parity_difference'], 0.1, 'DPD over A and B');
    const warning = report.warnings.find((w) => w.code === 'few-labels');
    assert.ok(warning, 'a warning names the group');
    assert.match(warning.message, /C \(2 rows with a positive label, under 5\)/);
  });

  it('raises no flag on C’s label-conditioned rates, and keeps its selection-rate flag', async () => {
    // the reference is A (groups of equal size: the first by name); C/A: TPR 0 / 0.75, FPR (2/38) / 0.2 = 0.26,
    // selection 0.05 / 0.475 = 0.105: all outside [0.8, 1.25]
    const flagged = (report: AuditReport) => group(report.groupings[0]!, 'C').flagged;
    const withRule = flagged(await audit());
    assert.ok(withRule.includes('selection_rate'), withRule.join());
    assert.ok(!withRule.includes('true_positive_rate') && !withRule.includes('false_positive_rate'), withRule.join());
    const withoutRule = flagged(await audit({ minLabelCount: 0 }));
    assert.ok(withoutRule.includes('true_positive_rate') && withoutRule.includes('false_positive_rate'), withoutRule.join());
  });

  it('0 turns the rule off; a count equal to the minimum passes', async () => {
    for (const minLabelCount of [0, 2]) {
      const grouping = (await audit({ minLabelCount })).groupings[0]!;
      assert.equal(group(grouping, 'C').fewLabels, undefined, `minLabelCount ${minLabelCount}`);
      assert.equal(grouping.largeGroups.groups, 3);
      close(grouping.largeGroups.aggregates['equal_opportunity_difference'], 0.75, `EOD, minLabelCount ${minLabelCount}`);
    }
    const three = (await audit({ minLabelCount: 3 })).groupings[0]!;
    assert.equal(three.largeGroups.groups, 2, '2 positives are under 3');
  });

  it('the renderings word why C is set aside', async () => {
    const report = await audit();
    const grouping = report.groupings[0]!;
    const pair = aggregatePair(report, grouping, 'equal_opportunity_difference', 'all');
    assert.ok(pair);
    assert.equal(pair.text, 'A vs C');
    assert.match(pair.title, /"C" \(40 rows\) has 2 rows with a positive label, under 5, too few to judge/);
    assert.match(pair.title, /the column "2 groups with ≥ 30 rows and ≥ 5 of each label" leaves it out/);
    assert.equal(aggregatePair(report, grouping, 'equal_opportunity_difference', 'large')!.text, 'A vs B');
    const large = aggregatesTable(report, grouping).columns.find((c) => c.key === 'large');
    assert.equal(large?.label, '2 groups with ≥ 30 rows and ≥ 5 of each label');
    const row = groupsTable(report, grouping, undefined, 'static').rows.find((r) => r.cells[0]!.text === 'C')!;
    assert.equal(row.cells[0]!.badge, 'few labels');
    assert.match(row.cells[0]!.title!, /2 rows with a positive label, under 5/);
    assert.match(groupsNote(report, grouping, undefined, 'static'), /Groups marked few labels have fewer than 5 rows with a positive or with a negative label/);
    const text = formatTable(report);
    assert.match(text, /C \(few labels\)/);
    assert.match(text, /\(few labels\): fewer than 5 rows with a positive or with a negative label/);
  });

  it('--min-label-count reaches the audit; a negative count is refused', () => {
    const options = (argv: string[]) => {
      const line = parseCommandLine(argv, AUDIT_COMMAND_PARAMS);
      assert.ok(!line.help);
      return auditCommandOptions(line.params);
    };
    assert.equal(options(['--min-label-count', '2']).minLabelCount, 2);
    assert.equal(options([]).minLabelCount, undefined, 'unset: the default or the setting');
    assert.throws(() => parseCommandLine(['--min-label-count', '-1'], AUDIT_COMMAND_PARAMS), /min-label-count|Minimum rows per label value/);
    // the threshold optimizer, which takes --min-group-size, takes it too, into its before/after evaluation
    const line = parseCommandLine(['--data', 'a.csv', '--label', 'y', '--sensitive', 'g', '--min-label-count', '0'], THRESHOLD_PARAMS);
    assert.ok(!line.help);
    assert.equal(outcomeEvaluation(line.params).minLabelCount, 0);
  });

  it('a mitigation summary sets the same group aside', () => {
    const labels: number[] = [];
    const predictions: number[] = [];
    const groups: string[] = [];
    const cells = [
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ];
    for (const [name, counts] of Object.entries(COUNTS))
      counts.forEach((n, i) => {
        for (let k = 0; k < n; k++) {
          labels.push(cells[i]![0]!);
          predictions.push(cells[i]![1]!);
          groups.push(name);
        }
      });
    const summary = summarizeOutcomes({ task: 'classification', labels, predictions, groups }, { bootstrap: 0 });
    assert.equal(summary.largeGroups?.minLabelCount, 5);
    assert.equal(summary.largeGroups?.groups, 2);
    close(summary.largeGroups?.aggregates['equal_opportunity_difference'], 0.15, 'EOD over A and B');
    close(summary.aggregates['equal_opportunity_difference'], 0.75, 'EOD over all groups');
    assert.equal(summary.groups.find((g) => g.group === 'C')?.fewLabels, true);

    // its before/after table: the same summary before and after, C named with its label count
    const report = mitigationShell({
      method: 'threshold',
      kind: 'post-processing',
      files: { inputs: { data: '/data/few.csv' }, predictions: '/out/predictions.csv', model: '/out/model.json', report: '/out/report.json' },
      columns: { label: 'label', sensitive: ['grp'], prediction: null, score: 'score', added: [] },
      evaluatedOn: 'data',
      measuredOn: { kind: 'data', file: '/data/few.csv', rows: 120 },
      before: summary,
      after: summary,
    });
    const large = '2 groups with ≥ 30 rows and ≥ 5 of each label';
    const rows = beforeAfterTable(report, summary).rows.filter((row) => row.cells[0]!.text === 'Equal opportunity difference');
    // the adequate groups' row first, as the audit's aggregates
    assert.deepEqual(
      rows.map((row) => row.cells[0]!.badge),
      [large, 'all 3 groups'],
    );
    assert.equal(
      rows[1]!.cells[2]!.detail,
      'lowest: C (40 rows, 2 with a positive label: 0.000), highest: A (40 rows, 20 with a positive label: 0.750) · C: under 5 of a label',
    );
    assert.equal(rows[1]!.cells[2]!.title, `C has 2 rows with a positive label, under 5, too few to judge: see the row “${large}” above`);
    assert.equal(rows[0]!.cells[2]!.detail, 'lowest: B (40 rows, 10 with a positive label: 0.600), highest: A (40 rows, 20 with a positive label: 0.750)');
    const c = perGroupTable(report, summary).rows.find((row) => row.cells[0]!.text === 'C')!;
    assert.equal(c.cells[0]!.badge, 'few labels');
  });
});
