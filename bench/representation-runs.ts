// Shared by the representation benches that choose defaults on adult.data: writing a subset of the
// training rows to CSV and running the command on a fit / validation pair of files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { rowFields, type Table } from '../server/src/engine/table/table';
import { representation } from '../server/src/methods/representation/command';
import { runWithFlags } from '../test/support/run-with-flags';
import type { TaskFigures } from '../test/support/representation-figures';

export function writeRows(table: Table, rows: readonly number[], file: string): void {
  writeFileSync(file, Papa.unparse({ fields: [...table.columns], data: rows.map((r) => rowFields(table, r).map((field) => field ?? '')) }) + '\n');
}

export interface HeadFigures {
  task: string;
  dpReduction: number;
  accuracyLoss: number;
}

export interface SplitRun {
  heads: HeadFigures[];
  transfer: TaskFigures;
  transferLower: boolean;
  seconds: number;
}

/** The Adult acceptance rule (issue 7) at the given thresholds: every head's DP gap down by ≥ dp, accuracy down by ≤ loss, transfer gap lower. */
export function meetsRule(run: Pick<SplitRun, 'heads' | 'transferLower'>, dp: number, loss: number): boolean {
  return run.transferLower && run.heads.every((h) => h.dpReduction >= dp && h.accuracyLoss <= loss);
}

/** The command on Adult's tasks (income>50K, hours-per-week>40; sensitive sex; transfer age>40), trained on `fit`, reported on `validation`. */
export async function runOnSplit(files: { fit: string; validation: string }, penalty: 'mmd' | 'sinkhorn', lambda: number, seed: number): Promise<SplitRun> {
  const out = mkdtempSync(path.join(tmpdir(), 'parity-representation-bench-'));
  const report = await runWithFlags(
    representation,
    {
      train: files.fit,
      test: files.validation,
      tasks: 'income=>50K,hours-per-week>40',
      sensitive: 'sex',
      'transfer-task': 'age>40',
      penalty,
      lambda: String(lambda),
      seed: String(seed),
      out,
    },
    {},
  );
  const parameters = report.parameters as { tasks: TaskFigures[]; transfer: TaskFigures };
  const heads = parameters.tasks.map((t) => ({
    task: t.task,
    dpReduction: 1 - t.after.demographic_parity_difference / t.before.demographic_parity_difference,
    accuracyLoss: t.before.accuracy - t.after.accuracy,
  }));
  const transferLower = parameters.transfer.after.demographic_parity_difference < parameters.transfer.before.demographic_parity_difference;
  return { heads, transfer: parameters.transfer, transferLower, seconds: report.seconds };
}

export function describeRun(label: string, run: SplitRun): string {
  const heads = run.heads.map((h) => `${h.task} DP −${(100 * h.dpReduction).toFixed(0)}%, accuracy −${(100 * h.accuracyLoss).toFixed(1)} pts`).join('; ');
  return `${label}: ${heads}; transfer lower: ${run.transferLower} (${run.seconds.toFixed(0)} s)\n`;
}
