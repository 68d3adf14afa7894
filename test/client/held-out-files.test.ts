// The files the held-out question offers (issue 16): an earlier Parity run's outputs are never a
// fair held-out set and are left out; so is the training file. Paths written out by hand.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { fewColumns, filesWithColumns, headerColumns, heldOutColumns, heldOutFiles, runColumns } from '../../client/src/held-out-files';
import { SHARED_DATA } from '../support/adult';

describe('the files offered as a held-out file', () => {
  const training = '/work/data/compas.csv';
  const workspace = [
    '/work/data/compas.csv',
    '/work/data/compas.parquet',
    '/work/data/compas-2024.csv',
    '/work/data/compas.parity-reweighing/predictions.csv',
    '/work/data/compas.parity-compare/threshold/predictions.parquet',
    '/work/data/other/adult.parity-fair-model/predictions.jsonl',
    '/work/data/parity-notes/held.csv',
  ];

  it('leaves out the training file and every file in a folder a run wrote (NAME.parity-METHOD, at any depth)', () => {
    assert.deepEqual(heldOutFiles(workspace, training, undefined), [
      '/work/data/compas.parquet',
      '/work/data/compas-2024.csv',
      '/work/data/parity-notes/held.csv',
    ]);
  });

  it('leaves out the current answer (it is listed first, on its own)', () => {
    assert.deepEqual(heldOutFiles(workspace, training, '/work/data/compas-2024.csv'), ['/work/data/compas.parquet', '/work/data/parity-notes/held.csv']);
  });

  it('reads a path with dots up to the file as a path, not a run folder', () => {
    assert.deepEqual(heldOutFiles(['/work/data.parity/x.csv', '/work/a.parity-/y.csv'], training, undefined), [
      '/work/data.parity/x.csv',
      '/work/a.parity-/y.csv',
    ]);
  });
});

// Real files in a temporary folder: law_data.csv's header (",race,sex,LSAT,UGPA,region_first,ZFYA,
// sander_index,first_pf", read with head -1) and UCI Bank's bank-full.csv.gz (semicolons, quoted:
// "age";"job";...;"y"), as a cold try had it offered for a law_data.csv run.
describe("held-out files with the run's columns", () => {
  let folder: string;
  const file = (name: string) => path.join(folder, name);

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'parity-held-out-'));
    const law = readFileSync(path.join(SHARED_DATA, 'law_data.csv'), 'utf8').split('\n');
    writeFileSync(file('law-2024.csv'), `${law.slice(0, 50).join('\n')}\n`);
    writeFileSync(file('law-2025.csv.gz'), gzipSync(`${law.slice(0, 50).join('\n')}\n`));
    writeFileSync(file('law-no-zfya.csv'), 'race,sex,LSAT,UGPA\nWhite,1,39.0,3.1\n');
    writeFileSync(file('law.jsonl'), '{"race":"White","sex":1,"LSAT":39,"UGPA":3.1,"ZFYA":-0.98}\n');
    writeFileSync(file('law.parquet'), 'PAR1 not read here');
    copyFileSync(path.join(SHARED_DATA, 'bank-full.csv.gz'), file('bank-full.csv.gz'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('reads the columns from the headers: CSV (plain, .gz, semicolons) and JSON Lines; not Parquet', () => {
    // the unnamed index column named as the reader names it
    assert.deepEqual(headerColumns(file('law-2024.csv')), ['column_1', 'race', 'sex', 'LSAT', 'UGPA', 'region_first', 'ZFYA', 'sander_index', 'first_pf']);
    assert.deepEqual(headerColumns(file('law-2025.csv.gz')), headerColumns(file('law-2024.csv')));
    const bank = headerColumns(file('bank-full.csv.gz'))!;
    assert.equal(bank.length, 17);
    assert.deepEqual([bank[0], bank[16]], ['age', 'y']);
    assert.deepEqual(headerColumns(file('law.jsonl')), ['race', 'sex', 'LSAT', 'UGPA', 'ZFYA']);
    assert.equal(headerColumns(file('law.parquet')), undefined);
  });

  it('offers only the files with the label, sensitive attributes and features (a Parquet file is not checked)', () => {
    const all = ['law-2024.csv', 'law-2025.csv.gz', 'law-no-zfya.csv', 'law.jsonl', 'law.parquet', 'bank-full.csv.gz'].map(file);
    const needed = runColumns({ label: 'ZFYA', sensitive: ['race'], features: ['LSAT', 'UGPA'], testFraction: 0.3, sweep: true });
    assert.deepEqual(needed, ['ZFYA', 'race', 'LSAT', 'UGPA']);
    assert.deepEqual(filesWithColumns(all, needed), ['law-2024.csv', 'law-2025.csv.gz', 'law.jsonl', 'law.parquet'].map(file));
    // first_pf is in the CSV files, not in the JSON Lines file
    assert.deepEqual(filesWithColumns(all, ['first_pf', 'sex']), ['law-2024.csv', 'law-2025.csv.gz', 'law.parquet'].map(file));
    // a bank run: none of the law files has "y" and "marital"
    assert.deepEqual(filesWithColumns(all, ['y', 'marital']), ['law.parquet', 'bank-full.csv.gz'].map(file));
    assert.deepEqual(filesWithColumns(all, []), all, 'nothing chosen yet: every file');
  });

  it('asks for every column of the training file while the label is not chosen yet', () => {
    const all = ['law-2024.csv', 'law-2025.csv.gz', 'law-no-zfya.csv', 'law.jsonl', 'bank-full.csv.gz'].map(file);
    const training = headerColumns(file('law-2024.csv'));
    // the held-out question comes first: race and sex alone would let any file with them in
    const early = heldOutColumns({ sensitive: ['race', 'sex'], testFraction: 0.3, sweep: true }, training);
    assert.deepEqual(early, ['race', 'sex', 'column_1', 'LSAT', 'UGPA', 'region_first', 'ZFYA', 'sander_index', 'first_pf']);
    assert.deepEqual(filesWithColumns(all, early), ['law-2024.csv', 'law-2025.csv.gz'].map(file));
    // once the label is chosen, the run's own columns
    assert.deepEqual(heldOutColumns({ label: 'ZFYA', sensitive: ['race'], features: ['LSAT'] }, training), ['ZFYA', 'race', 'LSAT']);
    assert.deepEqual(heldOutColumns({ noHeader: true }, training), []);
  });

  it('names the missing columns in short', () => {
    assert.equal(fewColumns(['ZFYA', 'race']), 'ZFYA, race');
    assert.equal(fewColumns(['ZFYA', 'race', 'sex', 'LSAT', 'UGPA', 'region_first']), 'ZFYA, race, sex, LSAT and 2 more');
  });
});
