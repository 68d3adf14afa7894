// A positive outcome that cuts a numeric label (--positive ">=10"): the parser, the audit's base and
// selection rates, the methods' binary labels, and the errors. Expected rates are counted by hand
// from the rows written below (the counts are in the comments).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { cutWords, parsePositive, positiveText } from '../../common/positive-outcome';
import type { AuditReport, GroupResult } from '../../common/reports/audit';
import { describeRun } from '../../common/render/text';
import { InputError } from '../../server/src/engine/errors';
import { binaryColumn } from '../../server/src/engine/table/table';
import { labelTable } from '../support/label-table';
import { validateParameters } from '../../server/src/params/schema';
import { AUDIT_OPTIONS } from '../../server/src/services/audit-params';
import { runAudit } from '../../server/src/services/audit';
import { medianOfCounts } from '../../server/src/engine/schema/median';

const dir = mkdtempSync(path.join(tmpdir(), 'parity-label-cut-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function csv(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

// Group A has grades 4, 10, 15, 15; group B 9, 9, 10, 4. pred is a predicted grade.
const GRADES = csv('grades.csv', ['g,grade,pred', 'A,4,12', 'A,10,9', 'A,15,15', 'A,15,10', 'B,9,4', 'B,9,11', 'B,10,9', 'B,4,4'].join('\n') + '\n');

function groupOf(report: AuditReport, value: string): GroupResult {
  const found = report.groupings[0]!.groups.find((g) => g.key['g'] === value);
  assert.ok(found, `group ${value}`);
  return found;
}

describe('the positive outcome text', () => {
  it('reads an operator before a number as a cut, in ASCII or Unicode, with or without a space', () => {
    assert.deepEqual(parsePositive('>=10'), { kind: 'cut', operator: '>=', threshold: 10 });
    assert.deepEqual(parsePositive('≥ 10'), { kind: 'cut', operator: '>=', threshold: 10 });
    assert.deepEqual(parsePositive('> 0.5'), { kind: 'cut', operator: '>', threshold: 0.5 });
    assert.deepEqual(parsePositive('≤-2'), { kind: 'cut', operator: '<=', threshold: -2 });
    assert.deepEqual(parsePositive('<3'), { kind: 'cut', operator: '<', threshold: 3 });
    // saved and reported in one spelling
    assert.equal(positiveText(parsePositive('≥ 10')), '>=10');
    assert.equal(cutWords('G3', '>=10'), 'G3 ≥ 10');
  });

  it('keeps a plain value, and an operator before a word (the adult data’s ">50K"), a value', () => {
    assert.deepEqual(parsePositive('11'), { kind: 'value', value: '11' });
    assert.deepEqual(parsePositive('>50K'), { kind: 'value', value: '>50K' });
    assert.deepEqual(parsePositive('<=50K'), { kind: 'value', value: '<=50K' });
    assert.equal(cutWords('G3', '11'), undefined);
  });

  it('refuses a reversed operator with the spelling to use, on the command line too', () => {
    assert.throws(() => parsePositive('=>10'), /"=>10" is not a comparison: write ">=10"/);
    assert.throws(() => parsePositive('=<10'), /write "<=10"/);
    assert.throws(() => validateParameters(AUDIT_OPTIONS, { positive: '=>10' }), /--positive "=>10" is not a comparison: write ">=10"/);
  });
});

describe('an audit under a cut of the label', () => {
  it('compares the groups’ pass rates under ≥ 10 and > 10 (dataset audit)', async () => {
    const atLeast = await runAudit(GRADES, { roles: { label: 'grade', sensitive: ['g'], exact: true }, positive: '>=10', bootstrap: 0 });
    assert.equal(atLeast.task, 'dataset');
    // A: 10, 15, 15 of 4 pass; B: 10 of 4
    assert.equal(groupOf(atLeast, 'A').metrics['base_rate'], 3 / 4);
    assert.equal(groupOf(atLeast, 'B').metrics['base_rate'], 1 / 4);
    assert.equal(atLeast.columns.positive, '>=10');
    assert.match(describeRun(atLeast)[0]!, /label grade \(positive: grade ≥ 10\)/);

    const above = await runAudit(GRADES, { roles: { label: 'grade', sensitive: ['g'], exact: true }, positive: '> 10', bootstrap: 0 });
    // A: 15, 15 of 4; B: none of 4 (10 is not above 10)
    assert.equal(groupOf(above, 'A').metrics['base_rate'], 2 / 4);
    assert.equal(groupOf(above, 'B').metrics['base_rate'], 0);
    assert.equal(above.columns.positive, '>10');
  });

  it('cuts a numeric prediction like the label (classification audit)', async () => {
    const report = await runAudit(GRADES, { roles: { label: 'grade', prediction: 'pred', sensitive: ['g'] }, positive: '>=10', bootstrap: 0 });
    assert.equal(report.task, 'classification');
    // predicted ≥ 10: A 12, 15, 10 (3 of 4); B 11 (1 of 4)
    assert.equal(groupOf(report, 'A').metrics['selection_rate'], 3 / 4);
    assert.equal(groupOf(report, 'B').metrics['selection_rate'], 1 / 4);
    // A's passes (10, 15, 15) predicted 9, 15, 10: 2 of 3; B's pass (10) predicted 9: 0 of 1
    assert.equal(groupOf(report, 'A').metrics['true_positive_rate'], 2 / 3);
    assert.equal(groupOf(report, 'B').metrics['true_positive_rate'], 0);
  });

  it('names the file, line and column of a word in the label', async () => {
    const file = csv('word.csv', 'g,grade\nA,12\nB,8\nA,absent\nB,14\n');
    await assert.rejects(
      runAudit(file, { roles: { label: 'grade', sensitive: ['g'], exact: true }, positive: '>=10', bootstrap: 0 }),
      (e: unknown) =>
        e instanceof InputError &&
        e.location?.file === file &&
        e.location.line === 4 &&
        e.location.column === 'grade' &&
        /"absent" is not a number, but the positive outcome grade ≥ 10 compares numbers/.test(e.detail),
    );
  });

  it('says a value of a many-valued label is not used, rather than ignoring it silently', async () => {
    const report = await runAudit(GRADES, { roles: { label: 'grade', sensitive: ['g'], exact: true }, positive: '10', bootstrap: 0 });
    assert.ok(report.warnings.some((w) => /positive value "10" not used/.test(w.message)));
  });
});

describe('the methods’ binary labels under a cut', () => {
  it('read 1 where the number passes the cut', () => {
    const grades = labelTable(['4', '9', '10', '15']);
    assert.deepEqual([...binaryColumn(grades, 'y', '>=10').values], [0, 0, 1, 1]);
    assert.deepEqual([...binaryColumn(grades, 'y', '>10').values], [0, 0, 0, 1]);
    assert.deepEqual([...binaryColumn(grades, 'y', '<=9').values], [1, 1, 0, 0]);
    assert.deepEqual([...binaryColumn(grades, 'y', '<9').values], [1, 0, 0, 0]);
    assert.equal(binaryColumn(grades, 'y', '≥ 10').positive, '>=10');
  });

  it('name the line of a word', () => {
    // the word is the third data row: file line 4
    assert.throws(
      () => binaryColumn(labelTable(['4', '9', 'n/a', '15']), 'y', '>=10'),
      (e: unknown) => e instanceof InputError && e.location?.line === 4 && e.location.column === 'y' && /"n\/a" is not a number/.test(e.detail),
    );
  });
});

describe('the median a cut is suggested at', () => {
  it('is the smallest value with at least half the rows at or below it, from the values’ counts', () => {
    // 4 ×1, 9 ×1, 10 ×1, 15 ×1: two of four rows are at most 9
    assert.equal(
      medianOfCounts([
        { value: '15', count: 1 },
        { value: '4', count: 1 },
        { value: '10', count: 1 },
        { value: '9', count: 1 },
      ]),
      9,
    );
    // 10 ×3, 4 ×1: 4 alone is a quarter of the rows, 10 reaches all of them
    assert.equal(
      medianOfCounts([
        { value: '10', count: 3 },
        { value: '4', count: 1 },
      ]),
      10,
    );
  });
});
