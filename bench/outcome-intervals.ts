// What the bootstrap intervals of a mitigation's before/after cost: summarizeOutcomes on the
// real data with 0 resamples (the summary before issue 16) and with the default 200, and the
// paired change between that decision and a second cut of the same scores (outcomeChange, 200
// resamples of both decisions), in-process (no CSV reading). Each summary is timed 5 times and the median kept; the machine's load is recorded.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { medianSeconds } from './median';
import { AUDIT_DEFAULTS } from '../server/src/engine/audit/options';
import { outcomeChange } from '../server/src/engine/audit/change';
import { ClassificationOutcomes, summarizeOutcomes } from '../server/src/engine/audit/outcomes';
import { binaryColumn, numericColumn } from '../server/src/engine/table/table';
import { sensitiveGroupColumn } from '../server/src/engine/audit/sensitive-bins';
import { loadTable } from '../server/src/io/table';
import { adultBaseScores } from '../test/support/adult';

async function compas(): Promise<ClassificationOutcomes> {
  const table = await loadTable(path.resolve(__dirname, '../../examples/compas/compas-two-years.csv'), {});
  const scores = numericColumn(table, 'decile_score');
  return {
    task: 'classification',
    labels: binaryColumn(table, 'two_year_recid', '1').values,
    predictions: Uint8Array.from(scores, (s) => (s >= 5 ? 1 : 0)),
    scores,
    groups: sensitiveGroupColumn(table, ['race'], {}),
  };
}

/** The same rows decided by another cut of their scores (the "after" of the paired change). */
function recut(outcomes: ClassificationOutcomes, cut: number): ClassificationOutcomes {
  return { ...outcomes, predictions: Float64Array.from(outcomes.scores!, (s) => (s >= cut ? 1 : 0)) };
}

async function adult(): Promise<ClassificationOutcomes> {
  const { groups, labels, scores } = await adultBaseScores(['race', 'sex']);
  return { task: 'classification', labels, predictions: Uint8Array.from(scores, (p) => (p >= 0.5 ? 1 : 0)), scores, groups };
}

async function main(): Promise<void> {
  const cases = { 'compas (race, decile scores)': [await compas(), 6], 'adult test (race x sex, logistic scores)': [await adult(), 0.4] } as const;
  const results = Object.entries(cases).map(([name, [outcomes, cut]]) => ({
    name,
    rows: summarizeOutcomes(outcomes, { bootstrap: 0 }).rows,
    groups: summarizeOutcomes(outcomes, { bootstrap: 0 }).groups.length,
    pointSeconds: medianSeconds(() => summarizeOutcomes(outcomes, { bootstrap: 0 })),
    bootstrapSeconds: medianSeconds(() => summarizeOutcomes(outcomes, { bootstrap: AUDIT_DEFAULTS.bootstrap })),
    pairedChangeSeconds: (() => {
      const after = recut(outcomes, cut);
      const summaries = { before: summarizeOutcomes(outcomes, { bootstrap: 0 }), after: summarizeOutcomes(after, { bootstrap: 0 }) };
      return medianSeconds(() => outcomeChange({ before: outcomes, after }, summaries, { bootstrap: AUDIT_DEFAULTS.bootstrap }));
    })(),
  }));
  const report = {
    machine: 'this 2-core / 24 GiB machine, Node 20',
    loadAverage: Math.round(loadavg()[0]! * 10) / 10,
    resamples: AUDIT_DEFAULTS.bootstrap,
    results,
  };
  writeFileSync(path.resolve(__dirname, '../../bench/outcome-intervals-results.json'), JSON.stringify(report, null, 2) + '\n');
  for (const r of results)
    process.stdout.write(
      `${r.name}: ${r.rows} rows, ${r.groups} groups: summary ${r.pointSeconds} s, with ${AUDIT_DEFAULTS.bootstrap} resamples ${r.bootstrapSeconds} s, paired change ${r.pairedChangeSeconds} s\n`,
    );
}

void main();
