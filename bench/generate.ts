import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Deterministic synthetic model-output file for benchmarks: 8 groups (race-like `group`, with
 * unequal sizes), a binary `sex`, label, prediction and score, 6 numeric and 2 categorical features.
 * Group effects are built in so the audit has real disparities to find.
 */
export async function generateCsv(path: string, rows: number, seed = 1): Promise<void> {
  const out = createWriteStream(path);
  const random = mulberry32(seed);
  const groups = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7'];
  const groupCumulative = [0.4, 0.6, 0.72, 0.82, 0.9, 0.95, 0.98, 1];
  const colours = ['red', 'green', 'blue', 'amber'];
  const regions = ['north', 'south', 'east', 'west', 'centre'];
  out.write('id,group,sex,label,prediction,score,x1,x2,x3,x4,x5,x6,colour,region\n');
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const u = random();
    let g = 0;
    while (u > groupCumulative[g]!) g++;
    const sex = random() < 0.5 ? 'F' : 'M';
    const label = random() < 0.3 + 0.04 * g ? 1 : 0;
    const score = Math.min(1, Math.max(0, 0.35 * label + 0.03 * g + 0.5 * random()));
    const prediction = score >= 0.5 ? 1 : 0;
    const features = Array.from({ length: 6 }, () => (random() * 100).toFixed(3));
    lines.push(
      `${i},${groups[g]},${sex},${label},${prediction},${score.toFixed(5)},${features.join(',')},${colours[Math.floor(random() * 4)]},${regions[Math.floor(random() * 5)]}`,
    );
    if (lines.length === 10_000) {
      if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain');
      lines.length = 0;
    }
  }
  if (lines.length > 0) out.write(lines.join('\n') + '\n');
  out.end();
  await once(out, 'finish');
}

/** A small seeded PRNG (Mulberry32): the same file for the same seed on every machine. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
