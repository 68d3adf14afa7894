// Which workspace files are Parity's own outputs, left out of Run Mitigation's and Compare's first
// question (Browse… still reaches them). Real folders on disk: one written by an actual run into an
// --out folder of the user's naming, the others laid out by hand as the writers lay them out.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isParityOutput } from '../../common/output-folders';
import { threshold } from '../../server/src/methods/threshold/command';
import { runWithFlags } from '../support/run-with-flags';

const dir = mkdtempSync(path.join(tmpdir(), 'parity-outputs-'));
const at = (...parts: string[]) => path.join(dir, ...parts);

function write(file: string, text = '') {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

// 20 rows: a score 0..9 twice, the label 1 from score 5 up, two groups
const rows = Array.from({ length: 20 }, (_, i) => `${i % 10},${i % 10 >= 5 ? 1 : 0},${i < 10 ? 'a' : 'b'}`);

describe("Parity's own outputs among the workspace's data files", () => {
  before(async () => {
    write(at('train.csv'), ['score,label,group', ...rows].join('\n') + '\n');
    // a real run into a folder named by the user: no NAME.parity-METHOD in its path
    mkdirSync(at('parity-runs'));
    await runWithFlags(threshold, { data: at('train.csv'), score: 'score', label: 'label', sensitive: 'group', out: at('parity-runs', 'first') });
    write(at('train.parity-ferm', 'predictions.parquet')); // the default folder's name alone tells
    write(at('old', 'train.parity-compare', 'ferm', 'deep', 'predictions.csv')); // at any depth
    write(at('compared', 'comparison.json'), '{}');
    write(at('compared', 'threshold', 'predictions.csv')); // a method folder below comparison.json
    write(at('half', 'report.json'), '{}'); // a report.json alone is anyone's
    write(at('half', 'data.csv'));
    write(at('parity-notes', 'held.csv')); // "parity" in a folder's name is no run's mark
    write(at('train.parity.csv'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("leaves out a run's predictions written into an --out folder of any name (report.json and model.json beside them)", () => {
    assert.equal(isParityOutput(at('parity-runs', 'first', 'predictions.csv')), true);
  });

  it('leaves out files in a folder named as the runs name theirs (NAME.parity-METHOD), at any depth', () => {
    assert.equal(isParityOutput(at('train.parity-ferm', 'predictions.parquet')), true);
    assert.equal(isParityOutput(at('old', 'train.parity-compare', 'ferm', 'deep', 'predictions.csv')), true);
  });

  it("leaves out a comparison's method files (comparison.json one folder up)", () => {
    assert.equal(isParityOutput(at('compared', 'threshold', 'predictions.csv')), true);
  });

  it("keeps the user's files: the input, a folder with a report.json but no model.json, names that merely contain parity", () => {
    for (const file of [at('train.csv'), at('half', 'data.csv'), at('parity-notes', 'held.csv'), at('train.parity.csv')]) {
      assert.equal(isParityOutput(file), false, file);
    }
  });
});
