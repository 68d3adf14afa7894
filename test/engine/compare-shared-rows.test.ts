// A comparison and its runs say when the held-out file holds the training rows (cold try 15: the
// COMPAS example compared "evaluated on" a workspace copy of its 7,214 rows, figures in-sample
// without a word). Real runs of reweighing on the bundled COMPAS example, split 2:1 by row number
// (compasSplit): the held-out third shares only chance rows with the rest (few coarse columns
// repeat rows), and is not warned about; a copy of the training file is, in comparison.json's
// figures, the panel's view, the CLI's table and the run's report header.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { MitigationReport } from '../../common/reports/mitigation';
import { afterChoice, mitigationHeader } from '../../common/render/mitigation-model';
import { comparisonView } from '../../common/render/comparison-view';
import { formatComparison } from '../../server/src/adapters/cli/format/comparison';
import { compasReweighingComparison, compasSplit } from '../support/compas-split';

describe('held-out rows that are training rows', () => {
  it('a held-out third of the example is not warned about; a copy of the training file is, everywhere the figures are shown', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-shared-rows-'));
    const { train, test } = compasSplit(dir);
    const trainRows = readFileSync(train, 'utf8').trimEnd().split('\n').length - 1;

    const split = await compasReweighingComparison(train, test, path.join(dir, 'split'));
    const testRows = readFileSync(test, 'utf8').trimEnd().split('\n').length - 1;
    assert.equal(split.sharedWithTraining?.testRows, testRows);
    // chance matches, and about as many as chance: the coarse columns repeat rows
    assert.ok(split.sharedWithTraining!.rows > 0 && split.sharedWithTraining!.chance > 0, JSON.stringify(split.sharedWithTraining));
    assert.equal(comparisonView(split).sharedRows, undefined);
    assert.doesNotMatch(formatComparison(split), /warning:/);

    const copy = path.join(dir, 'copy.csv');
    copyFileSync(train, copy);
    const copied = await compasReweighingComparison(train, copy, path.join(dir, 'copied'));
    assert.equal(copied.sharedWithTraining?.rows, trainRows);
    assert.equal(copied.sharedWithTraining?.testRows, trainRows);
    const warning = comparisonView(copied).sharedRows;
    assert.match(
      warning ?? '',
      new RegExp(`^All ${trainRows.toLocaleString('en-US')} rows of the held-out file copy\\.csv are also rows of train\\.csv, the rows fitted on`),
    );
    assert.ok(formatComparison(copied).startsWith(`warning: ${warning}\n`));
    // the run's own report says it under its run line
    const report = JSON.parse(readFileSync(copied.points[0]!.report, 'utf8')) as MitigationReport;
    const lines = mitigationHeader(report, afterChoice(report, null)).lines;
    assert.equal(lines[1]?.id, 'shared-rows');
    assert.equal(lines[1]?.text, warning);
  });
});
