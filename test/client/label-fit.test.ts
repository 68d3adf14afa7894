// The label step of Run Mitigation: each column of the LSAC law data (its real column profile, as
// the pickers have it) described with whether the run can use it, and the yes/no-label questions
// (positive value, threshold) left out for a numeric label. Counts of distinct values by hand:
// `cut -d, -fN law_data.csv | sort -u | wc -l` (less the header): race 8, sex 2 (1, 2), ZFYA 568,
// first_pf 2 (1.0 on 19,360 rows, 0.0 on 2,431: numbers are listed in number order, not by frequency).
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { labelAdvice, labelChoiceText, labelProblemText, notForThisLabel, runLabelTasks } from '../../client/src/label-fit';
import type { ColumnsResult, MitigationInfo } from '../../common/protocol';
import { performJob } from '../../server/src/adapters/worker/perform';
import { mitigationInfos } from '../../server/src/services/mitigation-infos';
import { SHARED_DATA } from '../support/adult';

describe('the label step of a mitigation', () => {
  let methods: MitigationInfo[];
  let law: ColumnsResult;
  const method = (name: string) => methods.find((m) => m.name === name)!;
  const column = (name: string) => law.columns.find((c) => c.name === name)!;
  const described = (name: string, run: MitigationInfo, ownModel: boolean, params: Record<string, unknown> = {}) =>
    labelChoiceText(column(name), runLabelTasks(run, ownModel, params), law, (task) => labelAdvice(run, methods, task));

  before(async () => {
    methods = mitigationInfos();
    law = (await performJob({ kind: 'columns', file: path.join(SHARED_DATA, 'law_data.csv') }, new AbortController().signal, () => undefined)) as ColumnsResult;
    assert.equal(law.wholeFile, true, 'the 21,790 rows are all read');
  });

  it('shows a yes/no method which columns it can use, and sends a numeric target to Wasserstein', () => {
    const threshold = method('threshold');
    assert.deepEqual(described('first_pf', threshold, false), { description: '2 values: 0.0, 1.0' });
    assert.deepEqual(described('ZFYA', threshold, false), {
      description: '$(warning) numeric, 568 values',
      problem: 'needs a fair-regression method such as Wasserstein barycenter',
    });
    const race = described('race', method('reweighing'), false);
    assert.equal(race.problem, 'needs a label of two values');
    assert.equal(race.description, '$(warning) categorical, 8 values');
    assert.equal(
      labelProblemText('ZFYA', column('ZFYA'), threshold.title, ['classification']),
      '"ZFYA" is numeric (568 values): Threshold optimizer needs a label of two values',
    );
  });

  it('asks Wasserstein fitting least squares for a numeric target, and for a score of a yes/no label', () => {
    const wasserstein = method('wasserstein');
    assert.deepEqual(described('ZFYA', wasserstein, true), { description: 'numeric, 568 values' });
    assert.equal(described('first_pf', wasserstein, true).problem, 'needs a score column to map (a yes/no label)');
    // mapping a score: a yes/no label; mapping a prediction: a numeric one
    assert.equal(described('ZFYA', wasserstein, false, { score: 'LSAT' }).problem, 'needs a prediction column, not a score');
    assert.equal(described('ZFYA', wasserstein, false, { prediction: 'LSAT' }).problem, undefined);
    assert.equal(described('first_pf', wasserstein, false, { score: 'UGPA' }).problem, undefined);
  });

  it('asks the positive value and threshold only for a yes/no label', () => {
    const properties = method('wasserstein').parameters.properties;
    const onlyBinary = Object.keys(properties).filter((key) => properties[key]!.onlyForBinaryLabel);
    assert.deepEqual(onlyBinary.sort(), ['positive', 'positiveMeans', 'threshold']);
    const asked = (params: Record<string, unknown>) => !notForThisLabel(properties.threshold!, params, law.columns);
    assert.equal(asked({ prediction: 'LSAT', label: 'ZFYA' }), false, 'a regression prediction of a numeric target');
    assert.equal(asked({ prediction: 'LSAT' }), false, 'a regression prediction without a label');
    assert.equal(asked({ score: 'UGPA', label: 'first_pf' }), true, 'a score of a yes/no label');
    assert.equal(asked({ score: 'UGPA' }), true, 'a score, its label not chosen yet');
    // the rule belongs to Wasserstein's parameters: other methods' positive value is always asked
    assert.equal(notForThisLabel(method('threshold').parameters.properties.positive!, { label: 'ZFYA' }, law.columns), false);
  });
});
