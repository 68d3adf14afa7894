// Every placeholder a multiple choice of the guided runs shows fits beside its count badge and OK
// button (cold try 12 read "sensitive attribute column(s); several are crossed into intersec…"),
// and a single choice's fits its line: the real schemas the language server sends (every
// method's, and Compare Methods'), each parameter as askParameter asks it (several columns, values
// or named choices; one choice, column, value or file), a multiple choice's placeholder with every
// tick it can start on. The limits are the box's width in characters, measured on the screenshots
// (quick-pick-texts.ts), not on these texts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { methodsQuestion } from '../../client/src/compare-methods-question';
import { DETAIL_MAX, MANY_PLACEHOLDER_MAX, PLACEHOLDER_MAX, reviewDetail } from '../../client/src/quick-pick-texts';
import { manyChoicePlaceholder } from '../../client/src/ticked-placeholder';
import { forEditor, type ParameterSchema, type ParametersSchema } from '../../common/params';
import { describeParameters } from '../../server/src/params/schema';
import { COMPARE_PARAMS } from '../../server/src/services/compare-params';
import { mitigationInfos } from '../../server/src/services/mitigation-infos';

/** As askParameter asks it: several columns, several values, or several of a list of named choices. */
function asksMany(property: ParameterSchema): boolean {
  return (
    !property.cliOnly && (property.input === 'columns' || property.input === 'values' || (property.type === 'array' && property.items?.enum !== undefined))
  );
}

/** The ticks a question can start on: none, all, each one alone, all but each one. */
function tickings(property: ParameterSchema): string[][] {
  const all = property.items?.enum;
  if (!all) return [[]];
  return [[], [...all], ...all.map((value) => [value]), ...all.map((value) => all.filter((other) => other !== value))];
}

/** Every multiple choice's placeholders in a schema, by "where key". */
function placeholders(where: string, schema: ParametersSchema): { at: string; text: string }[] {
  return Object.entries(schema.properties)
    .filter(([, property]) => asksMany(property))
    .flatMap(([key, property]) =>
      tickings(property).map((ticked) => ({ at: `${where} ${key} [${ticked.join(', ')}]`, text: manyChoicePlaceholder(property, ticked) })),
    );
}

describe('the placeholders of the multiple choices', () => {
  const methods = mitigationInfos();
  const compare = forEditor(describeParameters(COMPARE_PARAMS));
  const all = [
    ...methods.flatMap((method) => placeholders(method.name, method.parameters)),
    ...placeholders('compare', methodsQuestion(compare, methods, undefined)),
  ];

  it('fit beside the badge and OK, for every method and Compare Methods, whole words in editor words', () => {
    for (const { at, text } of all) {
      assert.ok(text.length > 0, `${at}: a placeholder`);
      assert.ok(text.length <= MANY_PLACEHOLDER_MAX, `${at}: "${text}" is ${text.length} characters`);
      assert.ok(!text.endsWith('…'), `${at}: "${text}" is whole`);
      assert.doesNotMatch(text, /--[a-z]/, `${at}: no command-line flag`);
    }
  });

  it('cover the questions that were cut: the sensitive attributes, the features, the privileged groups, the tasks', () => {
    const asked = new Set(all.map(({ at }) => at.split(' ')[1]));
    for (const key of ['sensitive', 'features', 'notFeatures', 'audited', 'privileged', 'tasks', 'methods']) assert.ok(asked.has(key), key);
  });

  it("keep the command line's long descriptions for its help and the docs", () => {
    const cli = describeParameters(COMPARE_PARAMS).properties;
    assert.equal(cli['sensitive']?.description, 'sensitive attribute column(s); several are crossed into intersectional groups');
    assert.equal(compare.properties['sensitive']?.description, 'columns that form the groups; several combine (race × sex)');
  });
});

/**
 * As askParameter asks it: one of named choices, one column, one value, or a file; the given file
 * is not asked, and the held-out file and the positive value have their own placeholders
 * (quick-pick-texts.ts, positive-step.ts), as the yes/no questions do (yesNoTexts).
 */
function asksOne(key: string, property: ParameterSchema, given: string): boolean {
  if (property.cliOnly || key === given || key === 'test' || key === 'positive' || property.type === 'boolean') return false;
  return property.enum !== undefined || property.input === 'column' || property.input === 'value' || property.input === 'file';
}

describe('the placeholders of the single choices', () => {
  const methods = mitigationInfos();
  const schemas: [string, ParametersSchema, string][] = [
    ...methods.map((method): [string, ParametersSchema, string] => [method.name, method.parameters, method.input === 'training-data' ? 'train' : 'data']),
    ['compare', forEditor(describeParameters(COMPARE_PARAMS)), 'train'],
  ];

  it('fit their line, for every method and Compare Methods, in editor words', () => {
    let asked = 0;
    for (const [name, schema, given] of schemas)
      for (const [key, property] of Object.entries(schema.properties)) {
        if (!asksOne(key, property, given)) continue;
        asked++;
        const text = property.description ?? '';
        assert.ok(text.length > 0 && text.length <= PLACEHOLDER_MAX, `${name} ${key}: "${text}" is ${text.length} characters`);
        assert.doesNotMatch(text, /--[a-z]/, `${name} ${key}: no command-line flag`);
      }
    // the label, the score, the criterion, the calibration file, the model selection... of every method
    assert.ok(asked > methods.length * 2, `${asked} questions`);
  });
});

describe("the review's second lines", () => {
  const methods = mitigationInfos();
  const schemas: [string, ParametersSchema][] = [
    ...methods.map((method): [string, ParametersSchema] => [method.name, method.parameters]),
    ['compare', forEditor(describeParameters(COMPARE_PARAMS))],
  ];

  it('fit their line for every parameter of every method and Compare Methods, as a whole clause', () => {
    const cut: string[] = [];
    for (const [name, schema] of schemas)
      for (const [key, property] of Object.entries(schema.properties)) {
        const detail = reviewDetail(property.description);
        if (detail === undefined) continue;
        assert.ok(detail.length <= DETAIL_MAX, `${name} ${key}: "${detail}" is ${detail.length} characters`);
        if (detail.endsWith('…')) cut.push(`${name} ${key}: ${detail}`);
      }
    assert.deepEqual(cut, [], 'every long description has a main clause that fits');
  });

  it("keep a description that fits whole, and give a long one's main clause (cold try 12's score row)", () => {
    // the two descriptions the cold try's review cut, as the threshold schema words them for the command line
    assert.equal(
      reviewDetail('held-out file: before/after figures are computed on it (without it: on the training rows, in-sample)'),
      'held-out file: before/after figures are computed on it',
    );
    assert.equal(reviewDetail('label value counted as positive'), 'label value counted as positive');
    // cold try 13 read exponentiated gradient's sweep as "also fit ε = 0.005": the list of settings is kept whole
    const sweep = mitigationInfos().find((m) => m.name === 'exponentiated-gradient')!.parameters.properties['sweep']!.description!;
    assert.match(sweep, /0\.005, 0\.01/, sweep);
    assert.ok(reviewDetail(sweep)!.includes(sweep.match(/ε = ([\d., ]+)/)![1]!.trim()), reviewDetail(sweep));
  });
});
