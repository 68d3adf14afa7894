import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runComparison } from '../../server/src/mitigations/compare';

describe('parity compare', () => {
  it('runs the methods on one COMPAS split and marks a correct Pareto front', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-'));
    const [header, ...rows] = readFileSync(path.join(__dirname, '../../../examples/compas/compas-two-years.csv'), 'utf8').trimEnd().split('\n');
    // Features: demographics and criminal history, not the COMPAS score itself.
    const keep = ['sex', 'age', 'race', 'juv_fel_count', 'juv_misd_count', 'priors_count', 'c_charge_degree', 'two_year_recid'];
    const columns = header!.split(',');
    const project = (line: string) => keep.map((name) => line.split(',')[columns.indexOf(name)]).join(',');
    const train = path.join(dir, 'train.csv');
    const test = path.join(dir, 'test.csv');
    writeFileSync(train, [keep.join(','), ...rows.filter((_, i) => i % 3 !== 0).map(project)].join('\n') + '\n');
    writeFileSync(test, [keep.join(','), ...rows.filter((_, i) => i % 3 === 0).map(project)].join('\n') + '\n');
    const progress: string[] = [];
    const comparison = await runComparison(
      { train, test, label: 'two_year_recid', sensitive: ['race'], methods: ['reweighing'], fairnessMetric: 'demographic_parity_difference', out: path.join(dir, 'out') },
      { onProgress: (p) => progress.push(p.message) },
    );
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'out/comparison.json'), 'utf8')), comparison);
    assert.equal(comparison.methods.length, 1);
    assert.equal(comparison.methods[0]!.error, null);
    assert.equal(comparison.points.length, 5, 'reweighing sweeps five strengths');
    assert.ok(progress.some((m) => m.startsWith('reweighing:')));
    // the unmitigated reference equals reweighing at strength 0 (the same unweighted logistic regression)
    const zero = comparison.points.find((p) => p.value === 0)!;
    assert.ok(Math.abs(zero.accuracy! - comparison.reference.accuracy!) < 1e-12);
    // brute force: on the front exactly when no other point is at least as good on both and better on one
    for (const p of comparison.points) {
      const beaten = comparison.points.some((q) => q !== p && q.accuracy! >= p.accuracy! && q.fairness! <= p.fairness! && (q.accuracy! > p.accuracy! || q.fairness! < p.fairness!));
      assert.equal(p.pareto, !beaten, `${p.method} ${p.parameter}=${p.value}`);
    }
    // full reweighing narrows the demographic-parity gap of the unweighted model
    const full = comparison.points.find((p) => p.value === 1)!;
    assert.ok(full.fairness! < zero.fairness!);
  });

  it('records a failing method and goes on', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-'));
    const file = path.join(dir, 'data.csv');
    // group "b" has only negative labels: reweighing cannot balance it
    writeFileSync(file, 'x,g,y\n1,a,1\n2,a,0\n3,a,1\n4,b,0\n5,b,0\n6,a,0\n');
    const comparison = await runComparison({ train: file, test: file, label: 'y', sensitive: ['g'], methods: ['reweighing'], fairnessMetric: 'demographic_parity_difference', out: path.join(dir, 'out') });
    assert.match(comparison.methods[0]!.error ?? '', /group "b" has no row with label positive/);
    assert.deepEqual(comparison.points, []);
  });
});
