// The editor's audit options are checked like the CLI's flags before they reach the engine.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditOptionsFrom } from '../server/src/lsp/params';
import { DEFAULT_SETTINGS, readSettings } from '../server/src/lsp/settings';

describe('audit request options', () => {
  it('pass --task, --weight, --reference, --groupings and --max-groups through', () => {
    const options = auditOptionsFrom({ task: 'multiclass', weight: 'w', references: { race: 'Caucasian' }, groupings: ['each', 'full'], maxGroups: 50 }, DEFAULT_SETTINGS);
    assert.equal(options.task, 'multiclass');
    assert.equal(options.weight, 'w');
    assert.deepEqual(options.references, { race: 'Caucasian' });
    assert.deepEqual(options.groupings, ['each', 'full']);
    assert.equal(options.maxGroups, 50);
    assert.equal(auditOptionsFrom({}, DEFAULT_SETTINGS).maxGroups, 1000, 'parity.maxGroups by default');
  });

  it('refuse a value of the wrong kind with a message naming the option', () => {
    assert.throws(() => auditOptionsFrom({ task: 'ranking' }, DEFAULT_SETTINGS), /options\.task must be one of classification, multiclass, regression, dataset/);
    assert.throws(() => auditOptionsFrom({ references: { race: 3 } }, DEFAULT_SETTINGS), /options\.references must map column names to group values/);
    assert.throws(() => auditOptionsFrom({ groupings: ['trios'] }, DEFAULT_SETTINGS), /options\.groupings must be a non-empty list of each, pairs, full/);
  });

  it('cap parity.bootstrap at 10,000 resamples and read parity.maxGroups', () => {
    assert.equal(readSettings({ bootstrap: 100_000_000 }).bootstrap, 10_000);
    assert.equal(readSettings({ maxGroups: 20 }).maxGroups, 20);
  });
});
