// Planted proxies of known strength and decoys. For a balanced binary attribute and a copy of it
// with a fraction p of rows flipped, phi = Cramér's V = 1 - 2p and the AUC of the copy is 1 - p;
// for a numeric column shifted by d standard deviations between the groups, AUC = Phi(d / sqrt 2).
// Those theoretical figures (n = 4000, sampling error about 0.015) set the expected severities
// under the default thresholds (strong: AUC >= 0.75 or V >= 0.5; moderate: AUC >= 0.65 or V >= 0.3).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CancelledError } from '../../server/src/engine/errors';
import { analyzeTable } from '../../server/src/engine/leakage/analyze';
import { analyzeLeakage } from '../../server/src/services/leakage';
import { seededRandom } from '../../server/src/engine/numerics/random';
import { reservoirSample } from '../../server/src/io/reservoir';
import { tableFromRows, tableRows, type Table } from '../../server/src/engine/table/table';

function plantedTable(n: number, seed: number): Table {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const flip = (value: string, p: number) => (random() < p ? (value === 'F' ? 'M' : 'F') : value);
  const columns = ['id', 'row_number', 'sex', 'title', 'hobby', 'height', 'noise', 'colour', 'income'];
  const rows = Array.from({ length: n }, (_, i) => {
    const sex = random() < 0.5 ? 'F' : 'M';
    return [
      `u${(i * 7919) % 100003}`, // identifier, unique per row
      String(i + 1), // numeric identifier
      sex,
      flip(sex, 0.1) === 'F' ? 'Ms' : 'Mr', // strong proxy: V 0.8, AUC 0.9
      flip(sex, 0.3) === 'F' ? 'yoga' : 'rugby', // moderate proxy: V 0.4, AUC 0.7
      ((sex === 'F' ? 0 : 2) + gaussian()).toFixed(3), // strong numeric proxy: AUC Phi(sqrt 2) = 0.92
      random().toFixed(4), // independent noise
      ['red', 'green', 'blue', 'grey', 'pink'][Math.floor(random() * 5)]!, // independent category
      random() < 0.3 ? '>50K' : '<=50K',
    ];
  });
  return tableFromRows(
    'planted.csv',
    columns,
    rows,
    rows.map((_, i) => i + 2),
  );
}

describe('planted proxies and decoys', () => {
  const result = analyzeTable(plantedTable(4000, 11), { sensitive: ['sex'], label: 'income', seed: 3, joint: false });
  const figures = (column: string) => result.columns.find((c) => c.column === column && c.sensitive === 'sex')!;

  it('flags every planted proxy with the severity its theoretical strength implies, and no decoy', () => {
    const flagged = Object.fromEntries(result.flagged.map((f) => [f.column, f.severity]));
    assert.deepEqual(flagged, { title: 'strong', height: 'strong', hobby: 'moderate' });
    assert.ok(!result.candidates.includes('income'), 'the label is not a candidate');
  });

  it('measures the planted strengths close to theory', () => {
    const near = (value: number | null, expected: number, tolerance: number, what: string) =>
      assert.ok(value !== null && Math.abs(value - expected) < tolerance, `${what}: ${value} vs ${expected}`);
    near(figures('title').cramersV, 0.8, 0.05, 'title V');
    near(figures('title').auc, 0.9, 0.03, 'title AUC');
    near(figures('hobby').cramersV, 0.4, 0.05, 'hobby V');
    near(figures('hobby').auc, 0.7, 0.03, 'hobby AUC');
    near(figures('height').auc, 0.921, 0.03, 'height AUC (10 bins lose a little)');
  });

  it('does not flag an identifier although its plug-in V is 1: out of sample it predicts nothing', () => {
    const id = figures('id');
    assert.equal(id.cramersVPlugIn, 1);
    assert.ok(id.nmi > 0.25, `plug-in NMI ${id.nmi}`); // sqrt(ln 2 / ln 4000) = 0.29 for a balanced attribute
    assert.equal(id.cramersV, 0);
    assert.equal(id.auc, 0.5); // every held-out id is unseen: all rows get the prior, all tied
    assert.equal(id.severity, null);
    for (const decoy of ['row_number', 'noise', 'colour']) {
      assert.ok(Math.abs(figures(decoy).auc - 0.5) < 0.04 && figures(decoy).cramersV < 0.1, `${decoy}: ${JSON.stringify(figures(decoy))}`);
    }
  });

  it('gives eta only for numeric columns', () => {
    assert.equal(figures('title').eta, null);
    // eta of (0 or 2) + N(0,1): between variance 1, total 2, so sqrt(1/2)
    assert.ok(Math.abs(figures('height').eta! - Math.SQRT1_2) < 0.03, `${figures('height').eta}`);
  });
});

describe('reservoir sample', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-leakage-'));
  const file = path.join(dir, 'rows.csv');
  writeFileSync(file, 'index,value\n' + Array.from({ length: 1000 }, (_, i) => `${i},${i % 7}`).join('\n') + '\n');

  it('keeps the requested number of rows, in file order, with their lines, and reports the total', async () => {
    const sample = await reservoirSample(file, {}, 100, 5);
    const sampled = tableRows(sample);
    assert.equal(sampled.length, 100);
    assert.equal(sample.totalRows, 1000);
    const indices = sampled.map((row) => Number(row[0]));
    assert.deepEqual(
      indices,
      [...indices].sort((a, b) => a - b),
    );
    sampled.forEach((row, i) => assert.equal(sample.lines.at(i), Number(row[0]) + 2));
    assert.deepEqual(tableRows(await reservoirSample(file, {}, 100, 5)), sampled, 'same seed, same sample');
    assert.notDeepEqual(tableRows(await reservoirSample(file, {}, 100, 6)), sampled, 'another seed, another sample');
    assert.equal((await reservoirSample(file, {}, 5000, 5)).rowCount, 1000);
  });

  it('keeps early and late rows equally often (each with probability 100/1000)', async () => {
    const runs = 200;
    let early = 0;
    let late = 0;
    for (let seed = 0; seed < runs; seed++) {
      for (const row of tableRows(await reservoirSample(file, {}, 100, seed))) {
        const index = Number(row[0]);
        if (index < 100) early++;
        else if (index >= 900) late++;
      }
    }
    // Expected 0.1 * 100 * 200 = 2000 each; the standard deviation is about 42.
    assert.ok(Math.abs(early - 2000) < 200 && Math.abs(late - 2000) < 200, `early ${early}, late ${late}`);
  });
});

describe('cancellation', () => {
  it('stops with CancelledError when the signal is aborted', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-leakage-'));
    const file = path.join(dir, 'small.csv');
    writeFileSync(file, 'sex,title\nF,Ms\nM,Mr\nF,Ms\nM,Mr\n');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(analyzeLeakage(file, { sensitive: ['sex'] }, { signal: controller.signal }), CancelledError);
    assert.throws(() => analyzeTable(plantedTable(200, 1), { sensitive: ['sex'] }, { signal: controller.signal }), CancelledError);
  });
});
