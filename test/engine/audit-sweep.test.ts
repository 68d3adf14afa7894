// The audit's one-pass algorithms over the value segments, checked against brute force written
// independently here: rows combined per key with a Map, every pair of groups compared directly,
// AUC by counting pairs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuditStatistics } from '../../server/src/engine/audit/statistics';
import { SegmentDraws } from '../../server/src/engine/audit/replicates';
import { CellSample, segmentSample, ValueSegments } from '../../server/src/engine/metrics/sample';
import { groupQuantiles, sweepSegments } from '../../server/src/engine/metrics/sweep';

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
  /** The row's weight (1 for plain rows; a segment's weight in the sweep checks). */
  weight: number;
}

/** Random rows in `cells` cells; values on a coarse grid so that ties across cells are common. */
function randomRows(random: () => number, count: number, cells: number, grid: number): Row[] {
  return Array.from({ length: count }, () => {
    const cell = Math.floor(random() * cells);
    const value = Math.round((random() * 0.6 + cell * 0.05) * grid) / grid;
    return { value, label: random() < 0.3 + 0.05 * cell ? 1 : 0, cell, weight: 1 };
  });
}

const KEYS = (cells: number) => Array.from({ length: cells }, (_, c) => [`c${c}`]);

function buildSegments(rows: readonly Row[], cells: number): ValueSegments {
  const samples = Array.from({ length: cells }, () => new CellSample(false, false));
  for (const row of rows) samples[row.cell]!.push(row.value, row.label, Number.NaN, 1);
  return segmentSample(samples, KEYS(cells), [11, 22]);
}

/** The segments as rows of their own, weighted by `weights` (brute force sees them as rows). */
function segmentRows(segments: ValueSegments, weights: ArrayLike<number>): Row[] {
  const rows: Row[] = [];
  for (let r = 0; r < segments.runValues.length; r++) {
    for (let s = segments.runStart[r]!; s < segments.runStart[r + 1]!; s++) {
      rows.push({ value: segments.runValues[r]!, label: segments.labels[s]!, cell: segments.cells[s]!, weight: weights[s]! });
    }
  }
  return rows;
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

describe('value segments', () => {
  it('combine rows per (value, cell, class), sorted by value, cell and class, like a GROUP BY', () => {
    const random = generator(11);
    const rows = randomRows(random, 3000, 5, 40);
    rows.push({ value: -0, label: 1, cell: 3, weight: 1 }, { value: 0, label: 0, cell: 1, weight: 1 }, { value: -0, label: 0, cell: 1, weight: 1 });
    rows.push({ value: 1e300, label: 1, cell: 0, weight: 1 }, { value: -1e300, label: 0, cell: 4, weight: 1 });
    const segments = buildSegments(rows, 5);
    const expected = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.value === 0 ? 0 : row.value}|${row.cell}|${row.label}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const order = [...expected.keys()]
      .map((k) => k.split('|').map(Number) as [number, number, number])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    const got = segmentRows(segments, segments.counts);
    assert.equal(got.length, order.length);
    order.forEach(([value, cell, label], i) => {
      assert.ok(got[i]!.value === value && got[i]!.cell === cell && got[i]!.label === label, `segment ${i}`);
      assert.equal(got[i]!.weight, expected.get(`${value}|${cell}|${label}`));
    });
  });

  it('handle continuous values spread over many orders of magnitude, and the all-values sort (over 65,536 distinct values)', () => {
    const random = generator(5);
    for (const count of [5000, 90_000]) {
      const values = Array.from({ length: count }, () => Math.exp(random() * 40 - 20) * (random() < 0.5 ? -1 : 1));
      const cell = new CellSample(false, false);
      values.forEach((v) => cell.push(v, 0, Number.NaN, 1));
      const segments = segmentSample([cell], [['all']], [1, 2]);
      assert.deepEqual(
        Array.from(segments.runValues),
        [...new Set(values)].sort((a, b) => a - b),
      );
    }
  });

  it('are the same, with the same key hashes and bootstrap draws, whatever order the rows came in', () => {
    const rows = randomRows(generator(8), 4000, 4, 30);
    const shuffled = [...rows];
    const random = generator(9);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    // The cells also arrive in another order: cell c of the first list is cell 3 - c of the second.
    const reversed = shuffled.map((r) => ({ ...r, cell: 3 - r.cell }));
    const a = buildSegments(rows, 4);
    const samples = Array.from({ length: 4 }, () => new CellSample(false, false));
    for (const row of reversed) samples[row.cell]!.push(row.value, row.label, Number.NaN, 1);
    const b = segmentSample(samples, KEYS(4).reverse(), [11, 22]);
    const keyed = (segments: ValueSegments, weights: ArrayLike<number>, cellName: (c: number) => number) =>
      segmentRows(segments, weights)
        .map((row, s) => `${row.value}|${cellName(row.cell)}|${row.label}|${segments.keyHashes[s]}|${row.weight}`)
        .sort();
    assert.deepEqual(
      keyed(b, b.counts, (c) => 3 - c),
      keyed(a, a.counts, (c) => c),
    );
    for (const replicate of [0, 7]) {
      assert.deepEqual(
        keyed(b, new SegmentDraws(b).draw(5, replicate), (c) => 3 - c),
        keyed(a, new SegmentDraws(a).draw(5, replicate), (c) => c),
      );
    }
  });

  it('give each group its quantiles at levels 0, 0.01, ..., 1', () => {
    const rows = randomRows(generator(3), 700, 4, 1000);
    const segments = buildSegments(rows, 4);
    const groupOfCell = Int32Array.from([0, 1, 1, 0]);
    const quantiles = groupQuantiles(segments, { groups: 2, groupOfCell });
    for (let g = 0; g < 2; g++) {
      const sorted = rows
        .filter((r) => groupOfCell[r.cell] === g)
        .map((r) => r.value)
        .sort((a, b) => a - b);
      const expected = Array.from({ length: 101 }, (_, i) => sorted[Math.floor((i * (sorted.length - 1)) / 100)]!);
      assert.deepEqual(quantiles[g], expected);
    }
  });
});

describe('one sweep over the value segments', () => {
  const cells = 6;
  const segments = buildSegments(randomRows(generator(42), 1500, cells, 50), cells);
  // Poisson-like integer weights with many zeros, as in a bootstrap replicate.
  const random = generator(7);
  const drawn = Float64Array.from({ length: segments.length }, () => Math.floor(-Math.log(1 - random()) * 1.2));
  const partitions = [
    { name: 'every cell its own group', groupOfCell: Int32Array.from([0, 1, 2, 3, 4, 5]), groups: 6 },
    { name: 'three groups of two cells', groupOfCell: Int32Array.from([2, 0, 1, 2, 0, 1]), groups: 3 },
    { name: 'two groups, two cells left out', groupOfCell: Int32Array.from([0, -1, 1, 1, -1, 0]), groups: 2 },
  ];

  // All groupings in one sweep, as the audit does: each must come out as if swept alone. The
  // point estimate (pairwise merges) and a replicate (crossing method) use different code.
  const sweeps = [
    sweepSegments(segments, partitions, { scores: true, distances: true, exactDistances: true }, segments.counts),
    sweepSegments(segments, partitions, { scores: true, distances: true, exactDistances: false }, drawn),
  ];
  partitions.forEach((partition, p) => {
    for (const weighted of [false, true]) {
      const rows = segmentRows(segments, weighted ? drawn : segments.counts);
      const weight = (r: Row) => r.weight;
      const groups = Array.from({ length: partition.groups }, (_, g) => rows.filter((r) => partition.groupOfCell[r.cell] === g));

      it(`KS and Wasserstein equal the largest pairwise distance (${partition.name}, ${weighted ? 'replicate weights' : 'counts'})`, () => {
        const result = sweeps[Number(weighted)]![p]!;
        const expected = bruteDistances(groups, weight);
        close(result.ks, expected.ks, 'ks');
        close(result.wasserstein, expected.wasserstein, 'wasserstein');
      });

      it(`AUC, Brier score and calibration error of each group match direct formulas (${partition.name}, ${weighted ? 'replicate weights' : 'counts'})`, () => {
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
      const trialRows: Row[] = Array.from({ length: 5 + Math.floor(random() * 40) }, () => ({
        value: Math.floor(random() * 6),
        label: 0,
        cell: Math.floor(random() * random() * cellCount),
        weight: 1,
      }));
      const trialSegments = buildSegments(trialRows, cellCount);
      const w = Float64Array.from({ length: trialSegments.length }, () => Math.floor(random() * 3));
      const identity = { groups: cellCount, groupOfCell: Int32Array.from({ length: cellCount }, (_, c) => c) };
      const [result] = sweepSegments(trialSegments, [identity], { scores: false, distances: true, exactDistances: false }, w);
      const rows = segmentRows(trialSegments, w);
      const groups = Array.from({ length: cellCount }, (_, g) => rows.filter((r) => r.cell === g));
      const expected = bruteDistances(groups, (r) => r.weight);
      for (const name of ['ks', 'wasserstein'] as const) {
        if (Number.isNaN(expected[name])) assert.ok(Number.isNaN(result![name]), `trial ${trial} ${name}`);
        else close(result![name], expected[name], `trial ${trial} ${name}`);
      }
    }
  });

  it('gives NaN distances when fewer than two groups have weight', () => {
    const onlyFirst = Float64Array.from({ length: segments.length }, (_, s) => (segments.cells[s] === 0 ? 1 : 0));
    const [result] = sweepSegments(segments, [partitions[0]!], { scores: false, distances: true, exactDistances: false }, onlyFirst);
    assert.ok(Number.isNaN(result!.ks) && Number.isNaN(result!.wasserstein));
  });
});

describe('statistics cells', () => {
  it('finds a combination of values again without joining strings, in order of first appearance', () => {
    const statistics = new AuditStatistics({
      task: 'dataset',
      sensitive: ['a', 'b'],
      classes: [],
      hasLabel: false,
      hasPrediction: false,
      weighted: false,
      values: false,
    });
    const first = statistics.cell(['a', 'x']);
    const second = statistics.cell(['x', 'a']);
    assert.equal(statistics.cell(['a', 'x']), first);
    assert.notEqual(second, first);
    // Joined with a separator these would collide; the tree of codes keeps them apart.
    const joined = statistics.cell(['a\u001fx', '']);
    assert.notEqual(joined, first);
    assert.deepEqual(
      statistics.cells.map((c) => c.key),
      [
        ['a', 'x'],
        ['x', 'a'],
        ['a\u001fx', ''],
      ],
    );
  });
});
