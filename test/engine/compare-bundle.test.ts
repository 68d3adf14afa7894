// `parity compare` from the esbuild bundle (dist/, built by `npm test`'s pretest): its methods run
// in worker threads started from dist/cli.js, which must find dist/worker.js (the tsc build is
// covered by compare.test.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Comparison } from '../../common/reports/comparison';
import { compasSplit } from '../support/compas-split';

const root = path.resolve(__dirname, '../../..');

describe('parity compare from the bundled CLI', () => {
  it('runs its methods in worker threads from dist/worker.js and records each', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-bundle-'));
    const { train, test } = compasSplit(dir, ['sex', 'age', 'race', 'priors_count', 'c_charge_degree', 'two_year_recid']);
    const out = path.join(dir, 'out');
    const run = spawnSync(
      process.execPath,
      [
        path.join(root, 'dist/cli.js'),
        'compare',
        '--train',
        train,
        '--test',
        test,
        '--label',
        'two_year_recid',
        '--sensitive',
        'sex',
        '--methods',
        'reweighing,threshold,correlation-remover',
        '--out',
        out,
        '--format',
        'json',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    const comparison = JSON.parse(run.stdout) as Comparison;
    assert.deepEqual(JSON.parse(readFileSync(path.join(out, 'comparison.json'), 'utf8')), comparison);
    assert.deepEqual(
      comparison.methods.map((m) => [m.method, m.error]),
      [
        ['reweighing', null],
        ['threshold', null],
        ['correlation-remover', null],
      ],
    );
    for (const m of comparison.methods) assert.ok(m.points >= 5, `${m.method} swept its strength`);
  });
});
