// Post-processing (threshold, reject option) measured on held-out rows, as the training-data
// methods are: a held-out share of the model-output file (--test-fraction) that the rules are never
// fitted on, or a held-out file (--test), with or without a calibration file.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { MitigationReport, ThresholdGroupRule } from '../../common/reports/mitigation';
import { runLine } from '../../common/render/mitigation-model';
import { stratifiedHoldout } from '../../server/src/engine/numerics/folds';
import { rejectOption } from '../../server/src/methods/reject-option/command';
import { threshold } from '../../server/src/methods/threshold/command';
import { runWithFlags } from '../support/run-with-flags';

interface Row {
  score: number;
  y: number;
  g: string;
}

/**
 * `count` hand-built rows: groups A and B alternate; the label is 1 on 2 rows of every 5 (i·3 mod
 * 5 < 2); the score leans towards the label. Rows of another `offset` are other people.
 */
function people(count: number, offset = 0): Row[] {
  return Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    const y = (i * 3) % 5 < 2 ? 1 : 0;
    return { g: i % 2 === 0 ? 'A' : 'B', y, score: Number((0.3 * y + (0.7 * ((i * 7) % 20)) / 20).toFixed(3)) };
  });
}

function write(dir: string, name: string, rows: Row[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, ['score,y,g', ...rows.map((r) => `${r.score},${r.y},${r.g}`)].join('\n') + '\n');
  return file;
}

/** Rows per group, counted here. */
function perGroup(rows: Row[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.g] = (counts[row.g] ?? 0) + 1;
  return counts;
}

function ruleRows(report: MitigationReport): Record<string, number | undefined> {
  return Object.fromEntries((report.parameters['rules'] as ThresholdGroupRule[]).map((rule) => [rule.group, rule.rows]));
}

/** "Before" with the threshold 0.5 (score ≥ 0.5), recounted on `rows`: accuracy, selection rate, and each group's selection rate. */
function beforeAtHalf(rows: Row[]): { accuracy: number; selectionRate: number; groups: Record<string, number> } {
  const selected = (r: Row) => (r.score >= 0.5 ? 1 : 0);
  const groups: Record<string, number> = {};
  for (const g of Object.keys(perGroup(rows))) {
    const members = rows.filter((r) => r.g === g);
    groups[g] = members.filter((r) => selected(r) === 1).length / members.length;
  }
  return {
    accuracy: rows.filter((r) => selected(r) === r.y).length / rows.length,
    selectionRate: rows.filter((r) => selected(r) === 1).length / rows.length,
    groups,
  };
}

function assertBefore(report: MitigationReport, rows: Row[]): void {
  const expected = beforeAtHalf(rows);
  assert.equal(report.before.rows, rows.length);
  assert.ok(Math.abs(report.before.accuracy! - expected.accuracy) < 1e-12, `accuracy ${report.before.accuracy} vs ${expected.accuracy}`);
  assert.ok(Math.abs(report.before.selectionRate! - expected.selectionRate) < 1e-12);
  for (const group of report.before.groups) assert.ok(Math.abs(group.metrics['selection_rate']! - expected.groups[group.group]!) < 1e-12, group.group);
}

/** The data rows of a predictions CSV file, each split on commas. */
function predictionRows(report: MitigationReport): string[][] {
  return readFileSync(report.files.predictions, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
}

const columns = { score: 'score', label: 'y', sensitive: 'g', threshold: '0.5' };

describe('threshold optimizer with held-out rows', () => {
  it('a held-out share: the rules are fitted on the other rows, every figure is of the held-out rows', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-pp-held-out-'));
    const rows = people(40);
    const data = write(dir, 'scored.csv', rows);
    const report = await runWithFlags(threshold, { ...columns, data, 'test-fraction': '0.3', 'split-seed': '4', sweep: true, out: path.join(dir, 'out') });
    // 16 positives and 24 negatives: round(0.3 × 16) + round(0.3 × 24) = 5 + 7 held out
    assert.equal(rows.filter((r) => r.y === 1).length, 16);
    const { fit, held } = stratifiedHoldout(
      rows.map((r) => r.y),
      2,
      0.3,
      4,
    );
    assert.equal(held.length, 12);
    const heldRows = Array.from(held, (i) => rows[i]!);
    const fitRows = Array.from(fit, (i) => rows[i]!);
    assert.deepEqual(ruleRows(report), perGroup(fitRows));
    assertBefore(report, heldRows);
    assert.equal(report.after.rows, 12);
    assert.ok(report.before.intervals?.['accuracy'], 'the intervals are drawn from the held-out rows');
    assert.equal(report.tradeoff.length, 6);
    for (const point of report.tradeoff) assert.equal(point.rows, 12);
    assert.equal(report.evaluatedOn, 'held-out');
    assert.deepEqual(report.measuredOn, { kind: 'held-out', file: data, rows: 12, fraction: 0.3, seed: 4, fitted: { file: data, rows: 28 } });
    assert.deepEqual(report.files.inputs, { data });
    assert.equal(report.parameters['fittedOn'], 'data');
    // predictions.csv: the held-out rows, in file order
    assert.deepEqual(
      predictionRows(report).map((fields) => Number(fields[0])),
      heldRows.map((r) => r.score),
    );
    assert.match(
      runLine(report, report.after),
      /^post-processing · rules fitted on 28 rows of scored\.csv; before and after both measured on the same 12 rows: 30% of scored\.csv held out at random \(seed 4\), never fitted on · /,
    );
  });

  it('neither a held-out file nor a share: fitted and measured on the data rows, called in-sample, as before', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-pp-held-out-'));
    const rows = people(40);
    const data = write(dir, 'scored.csv', rows);
    const report = await runWithFlags(threshold, { ...columns, data, out: path.join(dir, 'out') });
    assert.deepEqual(ruleRows(report), { A: 20, B: 20 });
    assertBefore(report, rows);
    assert.equal(report.evaluatedOn, 'data');
    assert.deepEqual(report.measuredOn, { kind: 'data', file: data, rows: 40 });
    assert.equal(predictionRows(report).length, 40);
    assert.match(runLine(report, report.after), /the 40 rows of scored\.csv, which it was also fitted on \(in-sample: /);
  });

  it('a calibration file and a held-out file: fitted on the calibration rows, measured on the held-out file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-pp-held-out-'));
    const data = write(dir, 'scored.csv', people(40));
    const calibration = write(dir, 'calibration.csv', people(30, 100));
    const testRows = people(20, 200);
    const test = write(dir, 'test.csv', testRows);
    const report = await runWithFlags(threshold, { ...columns, data, calibration, test, out: path.join(dir, 'out') });
    assert.deepEqual(ruleRows(report), { A: 15, B: 15 });
    assertBefore(report, testRows);
    assert.equal(report.evaluatedOn, 'test');
    // the rows repeat every 20 (their columns come from i mod 2, 5 and 20): the 20 held-out rows are all calibration rows, and 20 of
    // the 30 calibration rows repeat another (the chance share)
    assert.deepEqual(report.measuredOn, {
      kind: 'test',
      file: test,
      rows: 20,
      sharedWithTraining: { rows: 20, chance: 20 / 30 },
      calibration,
      fitted: { file: calibration, rows: 30 },
    });
    assert.deepEqual(report.files.inputs, { data, calibration, test });
    assert.equal(report.parameters['fittedOn'], 'calibration');
    assert.equal(predictionRows(report).length, 20);
    assert.match(
      runLine(report, report.after),
      /^post-processing · rules fitted on 30 rows of calibration\.csv; before and after both measured on the 20 rows of the held-out file test\.csv · /,
    );
    // without the calibration file: fitted on every data row
    const alone = await runWithFlags(threshold, { ...columns, data, test, out: path.join(dir, 'alone') });
    assert.deepEqual(ruleRows(alone), { A: 20, B: 20 });
    assertBefore(alone, testRows);
    // without the calibration file, against the model-output file's 40 rows, every one of which repeats another
    assert.deepEqual(alone.measuredOn, { kind: 'test', file: test, rows: 20, sharedWithTraining: { rows: 20, chance: 1 }, fitted: { file: data, rows: 40 } });
  });

  it('refuses a held-out file that is the file fitted on, and a held-out file with a share', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-pp-held-out-'));
    const data = write(dir, 'scored.csv', people(40));
    const calibration = write(dir, 'calibration.csv', people(30, 100));
    await assert.rejects(
      runWithFlags(threshold, { ...columns, data, calibration, test: calibration, out: path.join(dir, 'a') }),
      /the held-out file is the calibration file itself/,
    );
    await assert.rejects(runWithFlags(threshold, { ...columns, data, test: data, out: path.join(dir, 'b') }), /the held-out file is the training file itself/);
    await assert.rejects(
      runWithFlags(threshold, { ...columns, data, test: calibration, 'test-fraction': '0.3', out: path.join(dir, 'c') }),
      /give a held-out file or a held-out share of the training rows, not both/,
    );
  });
});

describe('reject option with held-out rows', () => {
  it('a held-out share: the band and privileged groups are those of the other rows alone; the figures are of the held-out rows', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-pp-held-out-'));
    const rows = people(40);
    const data = write(dir, 'scored.csv', rows);
    const { fit, held } = stratifiedHoldout(
      rows.map((r) => r.y),
      2,
      0.3,
      0,
    );
    const fitted = write(
      dir,
      'fitted.csv',
      Array.from(fit, (i) => rows[i]!),
    );
    const flags = { score: 'score', label: 'y', sensitive: 'g', threshold: '0.5', bootstrap: '0' };
    const alone = await runWithFlags(rejectOption, { ...flags, data: fitted, out: path.join(dir, 'alone') });
    const report = await runWithFlags(rejectOption, { ...flags, data, 'test-fraction': '0.3', out: path.join(dir, 'out') });
    assert.equal(report.parameters['band'], alone.parameters['band']);
    assert.ok(Array.isArray(report.parameters['privilegedGroups']));
    assert.deepEqual(report.parameters['privilegedGroups'], alone.parameters['privilegedGroups']);
    // band 0: the decisions at the threshold, the threshold optimizer's "before" at 0.5 too
    assertBefore(
      report,
      Array.from(held, (i) => rows[i]!),
    );
    assert.deepEqual(report.measuredOn, { kind: 'held-out', file: data, rows: 12, fraction: 0.3, seed: 0, fitted: { file: data, rows: 28 } });
  });
});
