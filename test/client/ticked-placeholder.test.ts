// The Compare Methods pick's placeholder says what is ticked (the methods that take seconds), not
// the command line's "(default: all)". Expected texts written out by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tickedPlaceholder } from '../../client/src/ticked-placeholder';

describe('the placeholder of a multiple choice', () => {
  const description = 'methods to compare (default: all): reweighing, threshold, representation';
  const all = ['reweighing', 'threshold', 'representation'];

  it('names the methods left out when fewer are (Compare leaves the slow one out), without the command line default', () => {
    assert.equal(tickedPlaceholder(description, ['reweighing', 'threshold'], all), 'methods to compare; ticked: all but representation');
  });

  it('names the ticked methods when fewer are ticked', () => {
    assert.equal(tickedPlaceholder(description, ['threshold'], all), 'methods to compare; ticked: 1 of 3: threshold');
  });

  it('says all or none', () => {
    assert.equal(tickedPlaceholder(description, all, all), 'methods to compare; ticked: all 3');
    assert.equal(tickedPlaceholder(description, [], all), 'methods to compare; ticked: none');
  });

  it('gives the count alone when the names would not fit beside the badge and OK (60 characters): Compare on COMPAS was cut', () => {
    const methods = ['ferm', 'reweighing', 'bounded-group-loss', 'representation', 'correlation-remover'];
    // "methods to compare; ticked: all but bounded-group-loss, representation" (71 characters) was cut at "representati…"
    assert.equal(
      tickedPlaceholder('methods to compare (default: x)', ['ferm', 'reweighing', 'correlation-remover'], methods),
      'methods to compare; 3 of 5 ticked',
    );
    // 'methods to compare; ticked: all but representation' (51) fits
    assert.equal(
      tickedPlaceholder('methods to compare (default: x)', ['ferm', 'reweighing', 'bounded-group-loss', 'correlation-remover'], methods),
      'methods to compare; ticked: all but representation',
    );
  });

  it('keeps a description without a default whole', () => {
    assert.equal(tickedPlaceholder('groupings to audit', ['a'], ['a', 'b']), 'groupings to audit; ticked: 1 of 2: a');
  });
});
