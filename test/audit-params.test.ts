// The editor's audit options are checked by the same schema as the CLI's flags.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, readSettings } from '../common/settings';
import { auditOptionsFrom, mitigationParamsFrom } from '../server/src/adapters/lsp/params';

describe('audit request options', () => {
  it('pass task, weight, reference, groupings and maxGroups through', () => {
    const options = auditOptionsFrom(
      { task: 'multiclass', weight: 'w', reference: ['race=Caucasian'], groupings: ['each', 'full'], maxGroups: 50 },
      DEFAULT_SETTINGS,
    );
    assert.equal(options.task, 'multiclass');
    assert.equal(options.weight, 'w');
    assert.deepEqual(options.references, { race: 'Caucasian' });
    assert.deepEqual(options.groupings, ['each', 'full']);
    assert.equal(options.maxGroups, 50);
    assert.equal(auditOptionsFrom({}, DEFAULT_SETTINGS).maxGroups, 1000, 'parity.maxGroups by default');
  });

  it('refuse a value of the wrong kind with a message naming the option', () => {
    assert.throws(() => auditOptionsFrom({ task: 'ranking' as never }, DEFAULT_SETTINGS), /Task/);
    assert.throws(() => auditOptionsFrom({ reference: ['race'] }, DEFAULT_SETTINGS), /--reference expects COLUMN=VALUE/);
    assert.throws(() => auditOptionsFrom({ groupings: ['trios' as never] }, DEFAULT_SETTINGS), /Groupings/);
  });

  it('cap parity.bootstrap at 10,000 resamples and read parity.maxGroups', () => {
    assert.equal(readSettings({ bootstrap: 100_000_000 }).bootstrap, 10_000);
    assert.equal(readSettings({ maxGroups: 20 }).maxGroups, 20);
  });

  it("give a mitigation parity.minGroupSize and parity.minLabelCount when it takes them and the request does not say (the threshold optimizer's small-group warning)", () => {
    const settings = readSettings({ minGroupSize: 50, minLabelCount: 7, bootstrap: 20 });
    assert.deepEqual(mitigationParamsFrom('threshold', { data: 'a.csv' }, settings), {
      data: 'a.csv',
      bootstrap: 20,
      minGroupSize: 50,
      minLabelCount: 7,
      safeCsv: false,
    });
    assert.deepEqual(mitigationParamsFrom('threshold', { data: 'a.csv', minGroupSize: 10, minLabelCount: 0 }, settings), {
      data: 'a.csv',
      bootstrap: 20,
      minGroupSize: 10,
      minLabelCount: 0,
      safeCsv: false,
    });
    assert.deepEqual(mitigationParamsFrom('reweighing', { train: 'a.csv' }, settings), { train: 'a.csv', bootstrap: 20, safeCsv: false });
  });
});
