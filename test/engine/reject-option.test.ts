import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { chooseBand, defaultPrivileged, rejectOptionDecisions } from '../../server/src/methods/reject-option/reject-option';
import { rejectOption } from '../../server/src/methods/reject-option/command';
import { REJECT_OPTION_MODEL } from '../../server/src/methods/reject-option/model-file';
import { checkModel } from '../../server/src/methods/framework/model-file';
import { asGroupCodes } from '../../server/src/engine/table/table';
import { runWithFlags } from '../support/run-with-flags';
import { toleranceLine } from '../../common/render/mitigation-model';

/** Rows of `group` of which `selected` score 0.9 and the rest 0.1 (at the threshold 0.5: selected or not). */
function rowsOf(group: string, rows: number, selected: number): { scores: number[]; groups: string[] } {
  return { scores: Array.from({ length: rows }, (_, i) => (i < selected ? 0.9 : 0.1)), groups: Array<string>(rows).fill(group) };
}

function table(...parts: { scores: number[]; groups: string[] }[]): { scores: number[]; groups: ReturnType<typeof asGroupCodes> } {
  return { scores: parts.flatMap((p) => p.scores), groups: asGroupCodes(parts.flatMap((p) => p.groups)) };
}

/** The reject_option_prediction column of a written predictions.csv (the last column; no field holds a comma). */
function predictions(file: string): number[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => Number(line.split(',').at(-1)));
}

describe('reject option classification', () => {
  it('flips decisions inside the band in favour of the unprivileged group (hand-computed)', () => {
    const scores = [0.9, 0.55, 0.45, 0.2, 0.9, 0.55, 0.45, 0.2];
    const groups = ['m', 'm', 'm', 'm', 'f', 'f', 'f', 'f'];
    // threshold 0.5, band 0.1: 0.55 and 0.45 are in the critical region
    const decisions = rejectOptionDecisions({ threshold: 0.5, band: 0.1, privileged: ['m'] }, scores, groups);
    assert.deepEqual([...decisions], [1, 0, 0, 0, 1, 1, 1, 0]);
    assert.deepEqual([...rejectOptionDecisions({ threshold: 0.5, band: 0, privileged: ['m'] }, scores, groups)], [1, 1, 0, 0, 1, 1, 0, 0]);
  });

  it('with two privileged groups, both get the negative decision in the band and the third the positive one (hand-computed)', () => {
    const scores = [0.55, 0.45, 0.9, 0.55, 0.45, 0.1, 0.55, 0.45, 0.9, 0.1];
    const groups = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'c'];
    // band 0.1 around 0.5: the rows at 0.55 and 0.45 are in it; 0.9 and 0.1 keep score ≥ 0.5
    const decisions = rejectOptionDecisions({ threshold: 0.5, band: 0.1, privileged: ['a', 'b'] }, scores, groups);
    assert.deepEqual([...decisions], [0, 0, 1, 0, 0, 0, 1, 1, 1, 0]);
  });

  it('privileges by default every group selected above the overall rate (hand-computed)', () => {
    // rates 8/10, 6/10, 2/10, 1/10; overall 17/40 = 0.425: a and b are above it
    const four = table(rowsOf('c', 10, 2), rowsOf('a', 10, 8), rowsOf('d', 10, 1), rowsOf('b', 10, 6));
    assert.deepEqual(defaultPrivileged(four.scores, four.groups, 0.5), ['a', 'b']);
    // rates 3/4, 2/4, 1/4; overall 6/12 = 0.5: b ties with it and is unprivileged
    const tie = table(rowsOf('a', 4, 3), rowsOf('b', 4, 2), rowsOf('c', 4, 1));
    assert.deepEqual(defaultPrivileged(tie.scores, tie.groups, 0.5), ['a']);
    // rates 3/10 and 3/10 (overall 6/20): none above it, so the single highest, the first by name on a tie
    const equal = table(rowsOf('y', 10, 3), rowsOf('x', 10, 3));
    assert.deepEqual(defaultPrivileged(equal.scores, equal.groups, 0.5), ['x']);
  });

  it('chooses the most accurate band under the bound, else the fairest', () => {
    const candidates = [
      { band: 0, accuracy: 0.8, gap: 0.3 },
      { band: 0.1, accuracy: 0.78, gap: 0.04 },
      { band: 0.2, accuracy: 0.74, gap: 0.01 },
    ];
    assert.equal(chooseBand(candidates, 0.05), 0.1);
    assert.equal(chooseBand(candidates, 0.001), 0.2);
  });

  it('runs end to end on a file and apply reproduces the decisions', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-reject-'));
    const file = path.join(dir, 'scores.csv');
    // m: scores 0.9 0.6 0.52 0.3 (labels 1 1 0 0); f: 0.7 0.48 0.45 0.1 (labels 1 1 0 0)
    writeFileSync(file, 'score,sex,y\n0.9,m,1\n0.6,m,1\n0.52,m,0\n0.3,m,0\n0.7,f,1\n0.48,f,1\n0.45,f,0\n0.1,f,0\n');
    const report = await runWithFlags(rejectOption, { data: file, score: 'score', label: 'y', sensitive: 'sex', bound: '0', out: path.join(dir, 'out') }, {});
    // plain threshold: m selects 3/4, f 1/4 → DP difference 0.5 (hand count)
    assert.equal(report.before.aggregates['demographic_parity_difference'], 0.5);
    assert.equal(report.after.aggregates['demographic_parity_difference'], 0);
    const written = readFileSync(path.join(dir, 'out/predictions.csv'), 'utf8');
    const model = JSON.parse(readFileSync(path.join(dir, 'out/model.json'), 'utf8'));
    // m selects 3/4 at 0.5, f 1/4, overall 4/8: m alone is above it
    assert.deepEqual(model.privileged, ['m']);
    await rejectOption.apply!(model, file, { out: path.join(dir, 'applied.csv'), csv: {} }, {});
    assert.equal(readFileSync(path.join(dir, 'applied.csv'), 'utf8'), written);
    // a model.json written before several privileged groups names one group as a string: still checked and applied alike
    const older = checkModel(REJECT_OPTION_MODEL, { ...model, privileged: 'm' }, 'model.json');
    await rejectOption.apply!(older, file, { out: path.join(dir, 'applied-older.csv'), csv: {} }, {});
    assert.equal(readFileSync(path.join(dir, 'applied-older.csv'), 'utf8'), written);
  });

  it('with a calibration file, writes the searched band on its rows and the bound it puts there; a band given writes none', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-reject-fitting-'));
    const calibration = path.join(dir, 'calibration.csv');
    const data = path.join(dir, 'data.csv');
    // calibration: the file of the test above, where the band searched under bound 0 brings the DP difference to 0
    writeFileSync(calibration, 'score,sex,y\n0.9,m,1\n0.6,m,1\n0.52,m,0\n0.3,m,0\n0.7,f,1\n0.48,f,1\n0.45,f,0\n0.1,f,0\n');
    // data: m all score 0.9, f all 0.1, outside any band narrower than 0.4: m selects 4/4, f 0/4, DP difference 1 (hand count)
    writeFileSync(data, 'score,sex,y\n0.9,m,1\n0.9,m,0\n0.9,m,1\n0.9,m,0\n0.1,f,1\n0.1,f,0\n0.1,f,1\n0.1,f,0\n');
    const flags = { data, calibration, score: 'score', label: 'y', sensitive: 'sex', bound: '0', bootstrap: '0' };
    const report = await runWithFlags(rejectOption, { ...flags, out: path.join(dir, 'out') }, {});
    assert.ok((report.parameters['band'] as number) < 0.4, `band ${String(report.parameters['band'])}`);
    assert.equal(report.after.aggregates['demographic_parity_difference'], 1);
    assert.equal(report.onFittingRows?.rows, 8);
    assert.equal(report.onFittingRows?.aggregates['demographic_parity_difference'], 0);
    assert.deepEqual(report.onFittingRows?.bound, {
      metric: 'demographic_parity_difference',
      limit: 0,
      reason: 'the bound 0 bounds the demographic parity difference by 0',
      fittedOn: 'the band was chosen on',
    });
    assert.match(
      toleranceLine(report, report.after)!,
      /^Bound missed on the rows measured: the bound 0 bounds the demographic parity difference by 0 on the 8 rows the band was chosen on \(there 0\.000, in-sample\); on the 8 rows measured, not fitted on, it is 1\.000/,
    );
    const given = await runWithFlags(rejectOption, { ...flags, band: '0.1', out: path.join(dir, 'given') }, {});
    assert.equal(given.onFittingRows, undefined);
  });

  it('takes several privileged groups, one per flag, and names an unknown one with the groups there are', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-reject-'));
    const file = path.join(dir, 'scores.csv');
    writeFileSync(file, 'score,g,y\n0.55,a,1\n0.9,a,1\n0.45,b,0\n0.2,b,0\n0.45,c,1\n0.7,c,1\n0.3,c,0\n');
    const flags = { data: file, score: 'score', label: 'y', sensitive: 'g', band: '0.1' };
    const report = await runWithFlags(rejectOption, { ...flags, privileged: ['a', 'b'], out: path.join(dir, 'out') });
    assert.deepEqual(report.parameters['privilegedGroups'], ['a', 'b']);
    // in the band (0.55, 0.45, 0.45): a and b negative, c positive; outside it score ≥ 0.5
    assert.deepEqual(predictions(path.join(dir, 'out/predictions.csv')), [0, 1, 0, 0, 1, 1, 0]);
    await assert.rejects(
      runWithFlags(rejectOption, { ...flags, privileged: ['a', 'x'], out: path.join(dir, 'unknown') }),
      (error: Error) => error.name === 'InputError' && error.message.endsWith('no row has the privileged group "x"; the groups are "a", "b", "c"'),
    );
  });
});
