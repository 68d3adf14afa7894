import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { chooseBand, rejectOptionDecisions } from '../../server/src/methods/reject-option/reject-option';
import { rejectOption } from '../../server/src/methods/reject-option/command';
import { runWithFlags } from '../support/run-with-flags';

describe('reject option classification', () => {
  it('flips decisions inside the band in favour of the unprivileged group (hand-computed)', () => {
    const scores = [0.9, 0.55, 0.45, 0.2, 0.9, 0.55, 0.45, 0.2];
    const groups = ['m', 'm', 'm', 'm', 'f', 'f', 'f', 'f'];
    // threshold 0.5, band 0.1: 0.55 and 0.45 are in the critical region
    const decisions = rejectOptionDecisions({ threshold: 0.5, band: 0.1, privileged: 'm' }, scores, groups);
    assert.deepEqual([...decisions], [1, 0, 0, 0, 1, 1, 1, 0]);
    assert.deepEqual([...rejectOptionDecisions({ threshold: 0.5, band: 0, privileged: 'm' }, scores, groups)], [1, 1, 0, 0, 1, 1, 0, 0]);
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
    assert.equal(model.privileged, 'm');
    await rejectOption.apply!(model, file, { out: path.join(dir, 'applied.csv'), csv: {} }, {});
    assert.equal(readFileSync(path.join(dir, 'applied.csv'), 'utf8'), written);
  });
});
