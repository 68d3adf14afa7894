import type { Comparison } from '../reports/comparison';
import type { MitigationReport, SharedRows } from '../reports/mitigation';
import { fileName } from './text';

/**
 * The excess of a held-out file's rows found in the training file over chance from which reports
 * warn: at least 1% of its rows, and more than three binomial standard deviations of the chance
 * count. Independent samples share rows by chance: adult.test has 23 of its 16,281 rows (0.14%) in
 * adult.data, counted with awk over the files, as often as adult.data repeats its own rows; a
 * file of few coarse columns repeats many. A copy of the training file shares all of them.
 */
export const SHARED_ROWS_EXCESS = 0.01;

/**
 * The warning when a held-out file holds training rows beyond chance: its figures on them are
 * in-sample (cold try 15 compared methods on the COMPAS example "evaluated on" a workspace copy of
 * the same 7,214 rows).
 */
export function sharedRowsWarning(shared: SharedRows, rows: number, trainFile: string, heldOutFile: string): string | undefined {
  const expected = shared.chance * rows;
  const excess = shared.rows - expected;
  if (rows === 0 || excess < SHARED_ROWS_EXCESS * rows || excess <= 3 * Math.sqrt(expected * (1 - shared.chance))) return undefined;
  const count = (n: number) => n.toLocaleString('en-US');
  const percent = (share: number) => `${Number((share * 100).toPrecision(3))}%`;
  const which =
    shared.rows === rows
      ? `All ${count(rows)} rows of the held-out file ${fileName(heldOutFile)} are`
      : `${count(shared.rows)} of the ${count(rows)} rows of the held-out file ${fileName(heldOutFile)} (${percent(shared.rows / rows)}) are`;
  const chance = shared.chance >= 0.005 ? ` (about ${percent(shared.chance)} would be by chance, as often as ${fileName(trainFile)} repeats its own rows)` : '';
  return `${which} also rows of ${fileName(trainFile)}, the rows fitted on${chance}: the figures on them are in-sample, so optimistic. Choose a held-out file without those rows, or hold out a share of the training file.`;
}

/** A mitigation report's warning about its held-out file (a run of a comparison: the comparison's). */
export function reportSharedRowsWarning(report: MitigationReport): string | undefined {
  const measured = report.comparedIn?.measuredOn ?? report.measuredOn;
  // post-processing: the file its rules were fitted on (a calibration file, or the model-output file)
  const train = report.comparedIn?.train ?? measured?.fitted?.file ?? report.files.inputs['train'];
  if (measured?.kind !== 'test' || measured.sharedWithTraining === undefined || train === undefined) return undefined;
  return sharedRowsWarning(measured.sharedWithTraining, measured.rows, train, measured.file);
}

/** A comparison's warning about its held-out file. */
export function comparisonSharedRowsWarning(comparison: Pick<Comparison, 'sharedWithTraining' | 'files'>): string | undefined {
  const shared = comparison.sharedWithTraining;
  return shared ? sharedRowsWarning(shared, shared.testRows, comparison.files.train, comparison.files.test) : undefined;
}
