// `parity compare` without --methods compares the methods for a binary label, as its label is
// (issue 16): the set follows each method's declared tasks, and --help says it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appliesTo, labelTaskOf, tasksNote } from '../../common/method-tasks';
import { MITIGATIONS } from '../../server/src/methods/registry';
import { describeParameters } from '../../server/src/params/schema';
import { COMPARE_PARAMS, DEFAULT_METHODS } from '../../server/src/services/compare-params';

describe("parity compare's default methods", () => {
  it('are the methods that apply to a binary label: every one but bounded-group-loss, Wasserstein through its score mode', () => {
    assert.deepEqual(DEFAULT_METHODS, [
      'ferm',
      'reweighing',
      'threshold',
      'reject-option',
      'wasserstein',
      'representation',
      'correlation-remover',
      'disparate-impact-remover',
      'exponentiated-gradient',
      'grid-search',
    ]);
    const tasks = Object.fromEntries(MITIGATIONS.map((method) => [method.name, [...method.tasks].sort()]));
    assert.deepEqual(tasks['wasserstein'], ['classification', 'regression']);
    for (const method of MITIGATIONS)
      assert.equal(DEFAULT_METHODS.includes(method.name), method.tasks.includes('classification'), `${method.name}: ${method.tasks.join(', ')}`);
  });

  it('leave out a method for regression labels only, and keep one for both', () => {
    const regressionOnly = { tasks: ['regression'] as const };
    assert.equal(appliesTo(regressionOnly, 'classification'), false);
    assert.equal(appliesTo(regressionOnly, 'regression'), true);
    assert.equal(appliesTo({ tasks: ['regression', 'classification'] }, 'classification'), true);
    assert.equal(appliesTo(regressionOnly, undefined), true, 'a label of unknown task rules nothing out');
    assert.equal(tasksNote(regressionOnly), 'for regression labels');
    assert.equal(tasksNote({ tasks: ['classification'] }), 'for binary labels');
    // the label's task from its column: two values, a numeric target with more than 10 values, else unknown
    assert.equal(labelTaskOf({ kind: 'boolean', distinct: 2 }), 'classification');
    assert.equal(labelTaskOf({ kind: 'categorical', distinct: 2 }), 'classification');
    assert.equal(labelTaskOf({ kind: 'numeric', distinct: 11 }), 'regression');
    assert.equal(labelTaskOf({ kind: 'numeric', distinct: 10 }), undefined);
    assert.equal(labelTaskOf({ kind: 'categorical', distinct: 11 }), undefined);
  });

  it('are said in --methods help', () => {
    const help = describeParameters(COMPARE_PARAMS).properties['methods']!.description!;
    // bounded-group-loss fits a numeric target only (its tasks: ['regression'])
    assert.match(
      help,
      /^methods to compare \(default: the methods for a binary label, as the comparison's is: all but bounded-group-loss, for regression labels\): ferm, reweighing, /,
    );
  });
});
