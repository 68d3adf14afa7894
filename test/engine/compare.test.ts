import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CancelledError } from '../../server/src/engine/errors';
import { runComparison } from '../../server/src/services/compare';
import { runMethodInWorker } from '../../server/src/adapters/worker/method-runner';
import { runInWorker } from '../../server/src/adapters/worker/pool';
import { compasSplit } from '../support/compas-split';
import { runAudit } from '../../server/src/services/audit';
import type { MitigationReport } from '../../common/reports/mitigation';

describe('parity compare', () => {
  it('runs the methods on one COMPAS split and marks a correct Pareto front', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-'));
    const { train, test } = compasSplit(dir);
    const progress: string[] = [];
    const comparison = await runComparison(
      {
        train,
        test,
        label: 'two_year_recid',
        sensitive: ['race'],
        methods: ['reweighing'],
        fairnessMetric: 'demographic_parity_difference',
        out: path.join(dir, 'out'),
      },
      runMethodInWorker,
      { onProgress: (p) => progress.push(p.message) },
    );
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'out/comparison.json'), 'utf8')), comparison);
    assert.equal(comparison.methods.length, 1);
    assert.equal(comparison.methods[0]!.error, null);
    assert.equal(comparison.points.length, 5, 'reweighing sweeps five strengths');
    assert.ok(progress.some((m) => m.includes(' · reweighing: ')));
    // the unmitigated reference equals reweighing at strength 0 (the same unweighted logistic regression)
    const zero = comparison.points.find((p) => p.value === 0)!;
    assert.ok(Math.abs(zero.accuracy! - comparison.reference.accuracy!) < 1e-12);
    // brute force: on the front exactly when no other point is at least as good on both and better on one
    for (const p of comparison.points) {
      const beaten = comparison.points.some(
        (q) => q !== p && q.accuracy! >= p.accuracy! && q.fairness! <= p.fairness! && (q.accuracy! > p.accuracy! || q.fairness! < p.fairness!),
      );
      assert.equal(p.pareto, !beaten, `${p.method} ${p.parameter}=${p.value}`);
    }
    // full reweighing narrows the demographic-parity gap of the unweighted model
    const full = comparison.points.find((p) => p.value === 1)!;
    assert.ok(full.fairness! < zero.fairness!);
    // every point names its setting in the report's sweep, which carries that setting's per-group figures
    const report = JSON.parse(readFileSync(comparison.points[0]!.report, 'utf8')) as MitigationReport;
    for (const p of comparison.points) {
      const swept = report.tradeoff[p.sweepIndex!]!;
      assert.deepEqual([swept.parameter, swept.value, swept.accuracy], [p.parameter, p.value, p.accuracy]);
      assert.equal(
        swept.groups.reduce((n, g) => n + g.count, 0),
        swept.rows,
      );
    }
    // strength 0 is the unweighted logistic regression, whose scores base/test.scored.csv holds: an audit of
    // that file (score >= 0.5) gives the same per-group selection rates
    const audit = await runAudit(path.join(dir, 'out/base/test.scored.csv'), {
      roles: { label: 'two_year_recid', score: 'base_score', sensitive: ['race'] },
      threshold: 0.5,
      bootstrap: 0,
    });
    const unweighted = report.tradeoff[zero.sweepIndex!]!;
    for (const group of audit.groupings[0]!.groups) {
      const swept = unweighted.groups.find((g) => g.group === group.key['race'])!;
      assert.equal(swept.count, group.count);
      assert.ok(Math.abs(swept.metrics['selection_rate']! - group.metrics['selection_rate']!) < 1e-12, group.key['race']);
    }
    // and the strength the run reports as "after" (1) is the sweep's last point, figure for figure
    // (a sweep point carries each group's count and metrics, not its score quantiles)
    assert.deepEqual(
      report.tradeoff[full.sweepIndex!]!.groups,
      report.after.groups.map(({ group, count, metrics }) => ({ group, count, metrics })),
    );
  });

  it('records a failing method and goes on', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-'));
    const file = path.join(dir, 'data.csv');
    // group "b" has only negative labels: reweighing cannot balance it
    writeFileSync(file, 'x,g,y\n1,a,1\n2,a,0\n3,a,1\n4,b,0\n5,b,0\n6,a,0\n');
    // the same rows as the held-out file (a comparison refuses the training file itself as its held-out file)
    const copy = path.join(dir, 'copy.csv');
    cpSync(file, copy);
    const comparison = await runComparison(
      {
        train: file,
        test: copy,
        label: 'y',
        sensitive: ['g'],
        methods: ['reweighing'],
        fairnessMetric: 'demographic_parity_difference',
        out: path.join(dir, 'out'),
      },
      runMethodInWorker,
    );
    assert.match(comparison.methods[0]!.error ?? '', /group "b" has no row with label positive/);
    assert.deepEqual(comparison.points, []);
  });

  it('runs the methods in worker threads: results in the requested order, progress named per method', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-'));
    const { train, test } = compasSplit(dir);
    const progress: { fraction: number | undefined; message: string }[] = [];
    const cpu = new Map<string, number | null>();
    // threshold is fast and listed first: the slower methods start first, yet the order of the results is the requested one
    const methods = ['threshold', 'reweighing', 'disparate-impact-remover'];
    const comparison = await runComparison(
      { train, test, label: 'two_year_recid', sensitive: ['sex'], methods, fairnessMetric: 'demographic_parity_difference', out: path.join(dir, 'out') },
      runMethodInWorker,
      { onProgress: (p) => progress.push(p) },
      (method, seconds) => cpu.set(method, seconds),
    );
    assert.deepEqual(
      comparison.methods.map((m) => [m.method, m.error]),
      methods.map((m) => [m, null]),
    );
    assert.deepEqual([...new Set(comparison.points.map((p) => p.method))], methods, 'points grouped by method in the requested order');
    for (const method of methods) {
      assert.ok(
        progress.some((p) => p.message.endsWith(` · ${method}: starting`)),
        `${method} starting`,
      );
      assert.ok(
        progress.some((p) => p.message.endsWith(` · ${method}: done`)),
        `${method} done`,
      );
      assert.ok(cpu.has(method), `${method} CPU time heard`);
    }
    // each message counts the finished methods: the three "done" messages say 1, 2 and 3 of 3
    const counts = progress.filter((p) => p.message.endsWith(': done')).map((p) => /^(\d+) of (\d+) methods done · /.exec(p.message)?.slice(1).join('/'));
    assert.deepEqual(counts, ['1/3', '2/3', '3/3']);
    assert.ok(
      progress.every((p) => /^\d of 3 methods done · /.test(p.message)),
      'every message counts the methods',
    );
    const fractions = progress.map((p) => p.fraction!);
    assert.equal(fractions.at(-1), 1, 'every method finished');
    assert.ok(fractions.every((f) => f >= 0 && f <= 1));
  });

  it('stops every running method when cancelled, and rejects with CancelledError', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-'));
    const { train, test } = compasSplit(dir);
    const controller = new AbortController();
    const seen: string[] = [];
    const run = runComparison(
      {
        train,
        test,
        label: 'two_year_recid',
        sensitive: ['race'],
        methods: ['exponentiated-gradient', 'grid-search', 'reweighing'],
        fairnessMetric: 'demographic_parity_difference',
        out: path.join(dir, 'out'),
      },
      runMethodInWorker,
      {
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p.message);
          // cancel once both workers are busy with a method
          if (seen.filter((m) => m.endsWith(': starting')).length === 2) controller.abort();
        },
      },
    );
    await assert.rejects(run, CancelledError);
    assert.ok(!seen.some((m) => m.endsWith('reweighing: starting')), 'no method starts after the cancellation');
    assert.equal(seen.filter((m) => m.endsWith(': done')).length, 0, 'no method finished');
  });

  it("runs as the language server's 'compare' job: methods in workers nested in the job's worker", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-'));
    const { train, test } = compasSplit(dir);
    const messages: string[] = [];
    const comparison = await runInWorker(
      {
        kind: 'compare',
        options: {
          train,
          test,
          label: 'two_year_recid',
          sensitive: ['sex'],
          methods: ['reweighing', 'threshold'],
          fairnessMetric: 'equal_opportunity_difference',
          out: path.join(dir, 'out'),
        },
      },
      { onProgress: (p) => messages.push(p.message) },
    );
    assert.deepEqual(
      comparison.methods.map((m) => [m.method, m.error]),
      [
        ['reweighing', null],
        ['threshold', null],
      ],
    );
    assert.ok(comparison.points.length >= 10);
    assert.ok(
      messages.some((m) => m.includes(' · reweighing: ') || m.includes(' · threshold: ')),
      'progress named per method crosses both threads',
    );
  });
});
