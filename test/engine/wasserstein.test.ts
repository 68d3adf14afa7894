import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { applyBarycenter, fitBarycenter } from '../../server/src/methods/wasserstein/barycenter';
import { seededRandom } from '../../server/src/engine/numerics/random';
import { wasserstein } from '../../server/src/methods/wasserstein/command';
import { byTestGroup, ksOnGrid, meanSquaredError, readCrimeSplit, referenceBarycenter } from '../support/crime-reference';
import { ks } from '../support/two-sample';
import { runWithFlags } from '../support/run-with-flags';
import { COMPAS } from '../support/cli';

const where = () => ({ file: 'test' });

describe('Wasserstein barycenter post-processing', () => {
  it('matches the Communities & Crime reference on the exact KS (0.0833); its published 0.0815 is a grid reading of the same output', async () => {
    const { trainF, trainS, trainY, testF, testS, testY } = readCrimeSplit();
    const csv = (file: string, f: number[], s: number[], y: number[]) =>
      writeFileSync(file, ['prediction,group,target', ...f.map((v, i) => `${v},${s[i]},${y[i]}`)].join('\n') + '\n');
    const work = mkdtempSync(path.join(tmpdir(), 'parity-crime-'));
    const train = path.join(work, 'train.csv');
    const test = path.join(work, 'test.csv');
    csv(train, trainF, trainS, trainY);
    csv(test, testF, testS, testY);
    const mse = (f: number[]) => meanSquaredError(f, testY);
    const split = (f: number[]) => byTestGroup(f, testS);

    // The reference method, written from its description in the data README: levels from all training
    // predictions, the other group's quantile searched on a 100-point grid, own prediction weighted by its share.
    // It reproduces the published figures, so the data and the README's grid KS are read as the authors did.
    const reference = referenceBarycenter(trainF, trainS, testF, testS, 'grid');
    assert.ok(Math.abs(mse(reference) - 0.032227) < 5e-7, `reference MSE ${mse(reference)}`);
    assert.equal(ksOnGrid(...split(reference)).toFixed(4), '0.0815');
    // The 1000-point grid misses the largest gap of that output: its exact sup distance is 0.0833.
    assert.equal(ks(...split(reference)).toFixed(4), '0.0833');

    const report = await runWithFlags(
      wasserstein,
      { data: test, calibration: train, prediction: 'prediction', sensitive: 'group', label: 'target', out: path.join(work, 'out') },
      {},
    );
    // "before" reproduces the published figures of the random forest (README of the data: MSE 0.014127, KS 0.6022 on a grid)
    assert.ok(Math.abs(report.before.mse! - 0.014127) < 5e-7, `before MSE ${report.before.mse}`);
    assert.ok(Math.abs(report.before.aggregates['ks_distance']! - 0.6022) < 0.01, `before KS ${report.before.aggregates['ks_distance']}`);
    // Measured: exact KS 0.0833 (= the reference's) and MSE 0.03230 with the default seed; over seeds
    // 0-19 the KS is 0.083-0.094 and the MSE 0.0320-0.0326, so the bounds are that measured worst case.
    // A paired bootstrap of the 199 test rows puts Parity minus reference at +0.0009 KS (95%: -0.012 to +0.017).
    assert.ok(report.after.aggregates['ks_distance']! <= 0.095, `after KS ${report.after.aggregates['ks_distance']}`);
    assert.ok(report.after.mse! <= 0.0327, `after MSE ${report.after.mse}`);
    // the audit engine's KS agrees with an independent KS of the written predictions
    const rows = readFileSync(path.join(work, 'out/predictions.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const byGroup = (g: string) => rows.filter((r) => r[1] === g).map((r) => Number(r[3]));
    assert.ok(Math.abs(ks(byGroup('0'), byGroup('1')) - report.after.aggregates['ks_distance']!) < 1e-12);
  });

  it('makes the groups match as n grows, keeps order within a group, and returns the input at strength 0', () => {
    const random = seededRandom(11);
    const sample = (n: number) => {
      const groups: string[] = [];
      const values: number[] = [];
      for (let i = 0; i < n; i++) {
        const g = random() < 0.3 ? 'minority' : 'majority';
        groups.push(g);
        // different shapes: a shifted normal-ish and a skewed variable
        values.push(g === 'minority' ? random() + random() + 1 : random() ** 2 * 2);
      }
      return { groups, values };
    };
    const distances: number[] = [];
    for (const n of [200, 2000, 20000]) {
      const fit = sample(n);
      const held = sample(n);
      const map = fitBarycenter(fit.values, fit.groups, 1, 'synthetic');
      const out = applyBarycenter(map, held.values, held.groups, 1, where);
      const of = (g: string) => [...out].filter((_, i) => held.groups[i] === g);
      distances.push(ks(of('minority'), of('majority')));
      if (n === 2000) {
        // monotone within each group: an input larger by more than the jitter (2σ) never gets a smaller output
        for (const g of ['minority', 'majority']) {
          const pairs = held.values
            .map((v, i) => [v, out[i]!, held.groups[i]] as const)
            .filter((p) => p[2] === g)
            .sort((a, b) => a[0] - b[0]);
          for (let i = 0; i < pairs.length; i++) {
            for (let j = i + 1; j < Math.min(pairs.length, i + 50); j++) {
              if (pairs[j]![0] - pairs[i]![0] > 2 * map.jitter) assert.ok(pairs[j]![1] >= pairs[i]![1], `${pairs[i]} then ${pairs[j]}`);
            }
          }
        }
        assert.deepEqual([...applyBarycenter(map, held.values, held.groups, 0, where)], held.values, 'strength 0 is the input');
      }
    }
    assert.ok(distances[0]! > distances[1]! && distances[1]! > distances[2]!, `KS shrinks with n: ${distances}`);
    assert.ok(distances[2]! < 0.03, `KS at n = 20000: ${distances[2]}`);
  });

  it('says which group is missing from the calibration data, with its line', () => {
    const map = fitBarycenter([1, 2, 3, 4], ['a', 'a', 'b', 'b'], 0, 'cal.csv');
    assert.throws(
      () => applyBarycenter(map, [1, 2], ['a', 'c'], 1, (row) => ({ file: 'new.csv', line: row + 2, column: 'group' })),
      /new\.csv, line 3, column "group": group "c" was not in the calibration data/,
    );
    assert.throws(() => fitBarycenter([1, 2, 3], ['a', 'a', 'b'], 0, 'cal.csv'), /group "b" has 1 calibration row/);
  });

  it('names the file, line and column of bad input given to the command', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'parity-wasserstein-bad-'));
    const file = path.join(work, 'scores.csv');
    // line 4 (header is line 1) holds a non-number in the score column
    writeFileSync(file, 'score,group\n0.1,a\n0.2,a\nhigh,b\n0.4,b\n0.5,b\n');
    const out = path.join(work, 'out');
    await assert.rejects(runWithFlags(wasserstein, { data: file, prediction: 'scor', sensitive: 'group', out }, {}), /scores\.csv: unknown column "scor"/);
    await assert.rejects(
      runWithFlags(wasserstein, { data: file, prediction: 'score', sensitive: 'group', out }, {}),
      /scores\.csv, line 4, column "score": .*"high", not a number/,
    );
    const calibration = path.join(work, 'calibration.csv');
    writeFileSync(calibration, 'score,group\n0.1,a\n0.2,a\n0.3,b\n');
    writeFileSync(file, 'score,group\n0.1,a\n0.2,b\n');
    await assert.rejects(
      runWithFlags(wasserstein, { data: file, calibration, prediction: 'score', sensitive: 'group', out }, {}),
      /calibration\.csv.*group "b" has 1 calibration row/,
    );
  });

  it('runs end to end: input unchanged, apply reproduces the mapped values', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'parity-wasserstein-'));
    const file = path.join(work, 'scores.csv');
    const random = seededRandom(5);
    writeFileSync(
      file,
      [
        'score,group,y',
        ...Array.from({ length: 400 }, (_, i) => `${(random() * (i % 2 ? 0.6 : 1)).toFixed(4)},${i % 2 ? 'b' : 'a'},${random() < 0.5 ? 1 : 0}`),
      ].join('\n') + '\n',
    );
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
    const out = path.join(work, 'out');
    const report = await runWithFlags(wasserstein, { data: file, score: 'score', label: 'y', sensitive: 'group', sweep: true, out }, {});
    assert.equal(createHash('sha256').update(readFileSync(file)).digest('hex'), hash);
    assert.equal(report.task, 'classification');
    assert.deepEqual(
      report.tradeoff.map((p) => p.value),
      [0, 0.25, 0.5, 0.75, 1],
    );
    const written = readFileSync(path.join(out, 'predictions.csv'), 'utf8').trim().split('\n');
    const model = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8'));
    const applied = path.join(work, 'applied.csv');
    await wasserstein.apply!(model, file, { out: applied, csv: {} }, {});
    assert.deepEqual(readFileSync(applied, 'utf8').trim().split('\n'), written);
  });

  it('post-processes a yes/no outcome through its score: a score that is not a probability needs its threshold', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'parity-wasserstein-binary-'));
    const out = path.join(work, 'out');
    // COMPAS: decile_score runs from 1 to 10; cut at 0.5 it would call every row positive
    const flags = { data: COMPAS, score: 'decile_score', label: 'two_year_recid', sensitive: 'race', bootstrap: '0' };
    await assert.rejects(runWithFlags(wasserstein, { ...flags, out }), (error: Error & { fix?: unknown }) => {
      assert.match(error.message, /score column "decile_score" is not a probability in \[0, 1\] \(its values run from 1 to 10\)/);
      assert.deepEqual(error.fix, { kind: 'threshold', column: 'decile_score', min: 1, max: 10, suggested: 5 });
      return true;
    });
    const report = await runWithFlags(wasserstein, { ...flags, threshold: '5', out });
    assert.equal(report.task, 'classification');
    assert.equal(report.baseline, 'the original scores of decile_score, ≥ 5 (strength 0)');
    // before: decile_score >= 5, the audit's decile cut; each race's selection rate recounted from the file
    const [header, ...rows] = readFileSync(COMPAS, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => line.split(','));
    const [race, score] = [header!.indexOf('race'), header!.indexOf('decile_score')];
    for (const group of report.before.groups) {
      const mine = rows.filter((row) => row[race] === group.group);
      assert.equal(group.count, mine.length);
      const selected = mine.filter((row) => Number(row[score]) >= 5).length;
      assert.ok(Math.abs(group.metrics['selection_rate']! - selected / mine.length) < 1e-12, group.group);
    }
    // after the full map every group of 30 rows or more is selected at nearly one rate: the scores follow one distribution
    assert.ok(report.after.largeGroups!.aggregates['demographic_parity_difference']! < report.before.largeGroups!.aggregates['demographic_parity_difference']!);
  });

  it('refuses a regression prediction scored against a yes/no label', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'parity-wasserstein-binary-'));
    await assert.rejects(
      runWithFlags(wasserstein, { data: COMPAS, prediction: 'decile_score', label: 'two_year_recid', sensitive: 'race', out: path.join(work, 'out') }),
      /the label "two_year_recid" has two values \("0", "1"\): for a yes\/no outcome, map the model's score/,
    );
  });
});
