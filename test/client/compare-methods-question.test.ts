// Compare Methods' methods question starts with the methods that apply to the file's label ticked
// (issue 16): the real method list and compare schema the language server sends, and the real
// column descriptions of COMPAS (two_year_recid: 0/1) and the LSAC law data (ZFYA: a numeric score).
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { measureNames, methodsDescription, methodsQuestion } from '../../client/src/compare-methods-question';
import { tickedPlaceholder } from '../../client/src/ticked-placeholder';
import type { ColumnsResult, MitigationInfo } from '../../common/protocol';
import { forEditor, type ParametersSchema } from '../../common/params';
import { SHARED_DATA } from '../support/adult';
import { performJob } from '../../server/src/adapters/worker/perform';
import { describeParameters } from '../../server/src/params/schema';
import { COMPARE_PARAMS } from '../../server/src/services/compare-params';
import { mitigationInfos } from '../../server/src/services/mitigation-infos';

const root = path.resolve(__dirname, '../../..');

async function columnOf(file: string, name: string): Promise<ColumnsResult['columns'][number]> {
  const found = (await performJob({ kind: 'columns', file }, new AbortController().signal, () => undefined)) as ColumnsResult;
  return found.columns.find((column) => column.name === name)!;
}

describe("Compare Methods' methods question", () => {
  let schema: ParametersSchema;
  let methods: MitigationInfo[];

  before(() => {
    // as the language server answers parity/parameters and parity/mitigations
    schema = forEditor(describeParameters(COMPARE_PARAMS));
    methods = mitigationInfos();
  });

  it('ticks the classification methods that take seconds for a binary label (COMPAS two_year_recid), Wasserstein among them', async () => {
    const label = await columnOf(path.join(root, 'examples/compas/compas-two-years.csv'), 'two_year_recid');
    const question = methodsQuestion(schema, methods, label).properties['methods']!;
    assert.deepEqual(question.default, [
      'ferm',
      'reweighing',
      'threshold',
      'reject-option',
      'wasserstein',
      'correlation-remover',
      'disparate-impact-remover',
      'exponentiated-gradient',
      'grid-search',
    ]);
    // representation applies but takes minutes: unticked, its time first (with the watch Run Mitigation marks it with), no "for … labels"
    assert.equal(
      question.items!.choices!['representation'],
      '$(watch) slow: about 35 s on 10,000 rows with 2 groups, 5 min with 10 · Learns features distributed alike in every group',
    );
    // every method but the one for numeric targets only applies to a yes/no label
    for (const name of question.items!.enum!) if (name !== 'bounded-group-loss') assert.doesNotMatch(question.items!.choices![name]!, /labels · /, name);
    assert.match(question.items!.choices!['bounded-group-loss']!, /^for regression labels · /);
    assert.ok(!question.default!.includes('bounded-group-loss'));
    // the review's line under Methods (cold try 10: the command line's help, "…as the comparison's is: all but
    // bounded-group-loss, for regression labels): ferm, …"): the 9 ticked above, counted by hand
    assert.equal(question.description, 'methods to compare (default: the 9 methods for a binary label that take seconds)');
    assert.equal(
      tickedPlaceholder(question.description!, question.default!, question.items!.enum!),
      // the names left out (71 characters) were cut beside the badge and OK: the count
      'methods to compare; 9 of 11 ticked',
    );
  });

  it('ticks only the regression methods for a numeric label with many values (law data ZFYA), the others listed with what they are for', async () => {
    const label = await columnOf(path.join(SHARED_DATA, 'law_data.csv'), 'ZFYA');
    assert.equal(label.kind, 'numeric');
    assert.ok(label.distinct > 10, `${label.distinct} values`);
    const question = methodsQuestion(schema, methods, label).properties['methods']!;
    assert.deepEqual(question.default, ['wasserstein', 'bounded-group-loss']);
    assert.deepEqual(question.items!.enum, schema.properties['methods']!.items!.enum, 'every method is still listed');
    // the method's own description (server/src/methods/reweighing/command.ts) after what it is for
    assert.equal(question.items!.choices!['reweighing'], 'for binary labels · Weights rows so labels no longer depend on groups');
    assert.equal(question.items!.choices!['wasserstein'], "Moves each group's scores to a common distribution");
    assert.equal(question.description, 'methods to compare (default: the 2 methods for a regression label that take seconds)');
  });

  it('says the default in words for one method, for a label of no known kind, and when every method is ticked', () => {
    assert.equal(methodsDescription('regression', 1, 11), 'methods to compare (default: the 1 method for a regression label that takes seconds)');
    assert.equal(methodsDescription(undefined, 10, 11), 'methods to compare (default: the 10 methods that take seconds)');
    assert.equal(methodsDescription(undefined, 11, 11), 'methods to compare (default: all 11)');
  });

  it('ticks every method that takes seconds when the label is not known or has a few classes', () => {
    const quick = methods.filter((m) => m.slow === undefined).map((m) => m.name);
    assert.deepEqual(methodsQuestion(schema, methods, undefined).properties['methods']!.default, quick);
    assert.deepEqual(methodsQuestion(schema, methods, { kind: 'numeric', distinct: 5 }).properties['methods']!.default, quick);
    assert.deepEqual(methodsQuestion(schema, methods, { kind: 'categorical', distinct: 40 }).properties['methods']!.default, quick);
  });
});

describe("Compare Methods' fairness measure question", () => {
  it('names each measure as the report does, its value the report key', () => {
    const schema = forEditor(describeParameters(COMPARE_PARAMS));
    const question = measureNames(schema).properties['fairnessMetric']!;
    assert.deepEqual(question.enum, ['demographic_parity_difference', 'equal_opportunity_difference', 'equalized_odds_difference']);
    // the names the audit panel shows (common/render/metric-names.ts), written out
    assert.deepEqual(question.labels, {
      demographic_parity_difference: 'Demographic parity difference',
      equal_opportunity_difference: 'Equal opportunity difference',
      equalized_odds_difference: 'Equalized odds difference',
    });
    assert.equal(question.default, 'demographic_parity_difference');
  });
});
