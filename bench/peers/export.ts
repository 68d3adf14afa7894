// Writes the inputs of the side-by-side runs with Fairlearn (bench/peers/*.py) to bench/tmp/peers/:
// - threshold-<data>-<sensitive>.csv: group, label, score exactly as Parity's threshold optimizer sees
//   them (COMPAS: decile_score of all 7,214 rows; Adult: the base logistic regression of
//   `parity compare` scored on adult.test, see adultBaseScores);
// - adult-sex-{train,test}.csv: Parity's encoded Adult design (one-hot + standardized, every column
//   but income and sex), label and sex, for ExponentiatedGradient on the same features.
// Numbers are written with JavaScript's shortest round-trip form, so Python reads the same doubles.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeFeatures, everyColumnBut, fitFeatureEncoding } from '../../server/src/engine/learners/features';
import { binaryColumn } from '../../server/src/engine/table/table';
import { sensitiveGroupColumn } from '../../server/src/engine/audit/sensitive-bins';
import { adultBaseScores, adultTables } from '../../test/support/adult';
import { compasScores } from '../../test/support/compas-scores';

export const PEERS_TMP = path.resolve(__dirname, '../../../bench/tmp/peers');

function csv(header: string[], rows: (string | number)[][]): string {
  const quote = (field: string | number) => (typeof field === 'number' ? String(field) : `"${field.replace(/"/g, '""')}"`);
  return [header.join(','), ...rows.map((row) => row.map(quote).join(','))].join('\n') + '\n';
}

async function main(): Promise<void> {
  mkdirSync(PEERS_TMP, { recursive: true });
  for (const sensitive of ['race', 'sex']) {
    const compas = await compasScores([sensitive]);
    const adult = await adultBaseScores([sensitive]);
    for (const [name, data] of [
      ['compas', compas],
      ['adult', adult],
    ] as const) {
      const file = path.join(PEERS_TMP, `threshold-${name}-${sensitive}.csv`);
      writeFileSync(
        file,
        csv(
          ['group', 'label', 'score'],
          data.groups.map((g, i) => [g, data.labels[i]!, data.scores[i]!]),
        ),
      );
      process.stdout.write(`${file}: ${data.groups.length} rows\n`);
    }
  }
  const { train, test } = await adultTables();
  const encoding = fitFeatureEncoding(train, everyColumnBut(train, ['income', 'sex']));
  for (const [name, table] of [
    ['train', train],
    ['test', test],
  ] as const) {
    const design = encodeFeatures(encoding, table);
    const labels = binaryColumn(table, 'income', '>50K').values;
    const groups = sensitiveGroupColumn(table, ['sex'], {});
    const file = path.join(PEERS_TMP, `adult-sex-${name}.csv`);
    writeFileSync(
      file,
      csv(
        [...design.names.map((_, j) => `x${j}`), 'label', 'group'],
        design.rows.map((row, i) => [...row, labels[i]!, groups[i]!]),
      ),
    );
    process.stdout.write(`${file}: ${design.rows.length} rows x ${design.names.length} features\n`);
  }
}

void main();
