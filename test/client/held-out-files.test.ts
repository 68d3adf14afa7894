// The files the held-out question offers (issue 16): an earlier Parity run's outputs are never a
// fair held-out set and are left out; so is the training file. Paths written out by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heldOutFiles } from '../../client/src/held-out-files';

describe('the files offered as a held-out file', () => {
  const training = '/work/data/compas.csv';
  const workspace = [
    '/work/data/compas.csv',
    '/work/data/compas.parquet',
    '/work/data/compas-2024.csv',
    '/work/data/compas.parity-reweighing/predictions.csv',
    '/work/data/compas.parity-compare/threshold/predictions.parquet',
    '/work/data/other/adult.parity-fair-model/predictions.jsonl',
    '/work/data/parity-notes/held.csv',
  ];

  it('leaves out the training file and every file in a folder a run wrote (NAME.parity-METHOD, at any depth)', () => {
    assert.deepEqual(heldOutFiles(workspace, training, undefined), [
      '/work/data/compas.parquet',
      '/work/data/compas-2024.csv',
      '/work/data/parity-notes/held.csv',
    ]);
  });

  it('leaves out the current answer (it is listed first, on its own)', () => {
    assert.deepEqual(heldOutFiles(workspace, training, '/work/data/compas-2024.csv'), ['/work/data/compas.parquet', '/work/data/parity-notes/held.csv']);
  });

  it('reads a path with dots up to the file as a path, not a run folder', () => {
    assert.deepEqual(heldOutFiles(['/work/data.parity/x.csv', '/work/a.parity-/y.csv'], training, undefined), [
      '/work/data.parity/x.csv',
      '/work/a.parity-/y.csv',
    ]);
  });
});
