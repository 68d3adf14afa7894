// Rebuilds examples/compas/compas-two-years.csv from ProPublica's compas-scores-two-years.csv
// (../shared/data): the same rows and values, restricted to the columns the audit example uses,
// without the names and birth dates of the people in it.
import Papa from 'papaparse';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const source = process.argv[2] ?? '../shared/data/compas-scores-two-years.csv.gz';
const target = 'examples/compas/compas-two-years.csv';
const keep = [
  'id',
  'sex',
  'age',
  'age_cat',
  'race',
  'juv_fel_count',
  'juv_misd_count',
  'priors_count',
  'c_charge_degree',
  'decile_score',
  'score_text',
  'two_year_recid',
];

const parsed = Papa.parse(gunzipSync(readFileSync(source)).toString('utf8'), { skipEmptyLines: true });
const [header, ...rows] = parsed.data;
// The first occurrence of a repeated header name (decile_score, priors_count) is the one used.
const indices = keep.map((name) => header.indexOf(name));
const lines = [keep, ...rows.map((row) => indices.map((i) => row[i]))];
writeFileSync(target, Papa.unparse(lines, { newline: '\n' }) + '\n');
console.log(`wrote ${target}: ${rows.length} rows`);
