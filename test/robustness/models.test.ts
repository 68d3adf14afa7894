// Issue 21, item 6: `parity apply` checks model.json against its method's schema before using it,
// and reads it only from a regular file of bounded size. Each case of the issue is reproduced
// (it used to end in a TypeError stack trace, silently wrong output, or a hang) and must now be
// exit 2 with one line naming the field.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { MITIGATIONS } from '../../server/src/methods/registry';
import { COMPAS, oneLineError, parity, sha256 } from '../support/cli';

describe('parity apply validates model.json', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-models-'));
  const out = path.join(dir, 'applied.csv');
  let thresholdModel: Record<string, unknown>;
  let wassersteinModel: Record<string, unknown>;

  before(() => {
    const common = ['--data', COMPAS, '--score', 'decile_score', '--label', 'two_year_recid', '--sensitive', 'race'];
    assert.equal(parity(['mitigate', 'threshold', ...common, '--out', path.join(dir, 'threshold')]).status, 0);
    assert.equal(parity(['mitigate', 'wasserstein', ...common, '--threshold', '5', '--out', path.join(dir, 'wasserstein')]).status, 0);
    thresholdModel = JSON.parse(readFileSync(path.join(dir, 'threshold/model.json'), 'utf8')) as Record<string, unknown>;
    wassersteinModel = JSON.parse(readFileSync(path.join(dir, 'wasserstein/model.json'), 'utf8')) as Record<string, unknown>;
  });

  /** Writes a copy of `model` changed by `edit`, applies it to COMPAS and returns the error line. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the edits write wrong types on purpose
  function rejected(name: string, model: Record<string, unknown>, edit: (copy: any) => void): string {
    const copy = structuredClone(model);
    edit(copy);
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(copy));
    const hash = sha256(COMPAS);
    const run = parity(['apply', file, COMPAS, '--out', out]);
    assert.equal(run.status, 2, `${name}: exit ${run.status}\n${run.stderr}`);
    assert.equal(sha256(COMPAS), hash);
    return oneLineError(run);
  }

  it('applies the models it wrote', () => {
    for (const method of ['threshold', 'wasserstein']) {
      const run = parity(['apply', path.join(dir, method, 'model.json'), COMPAS, '--out', out]);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /\(7214 rows\)/);
    }
  });

  it('rules: [null] (was exit 3 with a TypeError stack trace)', () => {
    assert.match(
      rejected('null-rule', thresholdModel, (m) => (m.rules = [null])),
      /null-rule\.json: rules\[0\] expects an object, got null: the file is not a model Parity wrote, or it was edited$/,
    );
  });

  it('a rule weight of 5 (was written as threshold_probability=5, exit 0)', () => {
    assert.match(
      rejected('weight', thresholdModel, (m) => (m.rules[0].components[0].weight = 5)),
      /rules\[0\]\.components\[0\]\.weight expects a number at most 1, got 5/,
    );
  });

  it('a tie probability of 2, components whose weights do not add up to 1', () => {
    assert.match(
      rejected('tie', thresholdModel, (m) => (m.rules[1].components[0].tieProbability = 2)),
      /rules\[1\]\.components\[0\]\.tieProbability expects a number at most 1, got 2/,
    );
    assert.match(
      rejected('sum', thresholdModel, (m) => m.rules[0].components.push({ weight: 0.5, rate: 0.1 })),
      /rules\[0\]\.components has weights adding up to 1\.5, not 1/,
    );
  });

  it('null in the Wasserstein arrays (was NaN in 3,624 rows, exit 0)', () => {
    assert.match(
      rejected('null-quantile', wassersteinModel, (m) => (m.map.groups[0].halves[0][3] = null)),
      /map\.groups\[0\]\.halves\[0\]\[3\] expects a number, got null/,
    );
  });

  it('strength -5 (was accepted)', () => {
    assert.match(
      rejected('strength', wassersteinModel, (m) => (m.strength = -5)),
      /strength expects a number at least 0, got -5/,
    );
  });

  it('an unsorted calibration half, a missing field, a wrong method name', () => {
    assert.match(
      rejected('unsorted', wassersteinModel, (m) => m.map.groups[0].halves[1].reverse()),
      /map\.groups\[0\]\.halves\[1\] is not sorted in ascending order/,
    );
    assert.match(
      rejected('missing', wassersteinModel, (m) => delete m.sensitive),
      /sensitive is missing \(array expected\)/,
    );
    assert.match(
      rejected('method', thresholdModel, (m) => (m.method = 'nonsense')),
      /method "nonsense" cannot be applied to new files/,
    );
  });

  it('/dev/zero, a FIFO and a file over 256 MB are refused before reading (/dev/zero read 13.3 GB in 30 s; a FIFO hung)', () => {
    const fifo = path.join(dir, 'model.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const file of ['/dev/zero', fifo]) {
      const run = parity(['apply', file, COMPAS, '--out', out], { timeoutMs: 20_000 });
      assert.equal(run.status, 2, run.stderr);
      assert.match(oneLineError(run), /the model file is not a regular file \(a device, a pipe or a socket\): give the file itself$/);
    }
    const huge = path.join(dir, 'huge.json');
    const handle = openSync(huge, 'w');
    closeSync(handle);
    execFileSync('truncate', ['-s', '300M', huge]); // sparse: takes no disk space
    const run = parity(['apply', huge, COMPAS, '--out', out]);
    assert.equal(run.status, 2);
    assert.match(oneLineError(run), /the model file is 300 MB, more than the 256 MB it may have: is this the right file\?$/);
  });

  it('every method that can be applied has a model schema', () => {
    for (const method of MITIGATIONS) assert.equal(method.apply !== undefined, method.modelSchema !== undefined, method.name);
  });
});
