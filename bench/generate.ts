import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { seededRandom } from '../server/src/engine/numerics/random';

/**
 * Deterministic synthetic model-output file for benchmarks: 8 groups (race-like `group`, with
 * unequal sizes), a binary `sex`, label, prediction and score, 6 numeric and 2 categorical features.
 * Group effects are built in so the audit has real disparities to find.
 */
export async function generateCsv(path: string, rows: number, seed = 1): Promise<void> {
  const random = seededRandom(seed);
  const groups = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7'];
  const groupCumulative = [0.4, 0.6, 0.72, 0.82, 0.9, 0.95, 0.98, 1];
  const colours = ['red', 'green', 'blue', 'amber'];
  const regions = ['north', 'south', 'east', 'west', 'centre'];
  await writeCsv(path, 'id,group,sex,label,prediction,score,x1,x2,x3,x4,x5,x6,colour,region', rows, (i) => {
    const u = random();
    let g = 0;
    while (u > groupCumulative[g]!) g++;
    const sex = random() < 0.5 ? 'F' : 'M';
    const label = random() < 0.3 + 0.04 * g ? 1 : 0;
    const score = Math.min(1, Math.max(0, 0.35 * label + 0.03 * g + 0.5 * random()));
    const prediction = score >= 0.5 ? 1 : 0;
    const features = Array.from({ length: 6 }, () => (random() * 100).toFixed(3));
    return `${i},${groups[g]},${sex},${label},${prediction},${score.toFixed(5)},${features.join(',')},${colours[Math.floor(random() * 4)]},${regions[Math.floor(random() * 5)]}`;
  });
}

/** Writes the header and `rows` lines made by `line(i)`, in buffered chunks. */
async function writeCsv(path: string, header: string, rows: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  out.write(header + '\n');
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    lines.push(line(i));
    if (lines.length === 5_000) {
      if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain');
      lines.length = 0;
    }
  }
  if (lines.length > 0) out.write(lines.join('\n') + '\n');
  out.end();
  await once(out, 'finish');
}

/**
 * A wide dataset like the ones the editor diagnoses as they are edited: `columns` columns in all
 * (id, sex, race, label, then features). Features cycle through four kinds so every measure is
 * exercised: strong and weak numeric proxies of `sex`, categorical proxies of `race` (zip-code
 * like, 40 values), and independent noise (numeric and categorical decoys).
 */
export async function generateWideCsv(path: string, rows: number, columns = 50, seed = 2): Promise<void> {
  const random = seededRandom(seed);
  const features = columns - 4;
  const races = ['A', 'B', 'C', 'D'];
  const header = ['id', 'sex', 'race', 'label', ...Array.from({ length: features }, (_, j) => `f${j}`)];
  await writeCsv(path, header.join(','), rows, (i) => {
    const female = random() < 0.48 ? 1 : 0;
    const race = Math.min(3, Math.floor(random() * random() * 5));
    const label = random() < 0.2 + 0.1 * female + 0.05 * race ? 1 : 0;
    const cells = [String(i), female ? 'Female' : 'Male', races[race]!, String(label)];
    for (let j = 0; j < features; j++) {
      switch (j % 4) {
        case 0: // numeric, shifted by sex: the shift grows with j so proxies range from weak to strong
          cells.push((random() * 10 + female * (j / features) * 8).toFixed(2));
          break;
        case 1: // zip-code-like: 40 codes, 10 per race, with 30% of rows scattered at random
          cells.push(`z${random() < 0.7 ? race * 10 + Math.floor(random() * 10) : Math.floor(random() * 40)}`);
          break;
        case 2: // numeric noise
          cells.push((random() * 100).toFixed(1));
          break;
        default: // categorical noise
          cells.push(`c${Math.floor(random() * 6)}`);
      }
    }
    return cells.join(',');
  });
}

/**
 * A model-output file as small as such files get: group (4 values), a score with 5 decimals and
 * a binary label, 13 bytes a row (2,000,000 rows: 26 MB), like the file of issue 21 on which
 * `mitigate threshold` once peaked at 1 GB.
 */
export async function generateScoredCsv(path: string, rows: number, seed = 3): Promise<void> {
  const random = seededRandom(seed);
  await writeCsv(path, 'group,score,label', rows, () => {
    const group = Math.floor(random() * 4);
    const label = random() < 0.25 + 0.05 * group ? 1 : 0;
    const score = Math.min(0.99999, 0.3 * label + 0.1 * group + 0.55 * random());
    return `g${group},${score.toFixed(5)},${label}`;
  });
}
