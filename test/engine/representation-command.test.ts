import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import Papa from 'papaparse';
import { CancelledError, InputError } from '../../server/src/engine/errors';
import { findMitigation } from '../../server/src/methods/registry';
import { adultCsvFiles } from '../support/adult';
import { runWithFlags } from '../support/run-with-flags';

/** The first `count` data lines of a real Adult file, as a small headered CSV (the input of these runs). */
function adultSample(source: string, dir: string, name: string, count: number): string {
  const lines = readFileSync(source, 'utf8').split(/\r?\n/);
  const file = path.join(dir, name);
  writeFileSync(file, lines.slice(0, count + 1).join('\n') + '\n');
  return file;
}

function readCsv(file: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data;
}

test('mitigate representation end to end: three files, input unchanged, apply reproduces the representation', async () => {
  const command = findMitigation('representation');
  assert.ok(command?.apply, 'registered with an apply step');
  const adult = await adultCsvFiles();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parity-representation-'));
  const train = adultSample(adult.train, dir, 'train.csv', 1500);
  const test = adultSample(adult.test, dir, 'test.csv', 400);
  const inputBefore = readFileSync(test, 'utf8');
  const out = path.join(dir, 'out');
  const values = {
    train,
    test,
    tasks: 'income=>50K,hours-per-week>40',
    'transfer-task': 'age>40',
    sensitive: 'sex',
    penalty: 'sinkhorn',
    lambda: '1',
    dim: '4',
    epochs: '2',
    seed: '3',
    out,
  };
  const progress: string[] = [];
  const report = await runWithFlags(command, values, { onProgress: (p) => progress.push(p.message) });

  assert.equal(readFileSync(test, 'utf8'), inputBefore);
  const rows = readCsv(report.files.predictions);
  assert.equal(rows.length, 400);
  const heads = ['income=>50K', 'hours-per-week>40', 'age>40'];
  const added = ['z1', 'z2', 'z3', 'z4', ...heads.flatMap((task) => [`representation_p_${task}`, `representation_y_${task}`])];
  assert.deepEqual(report.columns.added, added);
  for (const row of rows) {
    for (const task of heads) {
      const probability = Number(row[`representation_p_${task}`]);
      assert.ok(probability > 0 && probability < 1);
      assert.equal(row[`representation_y_${task}`], probability >= 0.5 ? '1' : '0');
    }
  }
  const model = JSON.parse(readFileSync(report.files.model, 'utf8'));
  assert.equal(model.method, 'representation');
  assert.equal(model.params.length, 4 * model.inputs + 4 + 2 * (4 + 1));
  assert.ok(
    progress.some((message) => /epoch 2\/2, loss .*penalty/.test(message)),
    'progress names epoch, loss and penalty',
  );
  const saved = JSON.parse(readFileSync(report.files.report, 'utf8'));
  assert.equal(saved.evaluatedOn, 'test');
  assert.equal(saved.parameters.tasks.length, 2);
  assert.equal(saved.parameters.transfer.task, 'age>40');
  assert.equal(model.transfer.weights.length, 4);

  // Applying model.json to the same test file gives the same representation, heads and transfer head.
  const applied = path.join(dir, 'applied.csv');
  const result = await command.apply!(model, test, { out: applied, csv: {} }, {});
  assert.equal(result.rows, 400);
  const reproduced = readCsv(applied);
  rows.forEach((row, i) => {
    for (const name of added) assert.ok(Math.abs(Number(row[name]) - Number(reproduced[i]?.[name])) < 1e-9, `${name} row ${i}`);
  });

  // Same seed, same output.
  const again = await runWithFlags(command, { ...values, out: path.join(dir, 'again') }, {});
  assert.equal(readFileSync(again.files.predictions, 'utf8'), readFileSync(report.files.predictions, 'utf8'));
});

test('mitigate representation: a task column that does not exist is an InputError naming the file', async () => {
  const command = findMitigation('representation');
  const adult = await adultCsvFiles();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parity-representation-'));
  const train = adultSample(adult.train, dir, 'train.csv', 50);
  await assert.rejects(
    runWithFlags(command!, { train, tasks: 'salary=>50K', sensitive: 'sex', epochs: '1', out: path.join(dir, 'out') }),
    (error: unknown) => error instanceof InputError && /salary/.test(error.message) && error.message.includes(train),
  );
});

test('mitigate representation is cancellable', async () => {
  const command = findMitigation('representation');
  const adult = await adultCsvFiles();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parity-representation-'));
  const train = adultSample(adult.train, dir, 'train.csv', 600);
  const controller = new AbortController();
  const run = runWithFlags(
    command!,
    { train, tasks: 'income=>50K', sensitive: 'sex', epochs: '50', out: path.join(dir, 'out') },
    { signal: controller.signal, onProgress: (p) => (/epoch 1\//.test(p.message) ? controller.abort() : undefined) },
  );
  await assert.rejects(run, CancelledError);
});
