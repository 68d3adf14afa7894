// Compare Methods' list (cold try 13): each method's row is labelled by its title, so typing "Grid
// search" or "Threshold optimizer" in the filter finds it, with its id beside it (the name the plot's
// legend, the reports and the command line use). The real schema and method list the language
// server sends; the titles and descriptions written out from the methods' command.ts files.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { methodsQuestion } from '../../client/src/compare-methods-question';
import { namedChoiceRows } from '../../client/src/named-choices';
import { forEditor } from '../../common/params';
import { describeParameters } from '../../server/src/params/schema';
import { COMPARE_PARAMS } from '../../server/src/services/compare-params';
import { mitigationInfos } from '../../server/src/services/mitigation-infos';

describe("Compare Methods' rows", () => {
  const schema = forEditor(describeParameters(COMPARE_PARAMS));
  const binary = { kind: 'numeric' as const, distinct: 2 };
  const rows = namedChoiceRows(methodsQuestion(schema, mitigationInfos(), binary).properties['methods']!.items!);
  const row = (value: string) => rows.find((r) => r.value === value)!;

  it('are labelled by the titles a user types, the id beside them', () => {
    assert.deepEqual(row('threshold'), {
      label: 'Threshold optimizer',
      description: 'threshold',
      detail: 'A decision threshold per group on the score',
      value: 'threshold',
    });
    assert.deepEqual(
      rows.filter((r) => ['grid-search', 'ferm', 'reject-option'].includes(r.value)).map((r) => [r.label, r.description]),
      [
        ['FERM (fair empirical risk minimization)', 'ferm'],
        ['Reject option classification', 'reject-option'],
        ['Grid search', 'grid-search'],
      ],
    );
    // what the cold try typed finds a row by its label, the id by its description (matchOnDescription)
    for (const typed of ['Grid search', 'Threshold optimizer'])
      assert.ok(
        rows.some((r) => r.label.toLowerCase().includes(typed.toLowerCase())),
        typed,
      );
    assert.ok(rows.some((r) => r.description === 'reject-option'));
  });

  it('keep every method, the slow one marked first in its detail, one for another label kind saying what it is for', () => {
    assert.equal(rows.length, 11);
    assert.match(row('representation').detail!, /^\$\(watch\) slow: about 35 s on 10,000 rows with 2 groups, 5 min with 10 · /);
    assert.equal(row('bounded-group-loss').detail, "for regression labels · Fair regression: caps every group's error");
  });

  it('are the values themselves where there are no editor names (a method’s tasks)', () => {
    assert.deepEqual(namedChoiceRows({ type: 'string', enum: ['a', 'b'], choices: { a: 'the first' } }), [
      { label: 'a', detail: 'the first', value: 'a' },
      { label: 'b', value: 'b' },
    ]);
  });
});
