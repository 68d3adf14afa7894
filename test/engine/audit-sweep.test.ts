// The audit's one-pass algorithms over the sorted sample, checked against brute force written
// independently here: every pair of groups compared directly, AUC by counting pairs, the sort by a
// comparator over (value, cell, arrival).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuditAccumulator } from '../../server/src/engine/audit/accumulator';
import { addReplicateWeights, fillReplicateWeights, replicateWeight, rowHash } from '../../server/src/engine/metrics/bootstrap';
import { CellSample, sortSample } from '../../server/src/engine/metrics/sample';
import { ReplicateSweep, groupQuantiles, sweepSample } from '../../server/src/engine/metrics/sweep';

/** A small seeded generator for the random cases. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

interface Row {
  value: number;
  label: number;
  cell: number;
  arrival: number;
}

/** Random rows in `cells` cells; values on a coarse grid so that ties across cells are common. */
function randomRows(random: () => number, count: number, cells: number, grid: number): Row[] {
  return Array.from({ length: count }, (_, arrival) => {
    const cell = Math.floor(random() * cells);
    const value = Math.round((random() * 0.6 + cell * 0.05) * grid) / grid;
    return { value, label: random() < 0.3 + 0.05 * cell ? 1 : 0, cell, arrival };
  });
}

function buildSample(rows: readonly Row[], cells: number) {
  const samples = Array.from({ length: cells }, () => new CellSample(true));
  for (const row of rows) samples[row.cell]!.push(row.value, row.label, row.arrival);
  return sortSample(samples);
}

/** The weighted share of rows at or below t, counted directly. */
function cdf(rows: readonly Row[], weight: (r: Row) => number, t: number): number {
  let below = 0;
  let total = 0;
  for (const r of rows) {
    total += weight(r);
    if (r.value <= t) below += weight(r);
  }
  return below / total;
}

function bruteDistances(groups: Row[][], weight: (r: Row) => number): { ks: number; wasserstein: number } {
  const present = groups.filter((g) => g.reduce((s, r) => s + weight(r), 0) > 0);
  if (present.length < 2) return { ks: Number.NaN, wasserstein: Number.NaN };
  let ks = 0;
  let wasserstein = 0;
  for (let a = 0; a < present.length; a++) {
    for (let b = a + 1; b < present.length; b++) {
      const points = [...new Set([...present[a]!, ...present[b]!].map((r) => r.value))].sort((x, y) => x - y);
      let area = 0;
      points.forEach((t, k) => {
        const gap = Math.abs(cdf(present[a]!, weight, t) - cdf(present[b]!, weight, t));
        ks = Math.max(ks, gap);
        if (k + 1 < points.length) area += gap * (points[k + 1]! - t);
      });
      wasserstein = Math.max(wasserstein, area);
    }
  }
  return { ks, wasserstein };
}

/** Mann-Whitney AUC by comparing every positive with every negative (weights multiply). */
function bruteAuc(rows: readonly Row[], weight: (r: Row) => number): number {
  let concordant = 0;
  let pairs = 0;
  for (const p of rows.filter((r) => r.label === 1)) {
    for (const n of rows.filter((r) => r.label === 0)) {
      const w = weight(p) * weight(n);
      pairs += w;
      concordant += w * (p.value > n.value ? 1 : p.value === n.value ? 0.5 : 0);
    }
  }
  return concordant / pairs;
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-12, `${what}: ${actual} vs ${expected}`);
}

describe('sorted sample', () => {
  it('orders rows by value, then cell, then arrival, like a comparator sort', () => {
    const random = generator(11);
    const rows = randomRows(random, 3000, 5, 40);
    rows.push({ value: -0, label: 1, cell: 3, arrival: 3000 }, { value: 0, label: 0, cell: 1, arrival: 3001 }, { value: -0, label: 0, cell: 1, arrival: 3002 });
    rows.push({ value: 1e300, label: 1, cell: 0, arrival: 3003 }, { value: -1e300, label: 0, cell: 4, arrival: 3004 });
    const sample = buildSample(rows, 5);
    const expected = [...rows].sort((a, b) => a.value - b.value || a.cell - b.cell || a.arrival - b.arrival);
    assert.equal(sample.length, expected.length);
    expected.forEach((row, i) => {
      assert.ok(sample.values[i] === row.value, `value at ${i}`);
      assert.equal(sample.cells[i], row.cell, `cell at ${i}`);
      assert.equal(sample.flags[i], row.label, `label at ${i}`);
      assert.equal(sample.hashes![i], row.arrival, `row at ${i}`);
    });
  });

  it('handles continuous values spread over many orders of magnitude', () => {
    const random = generator(5);
    const values = Array.from({ length: 5000 }, () => Math.exp(random() * 40 - 20) * (random() < 0.5 ? -1 : 1));
    const cell = new CellSample(false);
    values.forEach((v) => cell.push(v, 0, 0));
    const sample = sortSample([cell]);
    assert.deepEqual(Array.from(sample.values), [...values].sort((a, b) => a - b));
  });

  it('gives the same order when there are too many distinct values for the hash table (all values sorted)', () => {
    // Over 65,536 distinct values and over an eighth of the rows: the fallback path.
    const random = generator(17);
    const rows: Row[] = Array.from({ length: 90_000 }, (_, arrival) => ({
      value: arrival % 9 === 0 ? 0.5 : random(),
      label: arrival % 2,
      cell: Math.floor(random() * 3),
      arrival,
    }));
    const sample = buildSample(rows, 3);
    const expected = [...rows].sort((a, b) => a.value - b.value || a.cell - b.cell || a.arrival - b.arrival);
    assert.deepEqual(Array.from(sample.hashes!), expected.map((r) => r.arrival));
    assert.deepEqual(Array.from(sample.values), expected.map((r) => r.value));
  });

  it('gives each group its quantiles at levels 0, 0.01, ..., 1', () => {
    const rows = randomRows(generator(3), 700, 4, 1000);
    const sample = buildSample(rows, 4);
    const groupOfCell = Int32Array.from([0, 1, 1, 0]);
    const quantiles = groupQuantiles(sample, { groups: 2, groupOfCell });
    for (let g = 0; g < 2; g++) {
      const sorted = rows.filter((r) => groupOfCell[r.cell] === g).map((r) => r.value).sort((a, b) => a - b);
      const expected = Array.from({ length: 101 }, (_, i) => sorted[Math.floor((i * (sorted.length - 1)) / 100)]!);
      assert.deepEqual(quantiles[g], expected);
    }
  });
});

describe('one sweep over the sorted sample', () => {
  const cells = 6;
  const rows = randomRows(generator(42), 1500, cells, 50);
  const sample = buildSample(rows, cells);
  // Poisson-like integer weights with many zeros, as in a bootstrap replicate.
  const random = generator(7);
  const rowWeight = rows.map(() => Math.floor(-Math.log(1 - random()) * 1.2));
  const weights = new Uint8Array(sample.length);
  for (let i = 0; i < sample.length; i++) weights[i] = rowWeight[sample.hashes![i]!]!;
  const partitions = [
    { name: 'every cell its own group', groupOfCell: Int32Array.from([0, 1, 2, 3, 4, 5]), groups: 6 },
    { name: 'three groups of two cells', groupOfCell: Int32Array.from([2, 0, 1, 2, 0, 1]), groups: 3 },
  ];

  // Both groupings in one sweep, as the audit does: each must come out as if swept alone. The
  // point estimate and a replicate (weights) are computed by different code.
  const wanted = { scores: true, distances: true };
  const sweeps = [sweepSample(sample, partitions, wanted), new ReplicateSweep(sample, partitions, wanted).run(weights)];
  partitions.forEach((partition, p) => {
    for (const weighted of [false, true]) {
      const weight = (r: Row) => (weighted ? rowWeight[r.arrival]! : 1);
      const groups = Array.from({ length: partition.groups }, (_, g) => rows.filter((r) => partition.groupOfCell[r.cell] === g));

      it(`KS and Wasserstein equal the largest pairwise distance (${partition.name}, ${weighted ? 'replicate weights' : 'unweighted'})`, () => {
        const result = sweeps[Number(weighted)]![p]!;
        const expected = bruteDistances(groups, weight);
        close(result.ks, expected.ks, 'ks');
        close(result.wasserstein, expected.wasserstein, 'wasserstein');
      });

      it(`AUC, Brier score and calibration error of each group match direct formulas (${partition.name}, ${weighted ? 'replicate weights' : 'unweighted'})`, () => {
        const result = sweeps[Number(weighted)]![p]!;
        groups.forEach((members, g) => {
          const metrics = result.scores![g]!;
          close(metrics.get('roc_auc'), bruteAuc(members, weight), `auc of group ${g}`);
          const total = members.reduce((s, r) => s + weight(r), 0);
          const brier = members.reduce((s, r) => s + weight(r) * (r.value - r.label) ** 2, 0) / total;
          close(metrics.get('brier_score'), brier, `brier of group ${g}`);
          let calibration = 0;
          for (let bin = 0; bin < 10; bin++) {
            const inBin = members.filter((r) => Math.min(9, Math.floor(r.value * 10)) === bin);
            calibration += Math.abs(inBin.reduce((s, r) => s + weight(r) * (r.value - r.label), 0));
          }
          close(metrics.get('expected_calibration_error'), calibration / total, `calibration of group ${g}`);
        });
      });
    }
  });

  it('replicate distances (crossing method) equal brute force on 300 small cases with tied CDFs and empty groups', () => {
    const random = generator(99);
    for (let trial = 0; trial < 300; trial++) {
      const cellCount = 2 + Math.floor(random() * 5);
      // Few distinct values and small uneven groups: groups' CDFs are often equal, and cross.
      const trialRows: Row[] = Array.from({ length: 5 + Math.floor(random() * 40) }, (_, arrival) => ({
        value: Math.floor(random() * 6),
        label: 0,
        cell: Math.floor(random() * random() * cellCount),
        arrival,
      }));
      const trialWeight = trialRows.map(() => Math.floor(random() * 3));
      const trialSample = buildSample(trialRows, cellCount);
      const w = Uint8Array.from({ length: trialSample.length }, (_, i) => trialWeight[trialSample.hashes![i]!]!);
      const identity = { groups: cellCount, groupOfCell: Int32Array.from({ length: cellCount }, (_, c) => c) };
      const [result] = new ReplicateSweep(trialSample, [identity], { scores: false, distances: true }).run(w);
      const groups = Array.from({ length: cellCount }, (_, g) => trialRows.filter((r) => r.cell === g));
      const expected = bruteDistances(groups, (r) => trialWeight[r.arrival]!);
      for (const name of ['ks', 'wasserstein'] as const) {
        if (Number.isNaN(expected[name])) assert.ok(Number.isNaN(result![name]), `trial ${trial} ${name}`);
        else close(result![name], expected[name], `trial ${trial} ${name}`);
      }
    }
  });

  it('gives NaN distances when fewer than two groups have weight', () => {
    const onlyFirst = new Uint8Array(sample.length);
    for (let i = 0; i < sample.length; i++) onlyFirst[i] = sample.cells[i] === 0 ? 1 : 0;
    const [result] = new ReplicateSweep(sample, [partitions[0]!], { scores: false, distances: true }).run(onlyFirst);
    assert.ok(Number.isNaN(result!.ks) && Number.isNaN(result!.wasserstein));
  });
});

describe('bootstrap weights in bulk', () => {
  it('are the per-row replicate weights, for counting statistics and for the sample', () => {
    const hashes = Uint32Array.from([0, 1, 12345, 0xffffffff, 0x80000000, rowHash(3, 77)]);
    const counts = new Float64Array(4 * 300);
    const sampleWeights = new Uint8Array(hashes.length);
    for (const [i, hash] of hashes.entries()) {
      counts.fill(0);
      addReplicateWeights(counts, 2, 4, hash, 300);
      for (let b = 0; b < 300; b++) {
        assert.equal(counts[b * 4 + 2], replicateWeight(hash, b));
        fillReplicateWeights(hashes, b, sampleWeights);
        assert.equal(sampleWeights[i], replicateWeight(hash, b));
      }
    }
  });
});

describe('accumulator cells', () => {
  it('finds a combination of values again without joining strings, in order of first appearance', () => {
    const accumulator = new AuditAccumulator('dataset', false, 0, 0);
    const first = accumulator.cell(['a', 'x']);
    const second = accumulator.cell(['x', 'a']);
    assert.equal(accumulator.cell(['a', 'x']), first);
    assert.notEqual(second, first);
    // Joined with a separator these would collide; the tree of codes keeps them apart.
    const joined = accumulator.cell(['a\u001fx', '']);
    assert.notEqual(joined, first);
    assert.deepEqual(accumulator.cells.map((c) => c.key), [['a', 'x'], ['x', 'a'], ['a\u001fx', '']]);
  });
});
