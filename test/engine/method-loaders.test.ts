// The CLI loads one method's module by name (methods/loaders.ts) instead of the registry of all
// of them: both lists must name the same methods, in the same order, and load the same objects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadMitigation, loadMitigations, MITIGATION_LOADERS } from '../../server/src/methods/loaders';
import { MITIGATIONS } from '../../server/src/methods/registry';

describe('method loaders', () => {
  it('name every method of the registry, in its order', () => {
    assert.deepEqual(
      Object.keys(MITIGATION_LOADERS),
      MITIGATIONS.map((method) => method.name),
    );
  });

  it('load the registry’s own method objects', async () => {
    const loaded = await loadMitigations();
    MITIGATIONS.forEach((method, i) => {
      assert.equal(loaded[i], method);
    });
    for (const method of MITIGATIONS) assert.equal(await loadMitigation(method.name), method);
  });

  it('load nothing for an unknown name, including an inherited property', async () => {
    assert.equal(await loadMitigation('nope'), undefined);
    assert.equal(await loadMitigation('constructor'), undefined);
  });
});
