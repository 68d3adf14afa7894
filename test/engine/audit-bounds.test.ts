// Bins from the whole file, and the bounds that keep an audit's memory flat (issue 21, item 1).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runAudit } from '../../server/src/services/audit';
import type { InputError } from '../../server/src/engine/errors';
import { betweenGroupAggregates } from '../../server/src/engine/metrics/aggregates';
import { MetricSet } from '../../server/src/engine/metrics/metric-set';

const cli = path.resolve(__dirname, '../../../dist/cli.js');
const directory = mkdtempSync(path.join(tmpdir(), 'parity-bounds-'));

describe('automatic bins come from the whole file', () => {
  it('a file sorted by age gets the quantiles of every row, not of the first 10,000', async () => {
    // 30,000 rows sorted by age: the first 10,000 are all under 31.
    const ages = Array.from({ length: 30_000 }, (_, i) => 18 + Math.floor((i * i) / 15_000_000));
    const file = path.join(directory, 'sorted-ages.csv');
    writeFileSync(file, ['age,label', ...ages.map((age, i) => `${age},${i % 3 === 0 ? 1 : 0}`)].join('\n') + '\n');
    const report = await runAudit(file, { roles: { label: 'label', sensitive: ['age'] }, bootstrap: 0 });
    // Lower order statistics at floor((n - 1) k / 4), k = 1, 2, 3, of all ages (sorted already).
    const expected = [1, 2, 3].map((k) => ages[Math.floor(((ages.length - 1) * k) / 4)]!);
    assert.deepEqual(report.columns.bins.age, expected);
    const firstRows = ages.slice(0, 10_000);
    const fromFirstRows = [1, 2, 3].map((k) => firstRows[Math.floor(((firstRows.length - 1) * k) / 4)]!);
    assert.notDeepEqual(fromFirstRows, expected, 'the first 10,000 rows alone give other edges');
    const counts = report.groupings[0]!.groups.map((g) => g.count).sort((a, b) => a - b);
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      30_000,
    );
    // Explicit edges are applied as given: [a, b) bins counted directly.
    const given = await runAudit(file, { roles: { label: 'label', sensitive: ['age'] }, bootstrap: 0, bins: { age: [25, 45] } });
    assert.deepEqual(given.columns.bins.age, [25, 45]);
    const countOf = (label: string) => given.groupings[0]!.groups.find((g) => g.key.age === label)?.count;
    assert.equal(countOf('<25'), ages.filter((a) => a < 25).length);
    assert.equal(countOf('[25, 45)'), ages.filter((a) => a >= 25 && a < 45).length);
    assert.equal(countOf('>=45'), ages.filter((a) => a >= 45).length);
  });

  it('past 10,000 distinct values, a column is binned on its values rounded to 3 significant digits', async () => {
    const incomes = Array.from({ length: 12_000 }, (_, i) => 20_000 + i * 3.73);
    const file = path.join(directory, 'incomes.csv');
    writeFileSync(file, ['income,label', ...incomes.map((v, i) => `${v.toFixed(1)},${i % 2}`)].join('\n') + '\n');
    const report = await runAudit(file, { roles: { label: 'label', sensitive: ['income'] }, bootstrap: 0 });
    const rounded = incomes.map((v) => Number(Number(v.toFixed(1)).toPrecision(3))).sort((a, b) => a - b);
    assert.deepEqual(
      report.columns.bins.income,
      [1, 2, 3].map((k) => rounded[Math.floor(((rounded.length - 1) * k) / 4)]!),
    );
    const exact = await runAudit(path.join(directory, 'incomes.csv'), { roles: { label: 'label', sensitive: ['income'] }, bootstrap: 0, maxRows: 2000 });
    const first = incomes.slice(0, 2000).map((v) => Number(v.toFixed(1)));
    assert.deepEqual(
      exact.columns.bins.income,
      [1, 2, 3].map((k) => first[Math.floor(((first.length - 1) * k) / 4)]!),
      'under 10,000 values: exact',
    );
  });
});

describe('bounded by design', () => {
  it('a sensitive column with too many values stops as soon as it has them: one line, exit 2, before the end of the file', () => {
    const file = path.join(directory, 'zip.csv');
    const rows = Array.from({ length: 50_000 }, (_, i) => `z${i},${i % 2},${(i >> 1) % 2}`);
    writeFileSync(file, ['zip,label,prediction', ...rows].join('\n') + '\n');
    const run = spawnSync(process.execPath, [cli, 'audit', file, '--sensitive', 'zip', '--max-groups', '300'], { encoding: 'utf8' });
    assert.equal(run.status, 2, run.stderr);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(
      run.stderr,
      /line 302, column "zip": sensitive column "zip" has more than 300 distinct values \(301 by this line\); --max-groups is 300: bin a numeric column with --bins zip=/,
    );
  });

  it('too many groups is a problem the editor can fix: the detail names no flag, the fix is choosing sensitive columns', async () => {
    // 30 × 30 = 900 combinations of a and b, over a --max-groups of 100 (each column alone has 30 groups)
    const file = path.join(directory, 'crossed.csv');
    const rows = Array.from({ length: 1800 }, (_, i) => `a${i % 30},b${Math.floor(i / 30) % 30},${i % 2}`);
    writeFileSync(file, ['a,b,label', ...rows].join('\n') + '\n');
    for (const options of [{ groupings: ['full' as const] }, {}]) {
      const error = await runAudit(file, { roles: { label: 'label', sensitive: ['a', 'b'] }, bootstrap: 0, maxGroups: 100, ...options }).then(
        () => assert.fail('the audit should stop'),
        (e: InputError) => e,
      );
      assert.deepEqual(error.fix, { kind: 'columns', role: 'sensitive' }, error.message);
      assert.doesNotMatch(error.detail, /--/, error.detail);
      assert.match(error.message, /--max-groups|--groupings/, 'the command line still gets its advice');
    }
  });

  it('by default, a full intersection over the group limit is left out with a warning; asked for, it stops the audit', async () => {
    // a: 10 values, b: 5, c: 5, every combination present (250 rows): each pair has at most 50 groups,
    // the full intersection 10 × 5 × 5 = 250, over a --max-groups of 100 (counted by hand)
    const file = path.join(directory, 'three.csv');
    const rows = Array.from({ length: 250 }, (_, i) => `a${i % 10},b${Math.floor(i / 10) % 5},c${Math.floor(i / 50)},${i % 2}`);
    writeFileSync(file, ['a,b,c,label', ...rows].join('\n') + '\n');
    const roles = { label: 'label', sensitive: ['a', 'b', 'c'] };
    const report = await runAudit(file, { roles, bootstrap: 0, maxGroups: 100 });
    assert.deepEqual(
      report.groupings.map((g) => g.by.join('×')),
      ['a', 'b', 'c', 'a×b', 'a×c', 'b×c'],
    );
    const warning = report.warnings.find((w) => w.code === 'intersection-left-out');
    assert.match(warning?.message ?? '', /^the intersection a × b × c has 250 groups, more than the limit of 100: it is left out/);
    await assert.rejects(runAudit(file, { roles, bootstrap: 0, maxGroups: 100, groupings: ['full'] }), /more than 100/);
  });

  it('--bootstrap above the cap is one usage line', () => {
    const run = spawnSync(process.execPath, [cli, 'audit', 'x.csv', '--bootstrap', '100000000'], { encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /--bootstrap expects an integer in \[0, 10000\], got 100000000/);
  });

  it('usage errors name the flag and what it accepts, on one line (--bootstrap -5, --groupings, --reference, --task)', () => {
    const cases: [string[], RegExp][] = [
      [['--bootstrap', '-5'], /--bootstrap expects an integer in \[0, 10000\], got -5/],
      [['--groupings', 'each,trios'], /--groupings expects a comma-separated list of each, pairs, full, got \["each","trios"\]/],
      [['--reference', 'race'], /--reference expects COLUMN=VALUE \(e\.g\. race=Caucasian\), got "race"/],
      [['--task', 'ranking'], /--task expects one of classification, multiclass, regression, dataset, got "ranking"/],
      [['--max-groups', '1'], /--max-groups expects an integer in \[2, 5000\], got 1/],
    ];
    for (const [args, message] of cases) {
      const run = spawnSync(process.execPath, [cli, 'audit', 'x.csv', ...args], { encoding: 'utf8' });
      assert.equal(run.status, 2, args.join(' '));
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, message);
    }
  });

  it('aggregates over 200,000 groups do not spread arrays into calls (no call-stack overflow)', () => {
    const groups = Array.from({ length: 200_000 }, (_, i) => {
      const set = new MetricSet();
      set.set('selection_rate', (i % 1000) / 1000);
      return set;
    });
    const overall = new MetricSet();
    overall.set('selection_rate', 0.5);
    const out = new MetricSet();
    betweenGroupAggregates(['selection_rate'], groups, overall, out, {});
    assert.equal(out.get('selection_rate_difference'), 0.999);
    assert.equal(out.get('selection_rate_ratio'), 0);
  });
});
