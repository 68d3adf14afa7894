// Rows of a held-out file that are rows of the training file (rowsAlsoIn), and when reports warn
// about them (sharedRowsWarning). Expected counts: by hand for the small tables; for UCI Adult,
// counted with awk over the files (the label's trailing period of adult.test removed): 23 of
// adult.test's 16,281 rows are rows of adult.data, and 47 of adult.data's 32,561 rows repeat
// another of its rows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rowsAlsoIn } from '../../server/src/engine/table/shared-rows';
import { tableFromRows } from '../../server/src/engine/table/table';
import { sharedRowsWarning } from '../../common/render/shared-rows';
import { adultTables } from '../support/adult';

const table = (columns: string[], rows: (string | null)[][]) =>
  tableFromRows(
    'f.csv',
    columns,
    rows,
    rows.map((_, i) => i + 2),
  );

describe('rows a held-out file shares with the training file', () => {
  it('compares every training column by name, in any order, ignoring columns only the held-out file has', () => {
    const train = table(
      ['a', 'b', 'c'],
      [
        ['1', 'x', 'p'],
        ['2', 'y', 'q'],
        ['ab', 'c', null],
        ['2', 'y', 'q'],
      ],
    );
    const heldOut = table(
      ['c', 'a', 'b', 'extra'],
      [
        ['p', '1', 'x', 'anything'], // row 1 of the training file
        ['q', '2', 'z', 'w'], // b differs
        ['', 'ab', 'c', 'w'], // an empty c is not a missing one
        [null, 'ab', 'c', 'w'], // row 3, its missing c included
        [null, 'a', 'bc', 'w'], // "a","bc" is not "ab","c"
      ],
    );
    // 2 matches; the training rows 2 and 4 repeat each other: 2 of 4 rows
    assert.deepEqual(rowsAlsoIn(heldOut, train), { rows: 2, chance: 0.5 });
  });

  it('a training file with no column in the held-out file shares nothing', () => {
    assert.deepEqual(rowsAlsoIn(table(['z'], [['1']]), table(['a'], [['1']])), { rows: 0, chance: 0 });
  });

  it('on UCI Adult, adult.test shares its chance rows with adult.data, and is not warned about; a copy of adult.data is', async () => {
    const { train, test } = await adultTables();
    const shared = rowsAlsoIn(test, train);
    assert.equal(shared.rows, 23);
    assert.equal(test.rowCount, 16_281);
    assert.ok(Math.abs(shared.chance - 47 / 32_561) < 1e-12, String(shared.chance));
    assert.equal(sharedRowsWarning(shared, test.rowCount, 'adult.data', 'adult.test'), undefined);
    const copy = rowsAlsoIn(train, train);
    assert.equal(copy.rows, 32_561);
    assert.equal(
      sharedRowsWarning(copy, train.rowCount, '/d/adult.data', '/d/copy.csv'),
      'All 32,561 rows of the held-out file copy.csv are also rows of adult.data, the rows fitted on: the figures on them are in-sample, so optimistic. Choose a held-out file without those rows, or hold out a share of the training file.',
    );
  });
});

describe('when a report warns about shared rows', () => {
  // 1,000 held-out rows: 1% is 10 rows beyond chance, and three binomial standard deviations of the chance count
  it('from 1% of the rows beyond chance, without chance matches', () => {
    assert.equal(sharedRowsWarning({ rows: 9, chance: 0 }, 1000, 't.csv', 'h.csv'), undefined);
    assert.equal(
      sharedRowsWarning({ rows: 10, chance: 0 }, 1000, 't.csv', 'h.csv'),
      '10 of the 1,000 rows of the held-out file h.csv (1%) are also rows of t.csv, the rows fitted on: the figures on them are in-sample, so optimistic. Choose a held-out file without those rows, or hold out a share of the training file.',
    );
  });

  it('a file that repeats its own rows is warned about only beyond three standard deviations of chance', () => {
    // chance 0.4: 400 expected, sd √(1000 × 0.4 × 0.6) = 15.49, so 3 sd = 46.5: 446 is not enough, 447 is
    assert.equal(sharedRowsWarning({ rows: 446, chance: 0.4 }, 1000, 't.csv', 'h.csv'), undefined);
    assert.equal(
      sharedRowsWarning({ rows: 447, chance: 0.4 }, 1000, 't.csv', 'h.csv'),
      '447 of the 1,000 rows of the held-out file h.csv (44.7%) are also rows of t.csv, the rows fitted on (about 40% would be by chance, as often as t.csv repeats its own rows): the figures on them are in-sample, so optimistic. Choose a held-out file without those rows, or hold out a share of the training file.',
    );
  });
});
