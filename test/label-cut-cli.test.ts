// `parity audit` and `parity mitigate reweighing` with a cut of a numeric label: student-por.csv's
// G3 (a 0–20 grade) passes at 10. The expected rates and weights are recounted here from the CSV
// itself (split on ';', quotes stripped), independently of the program's reader.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parity } from './support/cli';

const DATA = path.resolve(__dirname, '../../../shared/data/student-por.csv');
const dir = mkdtempSync(path.join(tmpdir(), 'parity-label-cut-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Rows and G3 ≥ 10 passes per sex, counted from the file's text. */
function passes(): Record<string, { rows: number; pass: number }> {
  const [header, ...lines] = readFileSync(DATA, 'utf8').trim().split(/\r?\n/);
  const names = header!.split(';').map((name) => name.replace(/"/g, ''));
  const [sex, grade] = [names.indexOf('sex'), names.indexOf('G3')];
  const counts: Record<string, { rows: number; pass: number }> = {};
  for (const line of lines) {
    const fields = line.split(';').map((field) => field.replace(/"/g, ''));
    const entry = (counts[fields[sex]!] ??= { rows: 0, pass: 0 });
    entry.rows++;
    if (Number(fields[grade]) >= 10) entry.pass++;
  }
  return counts;
}

describe('a cut of a numeric label on the command line', { skip: !existsSync(DATA) && 'student-por.csv not found' }, () => {
  const counts = existsSync(DATA) ? passes() : {};

  it('audits the pass rates of F and M under G3 >= 10', () => {
    const run = parity(['audit', DATA, '--label', 'G3', '--positive', '>=10', '--sensitive', 'sex', '--bootstrap', '0', '--format', 'json']);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as {
      task: string;
      columns: { positive: string };
      groupings: { groups: { key: Record<string, string>; count: number; metrics: Record<string, number> }[] }[];
    };
    assert.equal(report.task, 'dataset');
    assert.equal(report.columns.positive, '>=10');
    for (const sex of ['F', 'M']) {
      const group = report.groupings[0]!.groups.find((g) => g.key['sex'] === sex)!;
      assert.equal(group.count, counts[sex]!.rows, sex);
      assert.ok(Math.abs(group.metrics['base_rate']! - counts[sex]!.pass / counts[sex]!.rows) < 1e-12, sex);
    }
    const table = parity(['audit', DATA, '--label', 'G3', '--positive', '≥ 10', '--sensitive', 'sex', '--bootstrap', '0']);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /label G3 \(positive: G3 ≥ 10\)/);
  });

  it('refuses "=>10" in one line with the spelling to use', () => {
    const run = parity(['audit', DATA, '--label', 'G3', '--positive', '=>10', '--sensitive', 'sex']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--positive "=>10" is not a comparison: write ">=10"/);
  });

  it('reweighs on the same cut: each cell weighted P(s) P(y) / P(s, y) from the recounted passes', () => {
    const out = path.join(dir, 'reweighing');
    const run = parity([
      'mitigate',
      'reweighing',
      '--train',
      DATA,
      '--label',
      'G3',
      '--positive',
      '>=10',
      '--sensitive',
      'sex',
      '--not-features',
      'G1,G2',
      '--bootstrap',
      '0',
      '--out',
      out,
    ]);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as {
      columns: { positive: string };
      parameters: { cellWeights: { group: string; label: number; weight: number }[] };
    };
    assert.equal(report.columns.positive, '>=10');
    const n = counts['F']!.rows + counts['M']!.rows;
    const passing = counts['F']!.pass + counts['M']!.pass;
    for (const cell of report.parameters.cellWeights) {
      const { rows, pass } = counts[cell.group]!;
      const inCell = cell.label === 1 ? pass : rows - pass;
      const ofLabel = cell.label === 1 ? passing : n - passing;
      // P(s) P(y) / P(s, y) = rows(s) · rows(y) / (n · rows(s, y))
      assert.ok(Math.abs(cell.weight - (rows * ofLabel) / (n * inCell)) < 1e-12, `${cell.group} ${cell.label}`);
    }
  });
});
