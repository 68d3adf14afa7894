import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';
import { fitLogistic, probabilities } from '../../server/src/engine/learners/logistic';
import { encodeFeatures, everyColumnBut, fitFeatureEncoding } from '../../server/src/engine/learners/features';
import { binaryColumn, Table, tableFromRows, tableRows } from '../../server/src/engine/table/table';
import { sensitiveGroupColumn } from '../../server/src/engine/audit/sensitive-bins';
import { loadTable } from '../../server/src/io/table';

/** The repository's root: the nearest folder above this compiled file with the project's package.json (out/test or out/vscode-test/test). */
const REPOSITORY = (() => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'server'))) return dir;
  }
  throw new Error(`no repository root above ${__dirname}`);
})();

/**
 * ../shared/data, where the real datasets live (see its README for sources and licences); from a
 * git worktree one level deeper (../../shared/data), the nearest such folder above the repository.
 */
export const SHARED_DATA = (() => {
  for (let dir = path.dirname(REPOSITORY); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'shared/data'))) return path.join(dir, 'shared/data');
  }
  return path.resolve(REPOSITORY, '../shared/data');
})();

/** Column names of UCI Adult, from adult.names (the files have no header row). */
export const ADULT_COLUMNS = [
  'age',
  'workclass',
  'fnlwgt',
  'education',
  'education-num',
  'marital-status',
  'occupation',
  'relationship',
  'race',
  'sex',
  'capital-gain',
  'capital-loss',
  'hours-per-week',
  'native-country',
  'income',
];

/**
 * UCI Adult's fixed split: adult.data (32,561 rows) for training, adult.test (16,281 rows) for
 * testing. adult.test starts with a "|1x3 Cross validator" line and spells its labels with a
 * trailing period (">50K."); the period is dropped so both files share the labels <=50K / >50K.
 * Rows with missing values ("?") are kept; the feature encoding gives them their own category.
 */
export async function adultTables(): Promise<{ train: Table; test: Table }> {
  const csv = { header: false, columnNames: ADULT_COLUMNS, comments: '|' };
  const [train, test] = await Promise.all([loadTable(path.join(SHARED_DATA, 'adult.data.gz'), csv), loadTable(path.join(SHARED_DATA, 'adult.test.gz'), csv)]);
  return { train, test: withoutLabelPeriod(test) };
}

function withoutLabelPeriod(table: Table): Table {
  const income = table.columns.indexOf('income');
  const rows = tableRows(table).map((row) => row.map((field, i) => (i === income && field !== null ? field.replace(/\.$/, '') : field)));
  return tableFromRows(
    table.file,
    table.columns,
    rows,
    rows.map((_, i) => table.lines.at(i)!),
  );
}

/**
 * Adult as two headered CSV files (train.csv, test.csv) under test/.cache/adult, for tests that
 * drive the CLI or the editor with files. Written once; the content is the real data.
 */
export async function adultCsvFiles(): Promise<{ train: string; test: string }> {
  const dir = path.join(REPOSITORY, 'test/.cache/adult');
  const files = { train: path.join(dir, 'train.csv'), test: path.join(dir, 'test.csv') };
  if (existsSync(files.train) && existsSync(files.test)) return files;
  mkdirSync(dir, { recursive: true });
  const { train, test } = await adultTables();
  for (const [name, table] of [
    ['train', train],
    ['test', test],
  ] as const) {
    writeFileSync(files[name], Papa.unparse({ fields: [...table.columns], data: tableRows(table).map((row) => row.map((field) => field ?? '')) }) + '\n');
  }
  return files;
}

/**
 * The base scores `parity compare` gives post-processing methods on Adult: a logistic regression
 * fitted on adult.data with every column but the label and `sensitive` as features, scored on
 * adult.test (as `baseModel` in server/src/services/compare.ts).
 */
export async function adultBaseScores(sensitive: readonly string[]): Promise<{ groups: string[]; labels: Uint8Array; scores: Float64Array }> {
  const { train, test } = await adultTables();
  const encoding = fitFeatureEncoding(train, everyColumnBut(train, ['income', ...sensitive]));
  const model = fitLogistic(encodeFeatures(encoding, train).rows, binaryColumn(train, 'income', '>50K').values);
  return {
    groups: sensitiveGroupColumn(test, sensitive, {}),
    labels: binaryColumn(test, 'income', '>50K').values,
    scores: probabilities(model, encodeFeatures(encoding, test).rows),
  };
}
