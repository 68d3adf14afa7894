// The editor's header peek (readCsvHeader) and the CSV reader name columns alike (columnNames):
// law_data.csv's unnamed first column (the index pandas wrote) is column_1 in both (cold try 15:
// the held-out question listed "race, sex, , LSAT" and the next step column_1). Expected names: the
// file's first line, read by eye: ",race,sex,LSAT,UGPA,region_first,ZFYA,sander_index,first_pf".
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { columnNames } from '../common/column-names';
import { readCsvHeader } from '../common/csv-header';
import { loadTable } from '../server/src/io/table';
import { SHARED_DATA } from './support/adult';

describe('column names of a CSV header', () => {
  it('trims, names an empty one column_N and suffixes a repeated one, saying so', () => {
    const said: string[] = [];
    assert.deepEqual(
      columnNames([' a ', '', 'a', 'a', ''], (message) => said.push(message)),
      ['a', 'column_2', 'a.1', 'a.2', 'column_5'],
    );
    assert.deepEqual(said, [
      'column 2 has no name in the header; it is called "column_2"',
      'column name "a" is repeated; column 3 is called "a.1"',
      'column name "a" is repeated; column 4 is called "a.2"',
      'column 5 has no name in the header; it is called "column_5"',
    ]);
  });

  it("law_data.csv's unnamed index column is column_1 in the editor's peek and in the reader", async () => {
    const file = path.join(SHARED_DATA, 'law_data.csv');
    const expected = ['column_1', 'race', 'sex', 'LSAT', 'UGPA', 'region_first', 'ZFYA', 'sander_index', 'first_pf'];
    assert.deepEqual(readCsvHeader(file), expected);
    assert.deepEqual((await loadTable(file, {})).columns, expected);
  });
});
