// The order in which the audit's views list the groups of a binned numeric column: bin order, not
// size order, with the reference (the largest group) still marked on its own row. The file is
// written here; the expected orders are read off its row counts by hand.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { groupName } from '../common/render/audit-model';
import { groupingCharts } from '../common/render/audit-charts';
import { groupsTable, referenceTable } from '../common/render/audit-tables';
import { formatMarkdown } from '../common/render/markdown';
import { formatTable } from '../server/src/adapters/cli/format/table';
import { runAudit } from '../server/src/services/audit';

/** `count` rows of age `age` and sex `sex`, the first `yes` of them approved. */
function rows(age: string, sex: string, count: number, yes: number): string[] {
  return Array.from({ length: count }, (_, i) => `${age},${sex},${i < yes ? 'yes' : 'no'}`);
}

describe('binned groups are listed in bin order', async () => {
  // bins at 33, 39, 48: "<33" 40 rows (ages 25), "[33, 39)" 10 (35), "[39, 48)" 60 (40), ">=48" 25 (50);
  // by size: [39, 48) 60, <33 40, >=48 25, [33, 39) 10
  const lines = [
    ...rows('25', 'f', 20, 10),
    ...rows('25', 'm', 20, 12),
    ...rows('35', 'f', 10, 5),
    ...rows('40', 'f', 25, 10),
    ...rows('40', 'm', 35, 20),
    ...rows('50', 'm', 25, 15),
  ];
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'parity-bins-')), 'ages.csv');
  writeFileSync(file, ['age,sex,approved', ...lines, ''].join('\n'));
  const report = await runAudit(file, { roles: { label: 'approved', sensitive: ['age', 'sex'] }, bins: { age: [33, 39, 48] }, bootstrap: 0 });
  const age = report.groupings.find((g) => g.by.length === 1 && g.by[0] === 'age')!;
  const inBinOrder = ['<33', '[33, 39)', '[39, 48)', '>=48'];

  it('the report keeps its size order; the tables list the bins in order, the reference marked on its row', () => {
    assert.deepEqual(
      age.groups.map((g) => g.key.age),
      ['[39, 48)', '<33', '>=48', '[33, 39)'],
    );
    for (const table of [groupsTable(report, age, undefined, 'panel'), referenceTable(report, age)]) {
      assert.deepEqual(
        table.rows.map((row) => row.cells[0]!.text.replace(/\s*\(reference\)$/, '')),
        inBinOrder,
        table.label,
      );
      assert.deepEqual(
        table.rows.map((row) => row.class?.includes('reference') ?? false),
        [false, false, true, false],
        `${table.label}: the reference is [39, 48), the largest`,
      );
    }
  });

  it('the charts, the Markdown export and the CLI table list them in the same order', () => {
    const order = (text: string) => inBinOrder.map((label) => text.indexOf(label));
    const increasing = (positions: number[]) => positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!));
    const [bars] = groupingCharts(report, age, undefined);
    assert.ok(increasing(order(bars!.replaceAll('&lt;', '<').replaceAll('&gt;', '>'))), 'bar chart');
    // the rows of the age table, below its title (which names the reference)
    const markdown = formatMarkdown(report).replaceAll('\\', '');
    const section = markdown.slice(markdown.indexOf('\n|', markdown.indexOf('## By age')));
    assert.ok(increasing(order(section)), section.slice(0, 400));
    const table = formatTable(report);
    const rowsOfAge = table.slice(table.indexOf('\n', table.indexOf('== age:')));
    assert.ok(increasing(order(rowsOfAge)), rowsOfAge);
  });

  it('an intersection lists its groups by bin, the groups of one bin by size', () => {
    const both = report.groupings.find((g) => g.by.length === 2)!;
    const listed = groupsTable(report, both, undefined, 'panel').rows.map((row) => row.cells[0]!.text.replace(/\s*\(reference\)$/, ''));
    // the report's order within each bin (largest first, the empty [33, 39) & m and >=48 & f last),
    // the bins in order: <33 f and m (20 rows each), [33, 39) f then m, [39, 48) m (35) then f (25), >=48 m then f
    const inReportOrder = both.groups.map((g) => groupName(g));
    const expected = inBinOrder.flatMap((bin) => inReportOrder.filter((name) => name.startsWith(`${bin} & `)));
    assert.deepEqual(listed, expected);
    assert.deepEqual(listed.slice(4, 6), ['[39, 48) & m', '[39, 48) & f']);
  });
});

describe('groups of a column of a few numbers (not binned) are listed by value', async () => {
  // ages 17 (30 rows), 15 (20), 16 (10), empty (5): by size 17, 15, 16, (missing); by value 15, 16, 17, then (missing)
  const lines = [...rows('17', 'f', 30, 12), ...rows('15', 'm', 20, 8), ...rows('16', 'f', 10, 5), ...rows('', 'm', 5, 2)];
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'parity-ages-')), 'ages.csv');
  writeFileSync(file, ['age,sex,approved', ...lines, ''].join('\n'));
  const report = await runAudit(file, { roles: { label: 'approved', sensitive: ['age', 'sex'] }, bootstrap: 0 });

  it('says which column the missing sensitive values are in: the 5 empty ages', () => {
    const warning = report.warnings.find((w) => w.code === 'missing-sensitive')!;
    assert.equal(warning.message, '5 sensitive values are missing (age 5); those rows form the group "(missing)"');
    // on the age column: its diagnostic sits on that header cell, not across the whole header line
    assert.equal(warning.column, 'age');
  });

  it('the table lists 15, 16, 17, (missing); a crossing goes by age, then the report’s order', () => {
    const age = report.groupings.find((g) => g.by.join() === 'age')!;
    assert.deepEqual(
      age.groups.map((g) => g.key.age),
      ['17', '15', '16', '(missing)'],
      'the report keeps its size order',
    );
    assert.deepEqual(
      groupsTable(report, age, undefined, 'static').rows.map((r) => r.cells[0]!.text),
      ['15', '16', '17', '(missing)'],
    );
    // the crossing lists its empty combinations too (17 & m: no rows): ages in order, each with its sexes together
    const crossed = report.groupings.find((g) => g.by.join() === 'age,sex')!;
    const ages = groupsTable(report, crossed, undefined, 'static').rows.map((r) => r.cells[0]!.text.split(' & ')[0]);
    assert.deepEqual(
      ages.filter((a, i) => a !== ages[i - 1]),
      ['15', '16', '17', '(missing)'],
    );
  });

  it('a column of words keeps the size order', () => {
    const sex = report.groupings.find((g) => g.by.join() === 'sex')!;
    assert.deepEqual(
      groupsTable(report, sex, undefined, 'static').rows.map((r) => r.cells[0]!.text),
      sex.groups.map((g) => g.key.sex),
    );
  });
});
