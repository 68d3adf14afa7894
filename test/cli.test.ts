// The `parity` command as users and CI pipelines run it: the bundled CLI in a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { AuditReport } from '../common/reports/audit';
import { SHARED_DATA } from './support/adult';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const example = path.join(root, 'examples/compas/compas-two-years.csv');
const errors = path.join(root, 'test/fixtures/errors');
const exampleArgs = [example, '--label', 'two_year_recid', '--score', 'decile_score', '--threshold', '5', '--sensitive', 'race,sex'];

function parity(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('parity audit', () => {
  it('prints help for the command and for audit', () => {
    const top = parity('--help');
    assert.equal(top.status, 0);
    assert.match(top.stdout, /audit/);
    const help = parity('audit', '--help');
    assert.equal(help.status, 0);
    for (const flag of [
      '--label',
      '--prediction',
      '--score',
      '--threshold',
      '--sensitive',
      '--positive',
      '--bootstrap',
      '--seed',
      '--format',
      '--out',
      '--fail-if',
    ]) {
      assert.ok(help.stdout.includes(flag), flag);
    }
  });

  it('audits the bundled example as a readable table without touching it', () => {
    const before = sha256(example);
    const run = parity('audit', ...exampleArgs, '--bootstrap', '20');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /7,214 rows \(7,214 used\) · task classification/);
    assert.match(run.stdout, /== race: 6 groups, reference African-American/);
    assert.match(run.stdout, /demographic_parity_difference/);
    assert.match(run.stdout, /US employment-law heuristic/);
    assert.equal(sha256(example), before);
  });

  it('writes the documented JSON to --out', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'parity-')), 'audit.json');
    const run = parity('audit', ...exampleArgs, '--bootstrap', '0', '--format', 'json', '--out', out);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '');
    const report = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(report.schemaVersion, 2); // 2: 0/0 ratios null, no flags on small groups, bootstrap per statistic key
    assert.equal(report.task, 'classification');
    assert.equal(report.rows, 7214);
    assert.deepEqual(report.columns.sensitive, ['race', 'sex']);
    assert.deepEqual(
      report.groupings.map((g: { by: string[] }) => g.by),
      [['race'], ['sex'], ['race', 'sex']],
    );
    const race = report.groupings[0];
    assert.deepEqual(Object.keys(race.groups[0]).slice(0, 4), ['key', 'count', 'metrics', 'intervals']);
    assert.equal(typeof race.aggregates.equalized_odds_difference, 'number');
    assert.equal(race.groups[0].metrics.brier_score, null, 'deciles are not probabilities');
    assert.equal(race.groups[0].notes.brier_score, 'scores are not probabilities in [0, 1]');
    // said once for the report: COMPAS's deciles run from 1 to 10 (examples/compas/README.md)
    assert.deepEqual(report.notApplicable, [
      { metrics: ['brier_score', 'expected_calibration_error'], reason: 'Calibration (Brier, ECE) needs a score in [0, 1]; decile_score is 1–10' },
    ]);
  });

  it('--positive-means says what a positive prediction is; the JSON carries it, the table words it, and a mitigation run keeps it', () => {
    const json = parity('audit', ...exampleArgs, '--bootstrap', '0', '--format', 'json', '--positive-means', 'harm');
    assert.equal(json.status, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout).columns.positiveMeans, 'harm');
    const unstated = parity('audit', ...exampleArgs, '--bootstrap', '0', '--format', 'json');
    assert.equal(JSON.parse(unstated.stdout).columns.positiveMeans, null, 'not stated unless given');
    const table = parity('audit', ...exampleArgs, '--bootstrap', '0', '--positive-means', 'harm');
    assert.match(table.stdout, /^A positive prediction \(predicting two_year_recid = 1\) is harmful: groups with higher selection rates are disadvantaged$/m);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'parity-')), 'run');
    const run = parity(
      'mitigate',
      'threshold',
      '--data',
      example,
      '--score',
      'decile_score',
      '--label',
      'two_year_recid',
      '--sensitive',
      'race',
      '--positive-means',
      'harm',
      '--bootstrap',
      '0',
      '--out',
      out,
    );
    assert.equal(run.status, 0, run.stderr);
    assert.equal(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')).columns.positiveMeans, 'harm');
    const wrong = parity('audit', ...exampleArgs, '--positive-means', 'good');
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /^parity: --positive-means expects one of benefit, harm, got "good"/);
  });

  it('mitigate --sensitive age_cat without --not-features: age, which determines age_cat, is not learned from, and the Features lines say why', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'parity-')), 'run');
    const args = ['--train', example, '--test-fraction', '0.3', '--label', 'two_year_recid', '--sensitive', 'age_cat', '--audited', 'decile_score'];
    const run = parity('mitigate', 'reweighing', ...args, '--bootstrap', '0', '--out', out);
    assert.equal(run.status, 0, run.stderr);
    // the COMPAS columns less the label, the sensitive age_cat, the audited decile_score, id (an identifier), score_text (decile_score's bands) and age
    assert.match(run.stdout, /^Features: sex, race, juv_fel_count, juv_misd_count, priors_count, c_charge_degree \(never the sensitive attribute age_cat\)$/m);
    // age's range per age_cat, counted in the file: 18-24 "Less than 25", 25-44 "25 - 45", 45-96 "Greater than 45"
    assert.match(run.stdout, /^Left out: .*age \(it determines age_cat \(Less than 25: 18–24, 25 - 45: 25–44, Greater than 45: 45–96\)\)/m);
    assert.deepEqual(
      JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')).features.leftOut.map((left: { column: string }) => left.column),
      ['decile_score', 'id', 'age', 'score_text'],
    );
  });

  it('writes Markdown', () => {
    const run = parity('audit', ...exampleArgs, '--bootstrap', '10', '--format', 'markdown');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^# Fairness audit/);
    // the panel's groups table: the grouping's column, the flags, the rows, then the rates
    assert.match(run.stdout, /^\| race \| Four-fifths flags: rate \(× its ratio to the reference\) \| Rows \| Base rate \| Selection rate \|/m);
  });

  it('--fail-if exits 1 when a condition holds and names it, 0 otherwise', () => {
    const failing = parity('audit', ...exampleArgs, '--bootstrap', '0', '--fail-if', 'race:demographic_parity_ratio<0.8');
    assert.equal(failing.status, 1);
    assert.match(failing.stderr, /--fail-if "race:demographic_parity_ratio<0.8" holds/);
    assert.match(failing.stderr, /demographic_parity_ratio by race = 0\.\d{4} < 0\.8/);
    const passing = parity('audit', ...exampleArgs, '--bootstrap', '0', '--fail-if', 'sex:demographic_parity_ratio<0.1', '--fail-if', 'accuracy<0.5');
    assert.equal(passing.status, 0, passing.stderr);
    const unknown = parity('audit', ...exampleArgs, '--bootstrap', '0', '--fail-if', 'demographic_parity_ration<0.8');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /did you mean "demographic_parity_ratio"/);
  });
});

describe('parity audit of a numeric label (Law School ZFYA by race)', () => {
  const law = path.join(SHARED_DATA, 'law_data.csv');

  /** Rows and the sum of ZFYA per race, recounted from the text (the file has no quoted fields). */
  function zfyaByRace(): Map<string, { n: number; sum: number }> {
    const [header, ...lines] = readFileSync(law, 'utf8').trim().split(/\r?\n/);
    const columns = header!.split(',');
    const [race, zfya] = [columns.indexOf('race'), columns.indexOf('ZFYA')];
    const out = new Map<string, { n: number; sum: number }>();
    for (const line of lines) {
      const cells = line.split(',');
      const entry = out.get(cells[race]!) ?? { n: 0, sum: 0 };
      entry.n++;
      entry.sum += Number(cells[zfya]);
      out.set(cells[race]!, entry);
    }
    return out;
  }

  it('gives per-group means of ZFYA, their differences to White with intervals, and no flags', () => {
    const run = parity('audit', law, '--label', 'ZFYA', '--sensitive', 'race', '--format', 'json');
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as AuditReport;
    assert.equal(report.task, 'dataset');
    assert.equal(report.columns.label, 'ZFYA');
    const grouping = report.groupings[0]!;
    // awk -F, 'NR>1{s[$2]+=$7;n[$2]++}END{for(k in s)print k,n[k],s[k]/n[k]}' law_data.csv gave
    // White 18285 0.213149, Black 1282 -0.828908, Asian 845 -0.287893, Hispanic 488 -0.314016,
    // Mexican 389 -0.506015, Other 293 -0.040785, Puertorican 110 -0.625818, Amerindian 99 -0.600202;
    // the test recounts them from the text.
    const expected = zfyaByRace();
    assert.equal(expected.size, 8);
    assert.deepEqual(grouping.reference, { race: 'White' });
    const white = expected.get('White')!;
    assert.ok(Math.abs(white.sum / white.n - 0.213149) < 1e-6, 'the recount agrees with awk');
    for (const group of grouping.groups) {
      const race = group.key.race!;
      const { n, sum } = expected.get(race)!;
      assert.equal(group.count, n, race);
      assert.ok(Math.abs(group.metrics.label_mean! - sum / n) < 1e-9, `${race}: ${group.metrics.label_mean} vs ${sum / n}`);
      assert.ok(Math.abs(group.differences.label_mean! - (sum / n - white.sum / white.n)) < 1e-9, race);
      assert.deepEqual(group.flagged, [], race);
      assert.equal(group.disparities.label_mean, undefined, race);
      const interval = group.intervals.label_mean!;
      assert.ok(interval[0] < group.metrics.label_mean! && group.metrics.label_mean! < interval[1], race);
    }
    // Black − White: −1.042, with a standard error of about √(1.0²/1282 + 0.9²/18285) ≈ 0.03: its interval is far from 0
    const black = grouping.groups.find((g) => g.key.race === 'Black')!;
    assert.ok(black.differenceIntervals.label_mean![1] < -0.9, String(black.differenceIntervals.label_mean));
    assert.ok(!report.warnings.some((w) => w.column === 'ZFYA'), 'no "not binary" warning');
  });

  it('the table names what is compared and shows the differences', () => {
    const run = parity('audit', law, '--label', 'ZFYA', '--sensitive', 'race', '--bootstrap', '20');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Numeric label ZFYA: the groups' means of it are compared/);
    assert.match(run.stdout, /mean − ref \[interval\]/);
    assert.match(run.stdout, /^Black +1282 +0\.059 +-0\.829 +-1\.042 \[/m);
    assert.doesNotMatch(run.stdout, /US employment-law heuristic/);
  });
});

describe('parity audit on bad input: one line naming file, line and column; exit 2; no stack trace', () => {
  const cases: { name: string; args: string[]; message: RegExp }[] = [
    { name: 'missing file', args: [path.join(errors, 'nope.csv'), '--sensitive', 'sex'], message: /nope\.csv: cannot read file/ },
    { name: 'empty file', args: [path.join(errors, 'empty.csv'), '--sensitive', 'sex'], message: /empty\.csv: .*empty/ },
    {
      name: 'header only',
      args: [path.join(errors, 'header-only.csv'), '--sensitive', 'sex'],
      message: /header-only\.csv: the file has a header but no data rows/,
    },
    {
      name: 'misspelt column',
      args: [example, '--sensitive', 'racee', '--label', 'two_year_recid'],
      message: /compas-two-years\.csv, column "racee": unknown column "racee"; did you mean "race"/,
    },
    {
      name: 'ragged row',
      args: [path.join(errors, 'ragged.csv'), '--sensitive', 'sex', '--label', 'label', '--prediction', 'prediction'],
      message: /ragged\.csv, line 4: expected 3 fields, found 2/,
    },
    {
      name: 'non-numeric score',
      args: [path.join(errors, 'bad-score.csv'), '--sensitive', 'sex', '--label', 'label', '--score', 'score', '--threshold', '0.5'],
      message: /bad-score\.csv, line 4, column "score": score "high" is not a number/,
    },
    {
      name: 'label with three classes in a binary classification audit',
      args: [
        path.join(errors, 'three-classes.csv'),
        '--sensitive',
        'sex',
        '--label',
        'label',
        '--prediction',
        'prediction',
        '--positive',
        'yes',
        '--task',
        'classification',
      ],
      message: /three-classes\.csv, line 4, column "label": more than two classes \("yes", "no", then "maybe"\)/,
    },
    {
      name: 'single group',
      args: [path.join(errors, 'single-group.csv'), '--sensitive', 'sex', '--label', 'label', '--prediction', 'prediction'],
      message: /single-group\.csv, column "sex": every row has the same value \("F"\)/,
    },
  ];
  for (const { name, args, message } of cases) {
    it(name, () => {
      const run = parity('audit', ...args);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    });
  }

  it('a usage mistake names the flag and exits 2', () => {
    const run = parity('audit', example, '--format', 'yaml');
    assert.equal(run.status, 2);
    // One line: the flag, what it accepts, then where to look (issue 17: usage errors in one line).
    assert.match(
      run.stderr,
      /^parity: --format expects one of table, json, markdown, html, got "yaml" \(usage: parity audit SOURCE \[options\]; see --help\)\n$/,
    );
  });
});
