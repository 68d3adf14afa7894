import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { InputError } from '../../server/src/engine/errors';
import { binaryColumn } from '../../server/src/engine/table/table';
import { labelTable } from '../support/label-table';

describe('binary labels', () => {
  it('reads two values, the positive one as 1', () => {
    const { values, positive } = binaryColumn(labelTable(['no', 'yes', 'yes', 'no']), 'y', undefined);
    assert.equal(positive, 'yes');
    assert.deepEqual([...values], [0, 1, 1, 0]);
  });

  it('refuses a numeric target before asking which value is positive, with the line of its third value and the label as the fix', () => {
    // five distinct grades; the third distinct one ("2.2") first appears in data row 4, file line 5
    const grades = labelTable(['3.1', '3.0', '3.1', '2.2', '3.9', '1.7']);
    assert.throws(
      () => binaryColumn(grades, 'y', undefined),
      (e: unknown) =>
        e instanceof InputError &&
        e.location?.line === 5 &&
        /more than two classes \(5 values: "3\.1", "3\.0", "2\.2", …\)/.test(e.detail) &&
        /wasserstein/.test(e.detail) &&
        e.fix?.kind === 'columns' &&
        e.fix.role === 'label',
    );
    // a positive value given does not make a grade two-valued
    assert.throws(() => binaryColumn(grades, 'y', '3.1'), /more than two classes/);
  });

  it('asks for the positive value only among two values it cannot tell apart, and offers both', () => {
    assert.throws(
      () => binaryColumn(labelTable(['red', 'blue', 'red']), 'y', undefined),
      (e: unknown) => e instanceof InputError && e.fix?.kind === 'positive' && e.fix.values.join() === 'red,blue',
    );
  });
});
