// Run Mitigation's method picker and questions on a file without a model output: the real method list
// the language server sends, and the real column descriptions of the LSAC law data (ZFYA: a numeric
// score, no prediction) and COMPAS (two_year_recid: 0/1).
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { guidedKeys, methodUse, ownModelSchema } from '../../client/src/mitigation-use';
import type { ColumnsResult, MitigationInfo } from '../../common/protocol';
import { performJob } from '../../server/src/adapters/worker/perform';
import { mitigationInfos } from '../../server/src/services/mitigation-infos';
import { SHARED_DATA } from '../support/adult';
import { COMPAS } from '../support/cli';

async function columnsOf(file: string): Promise<ColumnsResult> {
  return (await performJob({ kind: 'columns', file }, new AbortController().signal, () => undefined)) as ColumnsResult;
}

describe('Run Mitigation on a file without a model output', () => {
  let methods: MitigationInfo[];
  let wasserstein: MitigationInfo;
  let law: ColumnsResult;

  before(async () => {
    methods = mitigationInfos();
    wasserstein = methods.find((m) => m.name === 'wasserstein')!;
    law = await columnsOf(path.join(SHARED_DATA, 'law_data.csv'));
  });

  it('offers Wasserstein on the law data by fitting least squares, not as needing a score or prediction', () => {
    const zfya = law.columns.find((c) => c.name === 'ZFYA');
    const withLabel = methodUse(wasserstein, {}, zfya);
    assert.deepEqual(withLabel, { description: wasserstein.baseModel!.description, ownModel: true });
    // as the file opens: no label is inferred for it (nor a score or prediction), so the run asks for the label first
    assert.equal(
      law.inferred.find((r) => r.role === 'label'),
      undefined,
    );
    const opened = methodUse(wasserstein, {}, undefined);
    assert.doesNotMatch(opened.description, /needs a score/);
    assert.equal(opened.ownModel, true);
    // a method whose base model is for another label still needs a model output: for the threshold
    // optimizer a score, the only one it takes (a prediction is no score to cut)
    assert.equal(
      methodUse(
        methods.find((m) => m.name === 'threshold')!,
        {},
        zfya,
      ).description,
      'needs a score column',
    );
  });

  it('still needs a score for a yes/no label, and uses the scores a file has', async () => {
    const compas = await columnsOf(COMPAS);
    const recid = compas.columns.find((c) => c.name === 'two_year_recid');
    assert.deepEqual(methodUse(wasserstein, {}, recid), { description: 'needs a score or prediction column', ownModel: false });
    assert.deepEqual(methodUse(wasserstein, { score: 'decile_score' }, recid), { description: 'uses the model’s scores in this file', ownModel: false });
  });

  it("fits a model on a file whose only model output is a decision the method does not take (the cold try's detained)", () => {
    // compas-decisions.csv: "detained" (yes/no) inferred as the decision, no score; its label column as the file reads
    const threshold = methods.find((m) => m.name === 'threshold')!;
    const detained = { kind: 'boolean', distinct: 2 };
    const opened = methodUse(threshold, { prediction: 'detained' }, undefined);
    assert.deepEqual(opened, { description: 'models a yes/no label from the columns', ownModel: true });
    assert.deepEqual(methodUse(threshold, { prediction: 'detained' }, detained), {
      description: 'fits a logistic regression on this file’s columns',
      ownModel: true,
    });
    // a score it takes is used; Wasserstein maps a prediction, and says so
    assert.deepEqual(methodUse(threshold, { score: 'p', prediction: 'detained' }, detained), {
      description: 'uses the model’s scores in this file',
      ownModel: false,
    });
    assert.deepEqual(methodUse(wasserstein, { prediction: 'y_hat' }, undefined), { description: 'uses the model’s predictions in this file', ownModel: false });
  });

  it("fits every method's row in the picker: its name and the line beside it", async () => {
    // A cold try in VS Code cut the Wasserstein row after 93 characters at the default quick-pick
    // width (its 45-character name, two spaces, then "fits least squares on this file, then maps it…"):
    // 88 leaves a margin for wider letters.
    const compas = await columnsOf(COMPAS);
    const labels = [undefined, law.columns.find((c) => c.name === 'ZFYA'), compas.columns.find((c) => c.name === 'two_year_recid')];
    for (const method of methods)
      for (const outputs of [{}, { score: 'decile_score' }, { prediction: 'detained' }])
        for (const label of labels) {
          const row = `${method.title}  ${methodUse(method, outputs, label).description}`;
          assert.ok(row.length <= 88, `${row.length} characters: ${row}`);
        }
  });

  it('asks the label and the features first, then no score, prediction, threshold or positive value', () => {
    const keys = guidedKeys(wasserstein, true);
    assert.deepEqual(keys.slice(0, 2), ['label', 'features']);
    for (const key of ['prediction', 'score', 'threshold', 'positive']) assert.ok(!keys.includes(key), `${key} in ${keys}`);
    for (const key of ['sensitive', 'test', 'fairnessStrength']) assert.ok(keys.includes(key), `${key} not in ${keys}`);
    // the label is required then, the features not (their default rule applies)
    const required = ownModelSchema(wasserstein.parameters).required ?? [];
    assert.ok(required.includes('label') && !required.includes('features'), `required: ${required}`);
    // with a model output the run asks for the column to make fair before the label, as before
    const mapped = guidedKeys(wasserstein, false);
    assert.ok(mapped.indexOf('prediction') >= 0 && mapped.indexOf('prediction') < mapped.indexOf('label'), `${mapped}`);
    assert.ok(!mapped.includes('features'), 'the features are advanced when a model output is mapped');
  });
});

describe('Run Mitigation: bounded group loss (a numeric target only)', () => {
  let method: MitigationInfo;
  before(() => {
    method = mitigationInfos().find((m) => m.name === 'bounded-group-loss')!;
  });

  it('is in the picker with a short description, training on a numeric label and saying it needs one beside a yes/no label', async () => {
    // the picker's detail line holds about 60 characters (client/src/commands/mitigate.ts)
    assert.ok(method.description.length <= 60, method.description);
    const zfya = (await columnsOf(path.join(SHARED_DATA, 'law_data.csv'))).columns.find((c) => c.name === 'ZFYA');
    assert.deepEqual(methodUse(method, {}, zfya), { description: 'trains on this file', ownModel: false });
    assert.deepEqual(methodUse(method, {}, undefined), { description: 'trains on this file', ownModel: false });
    const recid = (await columnsOf(COMPAS)).columns.find((c) => c.name === 'two_year_recid');
    assert.deepEqual(methodUse(method, {}, recid), { description: 'needs a numeric label', ownModel: false });
  });

  it('asks the label, the groups and the bound, and no positive value', () => {
    const keys = guidedKeys(method, false);
    for (const key of ['label', 'sensitive', 'bound', 'sweep']) assert.ok(keys.includes(key), `${key} not in ${keys}`);
    for (const key of ['positive', 'positiveMeans', 'threshold']) assert.ok(!keys.includes(key), `${key} in ${keys}`);
    assert.ok(keys.indexOf('label') < keys.indexOf('bound'), `${keys}`);
  });
});
