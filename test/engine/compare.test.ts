import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CancelledError } from '../../server/src/engine/errors';
import { runComparison, type MethodRunner } from '../../server/src/services/compare';
import { runMethodInWorker } from '../../server/src/adapters/worker/method-runner';
import { JobError, runInWorker } from '../../server/src/adapters/worker/pool';
import { compasRaceComparison, compasReweighingComparison, compasSplit } from '../support/compas-split';
import type { CompareInput } from '../../server/src/services/compare-params';
import { withUnbootstrappedSweep } from '../support/older-report';
import { SHARED_DATA } from '../support/adult';
import { runAudit } from '../../server/src/services/audit';
import type { MitigationReport } from '../../common/reports/mitigation';
import { columnsLine, comparisonLine, mitigationTitle, runLine, afterChoice, beforeAfterTable, beforeAfterNote } from '../../common/render/mitigation-model';
import { renderMitigationHtml } from '../../common/render/mitigation-html';
import { comparisonView } from '../../common/render/comparison-view';
import { protocolNote } from '../../common/render/comparison-table';

/** A comparison slow enough to cancel while two methods run: three methods on compasSplit(dir) by race, written to DIR/out. */
function cancellableComparison(dir: string): CompareInput {
  const { train, test } = compasSplit(dir);
  return {
    train,
    test,
    label: 'two_year_recid',
    sensitive: ['race'],
    methods: ['exponentiated-gradient', 'grid-search', 'reweighing'],
    fairnessMetric: 'demographic_parity_difference',
    out: path.join(dir, 'out'),
  };
}

const root = path.resolve(__dirname, '../../..');

/** A CSV without quoted fields (the comparison's own files and COMPAS) as header-keyed rows, recounted from its text. */
function csvRows(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split(/\r?\n/);
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i]!, cell])));
}

/** Accuracy and the demographic-parity difference by race (max − min selection rate) of 0/1 decisions. */
/** Accuracy and DP gap of decisions positive with probability `decide(row)` (0 or 1 for a deterministic one), in expectation. */
function recount(rows: Record<string, string>[], decide: (row: Record<string, string>) => number): { accuracy: number; dpd: number } {
  const byRace = new Map<string, { n: number; selected: number }>();
  let correct = 0;
  for (const row of rows) {
    const positive = decide(row);
    correct += row['two_year_recid'] === '1' ? positive : 1 - positive;
    const group = byRace.get(row['race']!) ?? { n: 0, selected: 0 };
    group.n++;
    group.selected += positive;
    byRace.set(row['race']!, group);
  }
  const rates = [...byRace.values()].map((g) => g.selected / g.n);
  return { accuracy: correct / rows.length, dpd: Math.max(...rates) - Math.min(...rates) };
}

/** 95% percentile interval of the weighted mean of `values` under Poisson(1) row weights (mulberry32, Knuth's Poisson). */
function pairedPoissonInterval(values: readonly number[], replicates: number): [number, number] {
  let state = 0x2545f491;
  const uniform = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const poisson = () => {
    let [k, p] = [0, uniform()];
    while (p > Math.exp(-1)) [k, p] = [k + 1, p * uniform()];
    return k;
  };
  const means = Array.from({ length: replicates }, () => {
    let [total, sum] = [0, 0];
    for (const value of values) {
      const weight = poisson();
      total += weight;
      sum += weight * value;
    }
    return sum / total;
  }).sort((a, b) => a - b);
  return [means[Math.floor(0.025 * replicates)]!, means[Math.ceil(0.975 * replicates) - 1]!];
}

describe('parity compare', () => {
  it('runs the methods on one COMPAS split and marks a correct Pareto front', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-'));
    const { train, test } = compasSplit(dir);
    const progress: string[] = [];
    const comparison = await compasReweighingComparison(train, test, path.join(dir, 'out'), { onProgress: (p) => progress.push(p.message) });
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
    // (a sweep point carries each group's count, label counts, metrics, intervals and which of them are exact, not its score quantiles), and its change
    assert.deepEqual(
      report.tradeoff[full.sweepIndex!]!.groups,
      report.after.groups.map(({ group, count, labels, fewLabels, metrics, intervals, exactIntervals }) => ({
        group,
        count,
        ...(labels ? { labels } : {}),
        ...(fewLabels ? { fewLabels } : {}),
        metrics,
        intervals,
        ...(exactIntervals ? { exactIntervals } : {}),
      })),
    );
    assert.deepEqual(report.tradeoff[full.sweepIndex!]!.change, report.change);
  });

  it('gives every method of one comparison the same "before" as the plot\'s unmitigated point, named in the user\'s files (COMPAS, 30% held out)', async () => {
    // the cold try's setting: the bundled file as compas.csv, 30% of it held out (seed 0)
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-'));
    const file = path.join(dir, 'compas.csv');
    cpSync(path.join(root, 'examples/compas/compas-two-years.csv'), file);
    const comparison = await runComparison(
      {
        train: file,
        testFraction: 0.3,
        label: 'two_year_recid',
        sensitive: ['race'],
        methods: ['reweighing', 'threshold', 'exponentiated-gradient', 'ferm'],
        fairnessMetric: 'demographic_parity_difference',
        bootstrap: 200,
        out: path.join(dir, 'out'),
      },
      runMethodInWorker,
    );
    assert.deepEqual(
      comparison.methods.map((m) => [m.method, m.error]),
      [
        ['reweighing', null],
        ['threshold', null],
        ['exponentiated-gradient', null],
        ['ferm', null],
      ],
    );
    // the unmitigated point recounted from the base model's scores of the held-out rows, cut at 0.5
    const held = csvRows(path.join(dir, 'out/base/test.compas.scored.csv'));
    const compasRows = csvRows(file).length;
    // 30% of each label class, rounded: the held-out rows
    const positives = csvRows(file).filter((row) => row['two_year_recid'] === '1').length;
    assert.equal(held.length, Math.round(0.3 * positives) + Math.round(0.3 * (compasRows - positives)));
    const unmitigated = recount(held, (row) => Number(Number(row['base_score']) >= 0.5));
    assert.ok(Math.abs(comparison.reference.accuracy! - unmitigated.accuracy) < 1e-12, `${comparison.reference.accuracy} vs ${unmitigated.accuracy}`);
    assert.ok(Math.abs(comparison.reference.fairness! - unmitigated.dpd) < 1e-12);
    const reports = new Map(
      comparison.methods.map((m) => [m.method, JSON.parse(readFileSync(path.join(dir, 'out', m.method, 'report.json'), 'utf8')) as MitigationReport]),
    );
    // every method's "before" is the unmitigated point, but FERM's: its own learner (chosen by cross-validation) without the constraint
    for (const method of ['reweighing', 'threshold', 'exponentiated-gradient']) {
      const report = reports.get(method)!;
      assert.equal(report.before.rows, held.length, method);
      assert.ok(Math.abs(report.before.accuracy! - unmitigated.accuracy) < 1e-12, `${method}: before ${report.before.accuracy} vs ${unmitigated.accuracy}`);
      assert.ok(Math.abs(report.before.aggregates['demographic_parity_difference']! - unmitigated.dpd) < 1e-12, method);
      assert.equal(comparison.methods.find((m) => m.method === method)!.ownBaseline, undefined, method);
      assert.match(
        comparisonLine(report)!,
        /^Part of a comparison: “before” is the comparison's unmitigated model, the ring of its plot \(accuracy 0\.\d{3}, /,
      );
    }
    // every method with a criterion is fitted for the measure compared, demographic parity: FERM's own default is equal opportunity
    assert.deepEqual(
      comparison.methods.map((m) => [m.method, m.criterion]),
      [
        ['reweighing', undefined],
        ['threshold', 'demographic-parity'],
        ['exponentiated-gradient', 'demographic-parity'],
        ['ferm', 'demographic-parity'],
      ],
    );
    assert.equal(reports.get('threshold')!.parameters['fairness'], 'demographic-parity');
    assert.equal(reports.get('exponentiated-gradient')!.parameters['constraint'], 'demographic-parity');
    assert.equal(reports.get('ferm')!.parameters['fairness'], 'demographic-parity');
    assert.match(
      protocolNote(comparisonView(comparison)),
      / Fitted with a fairness criterion: threshold, exponentiated-gradient, ferm for demographic parity\.$/,
    );
    const ferm = reports.get('ferm')!;
    assert.ok(Math.abs(ferm.before.accuracy! - unmitigated.accuracy) > 1e-6, 'FERM’s own unconstrained learner is another model');
    assert.equal(comparison.methods.find((m) => m.method === 'ferm')!.ownBaseline, ferm.baseline);
    assert.match(
      comparisonLine(ferm)!,
      /“before” is ferm's own unmitigated model: the same .* fitted without the fairness constraint .*\. It is not the comparison's unmitigated logistic regression, the ring of its plot \(accuracy 0\.\d{3}, /,
    );
    assert.match(
      protocolNote(comparisonView(comparison)),
      /Each method’s report measures its change from the unmitigated model, except ferm's, from the same /,
    );
    // the threshold run's "after" recounted from its predictions.csv: the same held-out rows, each
    // row's probability of a positive decision (in expectation); its `draw`, from its seeded decisions
    const threshold = reports.get('threshold')!;
    const written = csvRows(threshold.files.predictions);
    assert.deepEqual(
      written.map((row) => row['id']),
      held.map((row) => row['id']),
    );
    const after = recount(written, (row) => Number(row['threshold_probability']));
    assert.ok(Math.abs(threshold.after.accuracy! - after.accuracy) < 1e-12);
    assert.ok(Math.abs(threshold.after.aggregates['demographic_parity_difference']! - after.dpd) < 1e-12);
    const drawn = recount(written, (row) => Number(row['threshold_prediction'] === '1'));
    assert.ok(Math.abs(threshold.draw!.accuracy! - drawn.accuracy) < 1e-12);
    assert.ok(Math.abs(threshold.draw!.aggregates['demographic_parity_difference']! - drawn.dpd) < 1e-12);
    // and its "before" recounted from the same file's base_score column
    const before = recount(written, (row) => Number(Number(row['base_score']) >= 0.5));
    assert.deepEqual(before, unmitigated);

    // the run's own paired interval of the accuracy change against a paired Poisson(1) bootstrap of
    // the rows written here (2000 replicates): each row's (after correct, in expectation) − (before correct)
    const differences = written.map(
      (row) =>
        (row['two_year_recid'] === '1' ? Number(row['threshold_probability']) : 1 - Number(row['threshold_probability'])) -
        Number(Number(row['base_score']) >= 0.5 === (row['two_year_recid'] === '1')),
    );
    const byHand = pairedPoissonInterval(differences, 2000);
    const engine = threshold.change!.intervals!['accuracy']!;
    assert.ok(
      Math.abs(engine[0] - byHand[0]) < 0.01 && Math.abs(engine[1] - byHand[1]) < 0.01,
      `paired accuracy change [${engine.join(', ')}] vs [${byHand.join(', ')}] by hand`,
    );

    // the report names compas.csv and the held-out share, never the comparison's score files
    assert.equal(mitigationTitle(threshold), 'threshold on compas.csv');
    const line = runLine(threshold, threshold.after);
    assert.match(line, /fitted on the comparison's base model's out-of-fold scores of the training rows of compas\.csv/);
    assert.match(
      line,
      new RegExp(`before and after both measured on the same ${held.length.toLocaleString('en-US')} rows: 30% of compas\\.csv held out at random \\(seed 0\\)`),
    );
    assert.match(columnsLine(threshold), /Score: the comparison's base model \(base_score\)/);
    const point = threshold.tradeoff.findIndex((p) => p.value === 0.05);
    const html = await renderMitigationHtml(threshold, point);
    assert.doesNotMatch(html, /scored\.csv/);
    assert.match(html, /<title>Parity mitigation: threshold on compas\.csv<\/title>/);
    // a sweep point is bootstrapped as the run's own result: its verdicts follow its own paired change
    const shown = afterChoice(threshold, point).summary;
    const pointChange = threshold.tradeoff[point]!.change!;
    assert.equal(pointChange.bootstrap!.resamples, threshold.change!.bootstrap!.resamples);
    const table = beforeAfterTable(threshold, shown);
    assert.equal(table.columns.at(-1)!.label, 'Verdict');
    const accuracyInterval = pointChange.intervals!['accuracy']!;
    const clearAccuracy = accuracyInterval[1] < 0 || accuracyInterval[0] > 0;
    // the accuracy recounted for that point's decisions is lower than before: "worse" when its paired interval is clear of 0
    const direction = shown.accuracy! < unmitigated.accuracy ? 'worse' : 'better';
    assert.equal(table.rows[0]!.cells.at(-1)!.text, clearAccuracy ? direction : 'no clear change', JSON.stringify(accuracyInterval));
    assert.doesNotMatch(beforeAfterNote(threshold, shown), /not bootstrapped/);
    assert.doesNotMatch(html, /\(no interval\)/);
    // without the point's change (an older report): the direction, said once
    const older = withUnbootstrappedSweep(threshold);
    const olderTable = beforeAfterTable(older, afterChoice(older, point).summary);
    assert.equal(olderTable.columns.at(-1)!.label, 'Direction');
    const directions = olderTable.rows.map((row) => row.cells.at(-1)!.text);
    // the overall selection rate (second row) is no fairness measure: no direction
    assert.equal(olderTable.rows[1]!.cells[0]!.text, 'Selection rate (all rows)');
    assert.equal(directions[1], '—');
    assert.ok(
      directions.filter((_, i) => i !== 1).every((d) => ['fairer', 'less fair', 'better', 'worse', 'unchanged', 'equally fair', ''].includes(d)),
      directions.join(', '),
    );
    assert.equal(directions[0], direction);
    assert.equal(beforeAfterNote(older, afterChoice(older, point).summary).match(/not bootstrapped/g)?.length, 1);
    // the run's own result has paired intervals: its verdicts follow them
    assert.equal(beforeAfterTable(threshold, threshold.after).columns.at(-1)!.label, 'Verdict');
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
    const controller = new AbortController();
    const seen: string[] = [];
    const run = runComparison(cancellableComparison(dir), runMethodInWorker, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.message);
        // cancel once both workers are busy with a method
        if (seen.filter((m) => m.endsWith(': starting')).length === 2) controller.abort();
      },
    });
    await assert.rejects(run, CancelledError);
    assert.ok(!seen.some((m) => m.endsWith('reweighing: starting')), 'no method starts after the cancellation');
    assert.equal(seen.filter((m) => m.endsWith(': done')).length, 0, 'no method finished');
    assert.deepEqual(readdirSync(dir).sort(), ['test.csv', 'train.csv'], 'no staging folder and no output folder is left beside the inputs');
  });

  it('a method still writing when another stops on the cancel: the comparison waits for it, then no staging folder is left', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-'));
    let lateWriteDone = false;
    // reweighing stops at once; threshold notices the cancel 300 ms later, after one more file into its folder
    const runner: MethodRunner = async (method, params) => {
      if (method === 'reweighing') throw new CancelledError();
      await new Promise((resolve) => setTimeout(resolve, 300));
      mkdirSync(params.out as string, { recursive: true });
      writeFileSync(path.join(params.out as string, 'decisions.csv'), 'decision\n1\n');
      lateWriteDone = true;
      throw new CancelledError();
    };
    await assert.rejects(compasRaceComparison(dir, runner), CancelledError);
    assert.equal(lateWriteDone, true, 'the comparison settled only after the method still running had stopped');
    assert.deepEqual(readdirSync(dir).sort(), ['test.csv', 'train.csv'], 'no staging folder and no output folder is left beside the inputs');
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

  it("as the language server's job, a cancel removes the staging folder (no '.out.parity-new-…' left in the folder)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-'));
    const controller = new AbortController();
    const job = runInWorker(
      {
        kind: 'compare',
        options: cancellableComparison(dir),
      },
      // cancelled once both method workers run (the slowest, exponentiated-gradient, starts first)
      { signal: controller.signal, onProgress: (p) => p.message.includes(' · grid-search: ') && controller.abort() },
    );
    await assert.rejects(job, (error: unknown) => {
      assert.ok(error instanceof JobError);
      assert.equal(error.failure.kind, 'cancelled');
      return true;
    });
    assert.deepEqual(readdirSync(dir).sort(), ['test.csv', 'train.csv'], 'only the inputs remain');
  });

  it('a cancel that has to end the threads still removes the staging folder (cold try 14: bank.csv, the threshold sweep)', async () => {
    // The threshold optimizer's sweep on UCI Bank's 45,211 rows solves its linear programs without
    // looking at the cancel for longer than the 2 s grace, so the comparison's thread is ended: no
    // catch of its own runs, and the pool removes the folder it left open.
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-ended-'));
    const controller = new AbortController();
    const job = runInWorker(
      {
        kind: 'compare',
        options: {
          train: path.join(SHARED_DATA, 'bank-full.csv.gz'),
          testFraction: 0.3,
          label: 'y',
          sensitive: ['marital'],
          methods: ['threshold'],
          fairnessMetric: 'demographic_parity_difference',
          out: path.join(dir, 'out'),
        },
      },
      { signal: controller.signal, onProgress: (p) => p.message.includes('threshold: sweep') && controller.abort() },
    );
    await assert.rejects(job, (error: unknown) => {
      assert.ok(error instanceof JobError);
      assert.equal(error.failure.kind, 'cancelled');
      assert.equal(error.failure.kind === 'cancelled' && error.failure.terminated, true, 'the thread was ended: the path under test ran');
      return true;
    });
    assert.deepEqual(readdirSync(dir), [], 'no hidden .out.parity-new-… folder left');
  });
});
