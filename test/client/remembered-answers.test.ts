// Remembered Run Mitigation answers against the method's schema today: the cases are written by
// hand from reject-option's change of `privileged` from one group to a list.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParametersSchema } from '../../common/params';
import { rememberedAnswers } from '../../client/src/remembered-answers';

const schema: ParametersSchema = {
  type: 'object',
  properties: {
    privileged: { type: 'array', items: { type: 'string' } },
    band: { type: 'number' },
    sensitive: { type: 'array', items: { type: 'string' } },
  },
};

describe('remembered answers', () => {
  it('turns a single privileged group saved before the list into a list of one, and keeps lists and numbers', () => {
    assert.deepEqual(rememberedAnswers(schema, { privileged: 'White & Male', band: 0.1, sensitive: ['race', 'sex'] }), {
      privileged: ['White & Male'],
      band: 0.1,
      sensitive: ['race', 'sex'],
    });
  });
  it('leaves out a parameter the method no longer has, and reads no answers as none', () => {
    assert.deepEqual(rememberedAnswers(schema, { tolerance: 0.02, band: 0.2 }), { band: 0.2 });
    assert.deepEqual(rememberedAnswers(schema, undefined), {});
  });
});
